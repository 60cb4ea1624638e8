import React, { type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Text, useStyles2 } from '@grafana/ui';
import { Section } from '../../components/Section/Section';
import { insetBox } from '../../styles/boxes';
import { formatDateTime, formatTemperature } from '../../utils/format';
import { isHeadroomLow } from '../../utils/temperature';
import { formatPcieLink, NOT_REPORTED, reported } from './gpu-health';
import { ThrottleShares } from './ThrottleShares';
import type { GpuHealth } from './types';
import { XidList } from './XidList';

interface Props {
  gpu: GpuHealth;
  timeZone: string;
}

/** One GPU's health: its figures now, its throttling over the day, its latest Xid errors. */
export function GpuHealthCard({ gpu, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const description = [gpu.model, `newest sample ${formatDateTime(gpu.sampledAt, timeZone)}`]
    .filter(Boolean)
    .join(' · ');
  return (
    <Section title={`GPU #${gpu.index}`} description={description} variant="compact">
      <div className={styles.body}>
        <GpuFigures gpu={gpu} />
        <div>
          <Text element="h3" variant="h6">
            Throttled in the last 24 h
          </Text>
          <ThrottleShares throttled={gpu.throttled} />
        </div>
        <div>
          <Text element="h3" variant="h6">
            Latest Xid errors
            {gpu.xid.sinceBoot !== null && (
              <Text variant="bodySmall" color="secondary">
                {` · ${gpu.xid.sinceBoot} since boot`}
              </Text>
            )}
          </Text>
          <XidList xids={gpu.xid.latest} />
        </div>
      </div>
    </Section>
  );
}

function GpuFigures({ gpu }: { gpu: GpuHealth }) {
  const styles = useStyles2(getStyles);
  const { pcie } = gpu;
  const headroomLow = isHeadroomLow(gpu.thermalHeadroomC);
  return (
    <dl className={styles.figures}>
      <Figure
        label="Thermal headroom"
        value={reported(gpu.thermalHeadroomC, formatTemperature)}
        color={headroomLow ? 'warning' : undefined}
        flag={headroomLow && <Badge color="orange" icon="fire" text="Low" />}
      />
      <Figure
        label="Memory temperature"
        value={reported(gpu.memoryTemperatureC, formatTemperature)}
      />
      <Figure
        label="PCIe link"
        value={formatPcieLink(pcie.gen, pcie.width) ?? NOT_REPORTED}
        hint={linkHint(pcie)}
        flag={
          pcie.belowMax === true && (
            <Badge color="orange" icon="exclamation-triangle" text="Below max" />
          )
        }
      />
      <Figure label="Performance state" value={reported(gpu.pstate, (state) => `P${state}`)} />
      <Figure
        label="Remapped rows"
        value={reported(gpu.remappedRowsUncorrectable, String)}
        hint="for uncorrectable memory errors"
      />
    </dl>
  );
}

function linkHint(pcie: GpuHealth['pcie']): string | undefined {
  const max = formatPcieLink(pcie.genMax, pcie.widthMax);
  if (!max) return undefined;
  return pcie.belowMax ? `max ${max}: check the seating, slot and riser` : `max ${max}`;
}

interface FigureProps {
  label: string;
  value: string;
  hint?: string;
  color?: 'warning';
  /** A badge beside the value that says what is wrong (colour alone says nothing to some). */
  flag?: ReactNode;
}

function Figure({ label, value, hint, color, flag }: FigureProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.figure}>
      <dt>
        <Text variant="bodySmall" color="secondary">
          {label}
        </Text>
      </dt>
      <dd className={styles.value}>
        <Text variant="h5" element="span" color={color}>
          {value}
        </Text>
        {flag}
      </dd>
      {hint && (
        <dd className={styles.hint}>
          <Text variant="bodySmall" color="secondary">
            {hint}
          </Text>
        </dd>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  figures: css({
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
    gap: theme.spacing(1),
  }),
  figure: css({ ...insetBox(theme), padding: theme.spacing(1, 1.5), minWidth: 0 }),
  value: css({
    margin: 0,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5, 1),
  }),
  hint: css({ margin: 0 }),
});
