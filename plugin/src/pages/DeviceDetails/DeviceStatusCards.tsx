import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Icon, Text, useStyles2 } from '@grafana/ui';
import { Section } from '../../components/Section/Section';
import { testIds } from '../../testIds';
import { formatAgo, formatBytes, formatDateTime } from '../../utils/format';
import type { DeviceDetail } from './types';

interface Props {
  device: DeviceDetail;
  timeZone: string;
  now: number;
}

/** The host's network rates and counters. */
export function TrafficCard({ device }: Pick<Props, 'device'>) {
  const styles = useStyles2(getStyles);
  const { traffic } = device;
  return (
    <Section title="Traffic" variant="compact" testId={testIds.device.traffic}>
      <dl className={styles.traffic}>
        <TrafficFigure
          icon="arrow-down"
          label="Received"
          rate={traffic.rxBytesPerSec}
          total={traffic.rxTotal}
        />
        <TrafficFigure
          icon="arrow-up"
          label="Transmitted"
          rate={traffic.txBytesPerSec}
          total={traffic.txTotal}
        />
      </dl>
    </Section>
  );
}

interface FigureProps {
  icon: 'arrow-down' | 'arrow-up';
  label: string;
  rate: number | null;
  total: number | null;
}

function TrafficFigure({ icon, label, rate, total }: FigureProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.figure}>
      <dt>
        <Text variant="bodySmall" color="secondary">
          <Icon name={icon} size="sm" /> {label}
        </Text>
      </dt>
      <dd className={styles.rate}>{formatBytes(rate, '/s')}</dd>
      <dd className={styles.total}>
        <Text variant="bodySmall" color="secondary">
          {total === null ? 'no data yet' : `${formatBytes(total)} in total`}
        </Text>
      </dd>
    </div>
  );
}

/** What the collector checks on the host (docker, the job agent…), up or down. */
export function ServicesCard({ device, timeZone, now }: Props) {
  const styles = useStyles2(getStyles);
  const services = [...device.services].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Section title="Connected services" variant="compact" testId={testIds.device.services}>
      {services.length === 0 ? (
        <Text color="secondary" variant="bodySmall">
          No services reported yet.
        </Text>
      ) : (
        <ul className={styles.services}>
          {services.map((service) => (
            <li key={service.name} className={styles.service}>
              <Text weight="medium">{service.name}</Text>
              <span
                className={styles.checked}
                title={`Checked ${formatDateTime(service.checkedAt, timeZone)}`}
              >
                <Text variant="bodySmall" color="secondary">
                  {formatAgo(service.checkedAt, now)}
                </Text>
              </span>
              {service.up ? (
                <Badge color="green" icon="check" text="Up" />
              ) : (
                <Badge color="red" icon="times" text="Down" />
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  traffic: css({
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    gap: theme.spacing(2),
    margin: 0,
  }),
  figure: css({ display: 'flex', flexDirection: 'column', gap: 2, dd: { margin: 0 } }),
  rate: css({ fontSize: theme.typography.h3.fontSize, fontVariantNumeric: 'tabular-nums' }),
  total: css({}),
  services: css({ listStyle: 'none', margin: 0, padding: 0 }),
  service: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.75, 0),
    '& + &': { borderTop: `1px solid ${theme.colors.border.weak}` },
  }),
  checked: css({ marginLeft: 'auto' }),
});
