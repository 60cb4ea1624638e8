import React from 'react';
import { css } from '@emotion/css';
import { Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { testIds } from '../../testIds';
import { ServiceHistoryRow } from './ServiceHistoryRow';

const HOURS = 24;

interface Props {
  deviceId: string;
  timeZone: string;
}

function HowToWatch() {
  const styles = useStyles2(getStyles);
  return (
    <Text variant="bodySmall" color="secondary">
      The collector reports docker, the API and the NVIDIA driver. Watch more with{' '}
      <code className={styles.command}>--watch systemd:ray-worker,container:job-runtime</code> (or{' '}
      <code>windows:NAME</code>), or a <code>watch</code> list in its config file, and restart it.
    </Text>
  );
}

/** Each service's up/down history over 24 h. Loaded when the tab opens: it reads a day. */
export function ServicesTab({ deviceId, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const history = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.devices[':id'].services.$get(
          { param: { id: deviceId }, query: { hours: HOURS } },
          { init: { signal } },
        ),
      ),
    [deviceId],
  );
  const { data, error, reload } = history;
  if (error && !data) {
    return <ApiErrorAlert error={error} title="Could not load the services" onRetry={reload} />;
  }
  return (
    <Section
      title="Services over 24 h"
      variant="compact"
      testId={testIds.device.serviceHistory}
      description={<HowToWatch />}
    >
      {!data ? (
        <Skeleton count={3} height={48} />
      ) : data.services.length === 0 ? (
        <Text color="secondary">No service reported in the last 24 h.</Text>
      ) : (
        <ul className={styles.list}>
          {data.services.map((service) => (
            <ServiceHistoryRow
              key={service.name}
              service={service}
              from={data.from}
              to={data.to}
              timeZone={timeZone}
            />
          ))}
        </ul>
      )}
    </Section>
  );
}

const getStyles = () => ({
  list: css({ listStyle: 'none', margin: 0, padding: 0, minWidth: 0 }),
  // A phone is narrower than the command: it wraps at its commas rather than widening the page.
  command: css({ whiteSpace: 'normal', overflowWrap: 'anywhere' }),
});
