import React, { useId, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Combobox, Field, Input, useStyles2, type ComboboxOption } from '@grafana/ui';
import type { Device } from '../../api/client';
import {
  filtersProblem,
  isFiltered,
  NO_FILTERS,
  todayIn,
  type HistoryFilters,
} from './history-filters';

interface Props {
  value: HistoryFilters;
  onChange: (filters: HistoryFilters) => void;
  devices: Device[] | undefined;
  timeZone: string;
}

/** Device and date filters; dates apply once the range makes sense. */
export function HistoryFiltersBar({ value, onChange, devices, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const ids = { device: useId(), from: useId(), to: useId() };
  const [draft, setDraft] = useState(value);
  const problem = filtersProblem(draft);
  const today = todayIn(timeZone);

  function update(next: HistoryFilters) {
    setDraft(next);
    if (!filtersProblem(next)) onChange(next);
  }

  const options: Array<ComboboxOption<string>> = (devices ?? []).map((device) => ({
    value: device.id,
    label: device.name,
  }));
  const filtered = isFiltered(draft);

  return (
    <div className={styles.bar}>
      <Field label="Device" className={styles.field} noMargin>
        <Combobox
          id={ids.device}
          options={options}
          value={draft.deviceId}
          placeholder="All devices"
          isClearable
          loading={devices === undefined}
          onChange={(option) => update({ ...draft, deviceId: option?.value ?? null })}
          width={28}
        />
      </Field>
      <Field label={`From (${timeZone})`} className={styles.field} noMargin>
        <Input
          id={ids.from}
          type="date"
          value={draft.fromDate}
          max={today}
          onChange={(event) => update({ ...draft, fromDate: event.currentTarget.value })}
          width={20}
        />
      </Field>
      <Field
        label={`To (${timeZone})`}
        className={styles.field}
        invalid={problem !== undefined}
        error={problem}
        noMargin
      >
        <Input
          id={ids.to}
          type="date"
          value={draft.toDate}
          max={today}
          onChange={(event) => update({ ...draft, toDate: event.currentTarget.value })}
          width={20}
        />
      </Field>
      {filtered && (
        <Button variant="secondary" fill="text" icon="times" onClick={() => update(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(1.5),
    // The clear button lines up with the inputs, below the labels.
    '& > button': { marginTop: theme.spacing(2.75) },
  }),
  field: css({
    marginBottom: 0,
    // The browser's own date picker follows the theme.
    'input[type=date]': { colorScheme: theme.isDark ? 'dark' : 'light' },
  }),
});
