import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { getTableStyles } from '../../components/DataTable/table-styles';
import { Section } from '../../components/Section/Section';
import { UtilizationBar } from '../../components/UtilizationBar/UtilizationBar';
import { visuallyHidden } from '../../styles/visually-hidden';
import { testIds } from '../../testIds';
import { formatMiB, formatPercent, formatPower, formatTemperature } from '../../utils/format';
import type { GpuLatest } from './metrics-frames';
import type { DeviceDetail } from './types';
import { temperatureLevel } from '../../utils/temperature';

interface Props {
  device: DeviceDetail;
  /** The newest reading per GPU index; undefined while it loads. */
  latest: Map<number, GpuLatest> | undefined;
}

/** The device's GPUs with their newest reading. */
export function GpuTable({ device, latest }: Props) {
  const table = useStyles2(getTableStyles);
  const gpus = [...device.gpus].sort((a, b) => a.index - b.index);
  return (
    <Section title="GPUs" variant="compact" testId={testIds.device.gpuTable}>
      {gpus.length === 0 ? (
        <Text color="secondary">
          {device.status === 'pending'
            ? 'The GPUs are listed once the device is enrolled.'
            : 'This device reported no GPUs.'}
        </Text>
      ) : (
        <div className={table.scroll}>
          <table className={cx(table.table, table.compact)}>
            <caption className={visuallyHidden}>
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
    </Section>
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
      <td>{latest ? <UtilizationBar percent={latest.utilization} /> : <Skeleton width={96} />}</td>
      <td className={table.numeric}>{value((l) => formatPercent(l.fan))}</td>
    </tr>
  );
}

function temperatureClass(styles: ReturnType<typeof getStyles>, celsius: number | undefined) {
  const level = temperatureLevel(celsius);
  return level === 'ok' ? undefined : styles[level];
}

const getStyles = (theme: GrafanaTheme2) => ({
  gpuIndex: css({ '&&': { background: 'none', color: theme.colors.text.secondary } }),
  warm: css({ color: theme.colors.warning.text }),
  hot: css({ color: theme.colors.error.text }),
});
