import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { FilterInput, RadioButtonGroup, Select, Text, useStyles2 } from '@grafana/ui';
import { DEVICE_STATES } from '../../utils/device-state';
import type { StateFilter, StatusFilter } from './device-table';
import { plural } from './device-display';

interface Props {
  query: string;
  onQueryChange: (query: string) => void;
  status: StatusFilter;
  onStatusChange: (status: StatusFilter) => void;
  state: StateFilter;
  onStateChange: (state: StateFilter) => void;
  counts: Record<StatusFilter, number>;
  /** How many devices the table shows after search and filter. */
  shown: number;
}

const FILTERS: Array<{ value: StatusFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'online', label: 'Online' },
  { value: 'offline', label: 'Offline' },
  { value: 'pending', label: 'Pending' },
];

const STATE_OPTIONS: Array<{ value: StateFilter; label: string }> = [
  { value: 'any', label: 'Any state' },
  ...Object.entries(DEVICE_STATES).map(([value, { text }]) => ({
    value: value as StateFilter,
    label: text,
  })),
];

/** Search, status and state filters, and the count of what is shown. */
export function DeviceTableToolbar(props: Props) {
  const { query, onQueryChange, status, onStatusChange, state, onStateChange } = props;
  const { counts, shown } = props;
  const styles = useStyles2(getStyles);
  const options = useMemo(
    () =>
      FILTERS.map(({ value, label }) => ({
        value,
        label: `${label} (${counts[value].toLocaleString('en-US')})`,
      })),
    [counts],
  );
  return (
    <div className={styles.toolbar}>
      <div className={styles.search}>
        <FilterInput
          value={query}
          onChange={onQueryChange}
          placeholder="Search by name, hostname or GPU model"
          aria-label="Search devices by name, hostname or GPU model"
          escapeRegex={false}
        />
      </div>
      <RadioButtonGroup
        aria-label="Filter devices by status"
        options={options}
        value={status}
        onChange={onStatusChange}
      />
      <Select
        aria-label="Filter devices by state"
        options={STATE_OPTIONS}
        value={state}
        onChange={(option) => onStateChange(option.value ?? 'any')}
        width={20}
      />
      <div className={styles.count} aria-live="polite">
        <Text variant="bodySmall" color="secondary">
          {shown === counts.all
            ? plural(counts.all, 'device')
            : `${shown.toLocaleString('en-US')} of ${plural(counts.all, 'device')}`}
        </Text>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(1.5),
  }),
  search: css({ flex: '1 1 280px', maxWidth: 420 }),
  count: css({ marginLeft: 'auto', whiteSpace: 'nowrap' }),
});
