import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Text, useStyles2 } from '@grafana/ui';
import { formatDateTime } from '../../utils/format';
import {
  currentState,
  segmentsOf,
  summarize,
  type ServiceHistory,
  type ServiceState,
} from './service-history';

const LABELS: Record<ServiceState, string> = { up: 'Up', down: 'Down', unknown: 'Unknown' };

interface Props {
  service: ServiceHistory;
  from: string;
  to: string;
  timeZone: string;
}

function StateBadge({ state }: { state: ServiceState }) {
  if (state === 'up') return <Badge color="green" icon="check" text="Up" />;
  if (state === 'down') return <Badge color="red" icon="times" text="Down" />;
  return <Badge color="darkgrey" icon="question-circle" text="Unknown" />;
}

function summaryText({ upShare, outages }: ReturnType<typeof summarize>): string {
  if (upShare === null) return 'Nothing heard';
  const share = `Up ${Math.floor(upShare * 1000) / 10}%`;
  if (outages === 0) return share;
  return `${share} · down ${outages} ${outages === 1 ? 'time' : 'times'}`;
}

/** One service: its name, current state, and a strip of its up/down history. */
export function ServiceHistoryRow({ service, from, to, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const segments = segmentsOf(service.intervals, from, to);
  const summary = summaryText(summarize(service.intervals));
  return (
    <li className={styles.row} aria-label={service.name}>
      <div className={styles.heading}>
        <Text weight="medium" truncate>
          {service.name}
        </Text>
        <StateBadge state={currentState(service.intervals)} />
      </div>
      <ol className={styles.strip} aria-label={`${service.name} history: ${summary}`}>
        {segments.map((segment) => {
          const label = `${LABELS[segment.state]} from ${formatDateTime(segment.from, timeZone)} to ${formatDateTime(segment.to, timeZone)}`;
          return (
            <li
              key={segment.from}
              className={styles[segment.state]}
              style={{ left: `${segment.left}%`, width: `${segment.width}%` }}
              title={label}
              aria-label={label}
            />
          );
        })}
      </ol>
      <Text variant="bodySmall" color="secondary">
        {summary}
      </Text>
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  // Each state also differs in pattern, not only in colour: unknown is hatched.
  const segment = { position: 'absolute' as const, top: 0, bottom: 0, minWidth: 1 };
  return {
    row: css({
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(0.5),
      padding: theme.spacing(1, 0),
      minWidth: 0,
      '& + &': { borderTop: `1px solid ${theme.colors.border.weak}` },
    }),
    heading: css({
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'space-between',
      gap: theme.spacing(1),
      minWidth: 0,
    }),
    strip: css({
      position: 'relative',
      height: theme.spacing(2),
      margin: 0,
      padding: 0,
      listStyle: 'none',
      borderRadius: theme.shape.radius.default,
      overflow: 'hidden',
      background: theme.colors.background.secondary,
    }),
    up: css({ ...segment, background: theme.colors.success.main }),
    down: css({ ...segment, background: theme.colors.error.main }),
    unknown: css({
      ...segment,
      background: `repeating-linear-gradient(45deg, ${theme.colors.border.medium} 0 2px, transparent 2px 6px)`,
    }),
  };
};
