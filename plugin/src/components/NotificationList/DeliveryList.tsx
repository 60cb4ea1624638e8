import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2 } from '@grafana/ui';
import { KIND_LABELS } from '../../utils/channel-kinds';
import { describeDelivery, type Delivery, type OutcomeTone } from './delivery-outcome';

interface Props {
  deliveries: Delivery[];
  timeZone: string;
}

/** Where an alert went: one chip per channel with how its delivery stands. */
export function DeliveryList({ deliveries, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  if (deliveries.length === 0) {
    return (
      <Text variant="bodySmall" color="secondary" italic>
        In the app only: sent to no channel.
      </Text>
    );
  }
  return (
    <ul className={styles.list} aria-label="Deliveries">
      {deliveries.map((delivery, index) => {
        const outcome = describeDelivery(delivery, timeZone);
        return (
          <li key={`${delivery.channelId}:${index}`} className={styles.chip}>
            <Icon name={outcome.icon} size="sm" className={styles.tone[outcome.tone]} />
            <span className={styles.channel}>
              {KIND_LABELS[delivery.channelKind]} · {delivery.channelName}:
            </span>
            <span className={styles.tone[outcome.tone]}>{outcome.text}</span>
          </li>
        );
      })}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  }),
  chip: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    maxWidth: '100%',
    padding: theme.spacing(0.25, 1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.background.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    overflowWrap: 'anywhere',
  }),
  channel: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  tone: {
    success: css({ color: theme.colors.success.text }),
    error: css({ color: theme.colors.error.text }),
    warning: css({ color: theme.colors.warning.text }),
    secondary: css({ color: theme.colors.text.secondary }),
  } satisfies Record<OutcomeTone, string>,
});
