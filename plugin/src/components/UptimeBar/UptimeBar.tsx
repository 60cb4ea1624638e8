import React, { useRef, useState } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Popover, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { Section } from '../Section/Section';
import {
  describeDay,
  formatRatio,
  summarizeUptime,
  UPTIME_THRESHOLDS,
  uptimeLevel,
  type UptimeDay,
  type UptimeLevel,
} from './uptime';

export type UptimeRange = 30 | 90;

const RANGE_OPTIONS: Array<{ label: string; value: UptimeRange }> = [
  { label: '30 days', value: 30 },
  { label: '90 days', value: 90 },
];

interface Props {
  /** Oldest first; undefined while loading. */
  days: readonly UptimeDay[] | undefined;
  range: UptimeRange;
  onRangeChange: (range: UptimeRange) => void;
  testId?: string;
}

/** One thin bar per day coloured by the share of the day the device reported. */
export function UptimeBar({ days, range, onRangeChange, testId }: Props) {
  const styles = useStyles2(getStyles);
  const summary = days ? summarizeUptime(days) : undefined;
  return (
    <Section
      title="Uptime"
      variant="compact"
      testId={testId}
      description={
        summary === undefined ? (
          <Skeleton width={160} />
        ) : summary.ratio === null ? (
          'No data yet for this period'
        ) : (
          <>
            <strong className={styles.overall}>{formatRatio(summary.ratio)}</strong> over{' '}
            {summary.trackedDays} {summary.trackedDays === 1 ? 'day' : 'days'}
            {summary.incidentDays > 0 &&
              ` · ${summary.incidentDays} ${summary.incidentDays === 1 ? 'day' : 'days'} below ${formatRatio(UPTIME_THRESHOLDS.up)}`}
          </>
        )
      }
      actions={
        <RadioButtonGroup
          size="sm"
          options={RANGE_OPTIONS}
          value={range}
          onChange={onRangeChange}
          aria-label="Uptime period"
        />
      }
    >
      <div className={styles.body}>
        {/* Keyed by length: a new period starts with today focused. */}
        {days ? (
          <DayBars key={days.length} days={days} />
        ) : (
          <Skeleton height={32} containerTestId="uptime-loading" />
        )}
        <div className={styles.footer}>
          <Text variant="bodySmall" color="secondary">
            {range} days ago
          </Text>
          <Legend />
          <Text variant="bodySmall" color="secondary">
            Today
          </Text>
        </div>
      </div>
    </Section>
  );
}

/**
 * The bars are one tab stop; arrow keys move between days (a roving tabindex). One Popover
 * serves every bar: Grafana's Tooltip would make each of the 90 bars a tab stop of its own.
 */
function DayBars({ days }: { days: readonly UptimeDay[] }) {
  const styles = useStyles2(getStyles);
  const [active, setActive] = useState(days.length - 1);
  const [shown, setShown] = useState<number>();
  const refs = useRef<Array<HTMLSpanElement | null>>([]);
  const current = Math.min(active, days.length - 1);
  const shownDay = shown === undefined ? undefined : days[shown];
  const shownElement = shown === undefined ? undefined : refs.current[shown];

  const focusDay = (index: number) => {
    const next = Math.max(0, Math.min(days.length - 1, index));
    setActive(next);
    refs.current[next]?.focus();
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      setShown(undefined);
      return;
    }
    const moves: Record<string, number> = {
      ArrowLeft: current - 1,
      ArrowRight: current + 1,
      Home: 0,
      End: days.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusDay(target);
  };

  return (
    <div
      role="list"
      aria-label={`Daily uptime, last ${days.length} days, oldest first`}
      className={styles.bars}
      onKeyDown={onKeyDown}
      onMouseLeave={() => setShown(undefined)}
    >
      {days.map((day, index) => (
        <span
          key={day.date}
          ref={(element) => {
            refs.current[index] = element;
          }}
          role="listitem"
          tabIndex={index === current ? 0 : -1}
          aria-label={describeDay(day)}
          data-level={uptimeLevel(day.uptimeRatio)}
          data-date={day.date}
          className={cx(styles.bar, styles.levels[uptimeLevel(day.uptimeRatio)])}
          onFocus={() => {
            setActive(index);
            setShown(index);
          }}
          onBlur={() => setShown(undefined)}
          onMouseEnter={() => setShown(index)}
        />
      ))}
      {shownDay && shownElement && (
        <Popover
          show
          role="tooltip"
          placement="top"
          referenceElement={shownElement}
          content={describeDay(shownDay)}
          className={styles.tooltip}
          renderArrow
        />
      )}
    </div>
  );
}

function Legend() {
  const styles = useStyles2(getStyles);
  const items: Array<{ level: UptimeLevel; label: string }> = [
    { level: 'up', label: `≥ ${formatRatio(UPTIME_THRESHOLDS.up)}` },
    { level: 'degraded', label: `≥ ${formatRatio(UPTIME_THRESHOLDS.degraded)}` },
    { level: 'down', label: `< ${formatRatio(UPTIME_THRESHOLDS.degraded)}` },
    { level: 'none', label: 'No data' },
  ];
  return (
    <ul className={styles.legend} aria-label="Colours">
      {items.map((item) => (
        <li key={item.level} className={styles.legendItem}>
          <span aria-hidden className={`${styles.swatch} ${styles.levels[item.level]}`} />
          <Text variant="bodySmall" color="secondary">
            {item.label}
          </Text>
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  overall: css({ color: theme.colors.text.primary }),
  bars: css({ display: 'flex', gap: 2, height: 32, alignItems: 'stretch' }),
  bar: css({
    flex: '1 1 0',
    minWidth: 2,
    borderRadius: 1,
    cursor: 'default',
    transition: theme.transitions.create(['transform', 'opacity'], { duration: 100 }),
    '&:hover': { opacity: 0.75 },
    '&:focus-visible': {
      outline: `2px solid ${theme.colors.primary.main}`,
      outlineOffset: 2,
    },
  }),
  tooltip: css({
    background: theme.components.tooltip.background,
    color: theme.components.tooltip.text,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.5, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    boxShadow: theme.shadows.z2,
    whiteSpace: 'nowrap',
  }),
  levels: {
    up: css({ background: theme.colors.success.main }),
    degraded: css({ background: theme.colors.warning.main }),
    down: css({ background: theme.colors.error.main }),
    none: css({ background: theme.colors.border.medium }),
  } satisfies Record<UptimeLevel, string>,
  footer: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(2),
    flexWrap: 'wrap',
  }),
  legend: css({
    display: 'flex',
    gap: theme.spacing(1.5),
    listStyle: 'none',
    margin: 0,
    padding: 0,
    flexWrap: 'wrap',
  }),
  legendItem: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  swatch: css({ width: 10, height: 10, borderRadius: 2, display: 'inline-block' }),
});
