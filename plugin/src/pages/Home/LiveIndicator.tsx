import React from 'react';
import { css, keyframes } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2 } from '@grafana/ui';
import { useLiveConnection } from '../../api/hooks';

/** A dot and a word saying whether the figures below are updating by themselves. */
export function LiveIndicator() {
  const connected = useLiveConnection();
  const styles = useStyles2(getStyles);
  const tooltip = connected
    ? 'Connected: devices and figures update as samples arrive.'
    : 'Not connected to live updates; reconnecting. Figures may be out of date.';
  return (
    <Tooltip content={tooltip}>
      {/* Focusable so keyboard users can read the tooltip too. */}
      <span className={styles.indicator} tabIndex={0} role="status">
        <span className={connected ? styles.dotLive : styles.dotIdle} aria-hidden />
        {connected ? 'Live' : 'Reconnecting…'}
      </span>
    </Tooltip>
  );
}

// Only transform and opacity: the compositor runs it, so a pulse never repaints the page (a
// box-shadow animation would re-run paint over a 1,000-row table every frame).
const pulse = keyframes({
  '0%': { transform: 'scale(1)', opacity: 0.6 },
  '100%': { transform: 'scale(2.5)', opacity: 0 },
});

const getStyles = (theme: GrafanaTheme2) => {
  const dot = {
    width: 8,
    height: 8,
    borderRadius: theme.shape.radius.circle,
    display: 'inline-block',
  };
  return {
    indicator: css({
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.75),
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      whiteSpace: 'nowrap',
      borderRadius: theme.shape.radius.default,
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 2 },
    }),
    dotLive: css({
      ...dot,
      position: 'relative',
      background: theme.colors.success.main,
      '&::after': {
        content: '""',
        position: 'absolute',
        inset: 0,
        borderRadius: 'inherit',
        background: 'inherit',
        opacity: 0,
        willChange: 'transform, opacity',
      },
      [theme.transitions.handleMotion('no-preference')]: {
        '&::after': { animation: `${pulse} 2s ease-out infinite` },
      },
    }),
    dotIdle: css({ ...dot, background: theme.colors.text.disabled }),
  };
};
