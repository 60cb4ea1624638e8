import React, { useState } from 'react';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { UptimeBar, type UptimeRange } from '../../components/UptimeBar/UptimeBar';
import { testIds } from '../../testIds';

/** The device's daily uptime over the last 30 or 90 days. */
export function DeviceUptime({ deviceId }: { deviceId: string }) {
  const [range, setRange] = useState<UptimeRange>(30);
  const uptime = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.devices[':id'].uptime.$get(
          { param: { id: deviceId }, query: { days: range } },
          { init: { signal } },
        ),
      ),
    [deviceId, range],
  );
  if (uptime.error && !uptime.data) {
    return (
      <ApiErrorAlert
        error={uptime.error}
        title="Could not load the uptime"
        onRetry={uptime.reload}
      />
    );
  }
  // While another period loads, the old one's bars would sit under the new label.
  const days = uptime.data?.days.length === range ? uptime.data.days : undefined;
  return (
    <UptimeBar
      days={days}
      range={range}
      onRangeChange={setRange}
      testId={testIds.device.uptimeBar}
    />
  );
}
