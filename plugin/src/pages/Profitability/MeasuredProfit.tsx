import React, { useState } from 'react';
import { cx } from '@emotion/css';
import { EmptyState, LinkButton, RadioButtonGroup, TextLink, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import type { Device } from '../../api/client';
import type { RequestState } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getTableStyles } from '../../components/DataTable/table-styles';
import { Section } from '../../components/Section/Section';
import { prefixRoute, ROUTES } from '../../constants';
import { testIds } from '../../testIds';
import { DeviceProfitRow } from './DeviceProfitRow';
import { getProfitabilityStyles } from './styles';

const WINDOWS = [
  { label: '7 days', value: 7 },
  { label: '30 days', value: 30 },
];

/** Each device's profit from its measured power and its earnings. */
export function MeasuredProfit({ devices }: { devices: RequestState<{ devices: Device[] }> }) {
  const styles = useStyles2(getProfitabilityStyles);
  const [days, setDays] = useState(7);
  const { settings } = useMe();
  return (
    <Section
      title="Measured profit per device"
      description={`Earnings and measured power over the last ${days} days, per day. Downtime counts: a day without jobs lowers the figures as it lowers your income.`}
      actions={
        <RadioButtonGroup
          aria-label="Measurement window"
          options={WINDOWS}
          value={days}
          onChange={setDays}
        />
      }
      testId={testIds.profitability.measured}
    >
      {!settings.solPrice && (
        <p className={styles.note}>
          Revenue is shown in SOL. To see revenue and profit in {settings.currency}, set a SOL price
          in{' '}
          <TextLink href={prefixRoute(ROUTES.Settings)} inline variant="bodySmall">
            Settings
          </TextLink>
          .
        </p>
      )}
      <DevicesTable devices={devices} days={days} />
    </Section>
  );
}

function DevicesTable({
  devices,
  days,
}: {
  devices: RequestState<{ devices: Device[] }>;
  days: number;
}) {
  const table = useStyles2(getTableStyles);
  if (devices.error && !devices.data) {
    return (
      <ApiErrorAlert
        error={devices.error}
        title="Could not load your devices"
        onRetry={devices.reload}
      />
    );
  }
  if (!devices.data) return <Skeleton height={48} count={2} />;
  if (devices.data.devices.length === 0) {
    return (
      <EmptyState
        variant="call-to-action"
        message="No devices yet — add one to measure its profit"
        button={
          <LinkButton href={prefixRoute(ROUTES.AddDevice)} icon="plus">
            Add a device
          </LinkButton>
        }
      />
    );
  }
  return (
    <div className={table.frame}>
      <table className={cx(table.table, table.alignTop)}>
        <thead>
          <tr>
            <th scope="col">Device and basis</th>
            <th scope="col" className={table.numeric}>
              Revenue per day
            </th>
            <th scope="col" className={table.numeric}>
              Energy per day
            </th>
            <th scope="col" className={table.numeric}>
              Power cost per day
            </th>
            <th scope="col" className={table.numeric}>
              Profit per day
            </th>
          </tr>
        </thead>
        <tbody>
          {devices.data.devices.map((device) => (
            <DeviceProfitRow key={device.id} device={device} days={days} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
