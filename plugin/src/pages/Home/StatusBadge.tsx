import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2, type BadgeColor } from '@grafana/ui';
import type { Device } from '../../api/client';
import { DEVICE_STATES } from '../../utils/device-state';

const STATUS: Record<Device['status'], { text: string; color: BadgeColor; title: string }> = {
  online: { text: 'Online', color: 'green', title: 'Reporting: its last sample is recent.' },
  offline: {
    text: 'Offline',
    color: 'red',
    title: 'Silent: no sample for more than three reporting intervals.',
  },
  pending: { text: 'Pending', color: 'darkgrey', title: 'Added, waiting for its first sample.' },
};

/**
 * Online / offline / pending, and its state when it has one that is not plain idle (busy,
 * paused, maintenance, inactive). A dot rather than an icon and a native title rather than a
 * Tooltip: this badge is repeated on every row, and each Grafana icon or tooltip instance has
 * a real cost at 1,000 rows.
 */
export function StatusBadge({ status, state }: Pick<Device, 'status' | 'state'>) {
  const styles = useStyles2(getStyles);
  const { text, color, title } = STATUS[status];
  const shown = state && state !== 'idle' ? DEVICE_STATES[state] : undefined;
  return (
    <span className={styles.badges} title={shown ? `${title} ${shown.title}` : title}>
      <Badge
        color={color}
        text={
          <>
            <span className={styles.dot} aria-hidden />
            {text}
          </>
        }
      />
      {shown && <Badge color={shown.color} text={shown.text} />}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  badges: css({ display: 'inline-flex', flexWrap: 'wrap', gap: theme.spacing(0.5) }),
  dot: css({
    display: 'inline-block',
    width: 6,
    height: 6,
    borderRadius: theme.shape.radius.circle,
    background: 'currentColor',
    alignSelf: 'center',
  }),
});
