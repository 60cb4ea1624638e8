import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { testIds } from '../../testIds';
import { formatMiB, formatPercent, formatPower, formatTemperature } from '../../utils/format';
import type { GpuLatest } from './metrics-frames';
import { getTableStyles } from './table-styles';
import type { DeviceDetail } from './types';

interface Props {
  device: DeviceDetail;
  /** The newest reading per GPU index; undefined while it loads. */
  latest: Map<number, GpuLatest> | undefined;
}

/** The device's GPUs with their newest reading. */
export function GpuTable({ device, latest }: Props) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const gpus = [...device.gpus].sort((a, b) => a.index - b.index);
  return (
    <section
      className={styles.card}
      aria-labelledby="device-gpus"
      data-testid={testIds.device.gpuTable}
    >
      <h2 id="device-gpus" className={styles.heading}>
        GPUs
      </h2>
      {gpus.length === 0 ? (
        <Text color="secondary">
          {device.status === 'pending'
            ? 'The GPUs are listed once the device is enrolled.'
            : 'This device reported no GPUs.'}
        </Text>
      ) : (
        <div className={table.scroll}>
          <table className={table.table}>
            <caption className={table.caption}>
              GPUs of this device and their newest reading
            </caption>
            <thead>
              <tr>
                <th scope="col">GPU</th>
                <th scope="col">Model</th>
                <th scope="col" className={table.numeric}>
                  Memory used
                </th>
                <th scope="col" className={table.numeric}>
                  Temperature
                </th>
                <th scope="col" className={table.numeric}>
                  Power
                </th>
                <th scope="col">Utilisation</th>
                <th scope="col" className={table.numeric}>
                  Fan
                </th>
              </tr>
            </thead>
            <tbody>
              {gpus.map((gpu) => (
                <GpuRow
                  key={gpu.index}
                  gpu={gpu}
                  latest={latest && (latest.get(gpu.index) ?? {})}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface RowProps {
  gpu: DeviceDetail['gpus'][number];
  latest: GpuLatest | undefined;
}

function GpuRow({ gpu, latest }: RowProps) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const value = (text: (latest: GpuLatest) => string) =>
    latest ? text(latest) : <Skeleton width={48} />;
  return (
    <tr>
      <th scope="row" className={styles.gpuIndex}>
        #{gpu.index}
      </th>
      <td title={gpu.uuid}>{gpu.model}</td>
      <td className={table.numeric}>
        {value((l) =>
          l.memory === undefined
            ? `— / ${formatMiB(gpu.memoryTotalMiB)}`
            : `${formatMiB(l.memory)} / ${formatMiB(gpu.memoryTotalMiB)}`,
        )}
      </td>
      <td className={cx(table.numeric, latest && temperatureClass(styles, latest.temperature))}>
        {value((l) => formatTemperature(l.temperature))}
      </td>
      <td className={table.numeric}>{value((l) => formatPower(l.power))}</td>
      <td>{latest ? <UtilisationBar percent={latest.utilization} /> : <Skeleton width={96} />}</td>
      <td className={table.numeric}>{value((l) => formatPercent(l.fan))}</td>
    </tr>
  );
}

function temperatureClass(styles: ReturnType<typeof getStyles>, celsius: number | undefined) {
  if (celsius === undefined) return undefined;
  if (celsius >= 85) return styles.hot;
  if (celsius >= 75) return styles.warm;
  return undefined;
}

function UtilisationBar({ percent }: { percent: number | undefined }) {
  const styles = useStyles2(getStyles);
  return (
    <span className={styles.utilisation}>
      <span className={styles.track} aria-hidden>
        <span
          className={styles.fill}
          style={{ width: `${Math.min(100, Math.max(0, percent ?? 0))}%` }}
        />
      </span>
      <span className={styles.percent}>{formatPercent(percent)}</span>
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    minWidth: 0,
  }),
  heading: css({ fontSize: theme.typography.h5.fontSize, margin: theme.spacing(0, 0, 1.5) }),
  gpuIndex: css({ '&&': { background: 'none', color: theme.colors.text.secondary } }),
  warm: css({ color: theme.colors.warning.text }),
  hot: css({ color: theme.colors.error.text }),
  utilisation: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(1) }),
  track: css({
    width: 64,
    height: 6,
    borderRadius: 3,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    overflow: 'hidden',
  }),
  fill: css({ display: 'block', height: '100%', background: theme.colors.primary.main }),
  percent: css({ minWidth: 40, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
});
