import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { visuallyHidden } from '../../styles/visually-hidden';
import { testIds } from '../../testIds';
import { STEPS, type StepId } from './wizard';

/** 1 Name & OS → 2 Install → 3 Waiting → 4 Connected, with the current one highlighted. */
export function StepIndicator({ current }: { current: StepId }) {
  const styles = useStyles2(getStyles);
  const currentIndex = STEPS.findIndex((step) => step.id === current);
  return (
    <ol className={styles.list} aria-label="Steps" data-testid={testIds.addDevice.steps}>
      {STEPS.map((step, index) => {
        const isCurrent = index === currentIndex;
        // The last step is a result, not a task: it shows as done.
        const done = index < currentIndex || current === 'connected';
        const active = isCurrent && !done;
        return (
          <li
            key={step.id}
            className={cx(styles.item, done && styles.done, active && styles.active)}
            aria-current={isCurrent ? 'step' : undefined}
          >
            <span className={styles.marker} aria-hidden>
              {done ? '✓' : index + 1}
            </span>
            <span className={styles.label}>
              {step.label}
              {done && <span className={visuallyHidden}> (done)</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    display: 'flex',
    listStyle: 'none',
    margin: theme.spacing(0, 0, 3),
    padding: 0,
    gap: theme.spacing(1),
  }),
  item: css({
    flex: 1,
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    color: theme.colors.text.secondary,
    minWidth: 0,
    '&:not(:last-child)::after': {
      content: '""',
      flex: 1,
      height: 1,
      minWidth: theme.spacing(2),
      background: theme.colors.border.medium,
    },
  }),
  marker: css({
    flex: 'none',
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: 28,
    height: 28,
    borderRadius: theme.shape.radius.circle,
    border: `1px solid ${theme.colors.border.medium}`,
    background: theme.colors.background.primary,
    fontWeight: theme.typography.fontWeightMedium,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  label: css({
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  active: css({
    color: theme.colors.text.primary,
    fontWeight: theme.typography.fontWeightMedium,
    '& > span:first-child': {
      background: theme.colors.primary.main,
      borderColor: theme.colors.primary.main,
      color: theme.colors.primary.contrastText,
    },
  }),
  done: css({
    color: theme.colors.text.primary,
    '& > span:first-child': {
      background: theme.colors.success.main,
      borderColor: theme.colors.success.main,
      color: theme.colors.success.contrastText,
    },
    '&:not(:last-child)::after': { background: theme.colors.success.main },
  }),
});
