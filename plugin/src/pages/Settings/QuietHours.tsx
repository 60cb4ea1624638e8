import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Field, Input, Switch, useStyles2 } from '@grafana/ui';
import type { QuietHours as QuietHoursValue } from './rules';

const DEFAULT_QUIET = { start: '22:00', end: '07:00' };

interface Props {
  value: QuietHoursValue;
  onChange: (value: QuietHoursValue) => void;
}

/** The hours when non-critical alerts wait, or none. */
export function QuietHours({ value, onChange }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.quiet}>
      <Field
        label="Quiet hours"
        description="In your time zone; non-critical alerts wait until they end."
      >
        <Switch
          value={value !== null}
          onChange={(event) => onChange(event.currentTarget.checked ? DEFAULT_QUIET : null)}
        />
      </Field>
      {value && (
        <div className={styles.times}>
          <Field label="From">
            <Input
              type="time"
              width={14}
              value={value.start}
              onChange={(event) => onChange({ ...value, start: event.currentTarget.value })}
            />
          </Field>
          <Field label="Until">
            <Input
              type="time"
              width={14}
              value={value.end}
              onChange={(event) => onChange({ ...value, end: event.currentTarget.value })}
            />
          </Field>
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  quiet: css({ marginTop: theme.spacing(2) }),
  times: css({ display: 'flex', gap: theme.spacing(2) }),
});
