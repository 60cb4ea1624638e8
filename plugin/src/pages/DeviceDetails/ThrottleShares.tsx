import React from 'react';
import { css } from '@emotion/css';
import { VizOrientation, type GrafanaTheme2 } from '@grafana/data';
import { BarGaugeDisplayMode, BarGaugeValueMode } from '@grafana/schema';
import { BarGauge, useStyles2, useTheme2 } from '@grafana/ui';
import { formatShare, THROTTLE_REASONS, throttleColor, type ThrottleReason } from './gpu-health';
import type { GpuHealth } from './types';

const BAR_WIDTH = 96;
const BAR_HEIGHT = 10;

/** The share of the last 24 h that each reason held the GPU's clocks back. */
export function ThrottleShares({ throttled }: { throttled: GpuHealth['throttled'] }) {
  const styles = useStyles2(getStyles);
  return (
    <dl className={styles.list}>
      {THROTTLE_REASONS.map(({ reason, label }) => {
        const share = throttled[reason];
        return (
          <div key={reason} className={styles.row}>
            <dt className={styles.label}>{label}</dt>
            <dd className={styles.bar}>
              {share !== null && <ShareBar reason={reason} share={share} />}
            </dd>
            <dd className={styles.value}>{formatShare(share)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** Decoration only: the percentage beside it is what a screen reader reads. */
function ShareBar({ reason, share }: { reason: ThrottleReason; share: number }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const color = theme.visualization.getColorByName(throttleColor(reason, share));
  return (
    <div aria-hidden className={styles.track}>
      <BarGauge
        theme={theme}
        width={BAR_WIDTH}
        height={BAR_HEIGHT}
        field={{ min: 0, max: 1 }}
        value={{ numeric: share, text: formatShare(share), color }}
        orientation={VizOrientation.Horizontal}
        displayMode={BarGaugeDisplayMode.Basic}
        valueDisplayMode={BarGaugeValueMode.Hidden}
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ margin: 0, display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  row: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  label: css({ flex: 1, minWidth: 0, fontWeight: theme.typography.fontWeightRegular }),
  bar: css({ margin: 0, width: BAR_WIDTH, flexShrink: 0 }),
  // BarGauge draws no unfilled part once its value is hidden: the track shows the whole day.
  track: css({
    background: theme.colors.background.canvas,
    borderRadius: theme.shape.radius.default,
    overflow: 'hidden',
  }),
  value: css({
    margin: 0,
    minWidth: 56,
    textAlign: 'right',
    fontVariantNumeric: 'tabular-nums',
  }),
});
