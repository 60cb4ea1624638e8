import React, {
  startTransition,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, EmptyState, Icon, LinkButton, useStyles2 } from '@grafana/ui';
import type { Device } from '../../api/client';
import { prefixRoute, ROUTES } from '../../constants';
import { visuallyHidden } from '../../styles/visually-hidden';
import { testIds } from '../../testIds';
import {
  ariaSort,
  DEFAULT_SORT,
  filterDevices,
  isSortState,
  isStateFilter,
  isStatusFilter,
  isString,
  nextSort,
  sortDevices,
  statusCounts,
  type SortState,
} from './device-table';
import { DeviceRow } from './DeviceRow';
import type { RenameHandler } from './DeviceNameCell';
import { DeviceTableToolbar } from './DeviceTableToolbar';
import { ActionsHeaderCell, COLUMNS, getDeviceTableStyles, type Column } from './table-layout';
import { useStoredState } from './use-stored-state';

interface Props {
  devices: Device[];
  onRename: RenameHandler;
  onDelete: (device: Device) => void;
}

/**
 * Every device of the account: searchable, filterable by status and state, sortable by any
 * column.
 * A plain table of memoised rows: with 1,000 devices a live sample re-renders one row.
 */
export function DeviceTable({ devices, onRename, onDelete }: Props) {
  const styles = useStyles2(getDeviceTableStyles);
  const [query, setQuery] = useStoredState('iow.home.search', '', isString);
  const [status, setStatus] = useStoredState('iow.home.status', 'all', isStatusFilter);
  const [state, setState] = useStoredState('iow.home.state', 'any', isStateFilter);
  const [sort, setSort] = useStoredState('iow.home.sort', DEFAULT_SORT, isSortState);
  // Typing stays responsive while a large table filters behind it.
  const deferredQuery = useDeferredValue(query);

  const counts = useMemo(() => statusCounts(devices), [devices]);
  const visible = useMemo(
    () => sortDevices(filterDevices(devices, { status, state, query: deferredQuery }), sort),
    [devices, status, state, deferredQuery, sort],
  );
  const renderLimit = useRenderLimit(visible.length);
  const onSort = useCallback((key: Column['key']) => setSort(nextSort(sort, key)), [sort, setSort]);
  const clearFilters = useCallback(() => {
    setQuery('');
    setStatus('all');
    setState('any');
  }, [setQuery, setStatus, setState]);

  if (devices.length === 0) return <NoDevices />;

  const sortedBy = COLUMNS.find((column) => column.key === sort.key)?.label ?? '';
  return (
    <>
      <DeviceTableToolbar
        query={query}
        onQueryChange={setQuery}
        status={status}
        onStatusChange={setStatus}
        state={state}
        onStateChange={setState}
        counts={counts}
        shown={visible.length}
      />
      <div className={styles.frame}>
        <table className={styles.table} data-testid={testIds.home.deviceTable}>
          <caption className={visuallyHidden}>
            Devices, sorted by {sortedBy.toLowerCase()},{' '}
            {sort.direction === 'asc' ? 'ascending' : 'descending'}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <SortableHeader key={column.key} column={column} sort={sort} onSort={onSort} />
              ))}
              <ActionsHeaderCell />
            </tr>
          </thead>
          <tbody>
            {visible.slice(0, renderLimit).map((device) => (
              <DeviceRow key={device.id} device={device} onRename={onRename} onDelete={onDelete} />
            ))}
          </tbody>
        </table>
        {visible.length === 0 && <NoMatches onClear={clearFilters} />}
      </div>
    </>
  );
}

const FIRST_ROWS = 50;

/**
 * How many rows to render: the first screenfuls at once, the rest right after the first paint
 * in an interruptible transition, so that a fleet of thousands shows at once and stays
 * responsive while the rest of the table fills in.
 */
function useRenderLimit(rows: number): number {
  const [limit, setLimit] = useState(FIRST_ROWS);
  useEffect(() => {
    if (limit >= rows) return;
    const frame = requestAnimationFrame(() =>
      startTransition(() => setLimit(Number.POSITIVE_INFINITY)),
    );
    return () => cancelAnimationFrame(frame);
  }, [limit, rows]);
  return limit;
}

interface HeaderProps {
  column: Column;
  sort: SortState;
  onSort: (key: Column['key']) => void;
}

/** A column header that sorts when clicked (a real button, so Enter and Space work too). */
function SortableHeader({ column, sort, onSort }: HeaderProps) {
  const styles = useStyles2(getDeviceTableStyles);
  const ownStyles = useStyles2(getStyles);
  const direction = ariaSort(sort, column.key);
  const icon = (
    <Icon
      name={direction === 'ascending' ? 'arrow-up' : 'arrow-down'}
      size="sm"
      className={direction ? undefined : ownStyles.hiddenIcon}
      aria-hidden
    />
  );
  return (
    <th
      scope="col"
      aria-sort={direction}
      style={{ width: column.width }}
      className={cx(styles.headerCell, column.numeric && styles.numeric)}
    >
      <button
        type="button"
        className={cx(ownStyles.sortButton, direction && ownStyles.sorted)}
        onClick={() => onSort(column.key)}
      >
        {/* Numbers are right-aligned: the arrow goes on the left so labels line up with them. */}
        {column.numeric && icon}
        {column.label}
        {!column.numeric && icon}
      </button>
    </th>
  );
}

function NoDevices() {
  return (
    <EmptyState
      variant="call-to-action"
      message="You have no devices yet"
      button={
        <LinkButton icon="plus" href={prefixRoute(ROUTES.AddDevice)}>
          Add your first device
        </LinkButton>
      }
    >
      Install the IO Worker collector on a GPU machine with one command: it appears here within
      seconds, with its GPUs, temperatures and power draw, live.
    </EmptyState>
  );
}

function NoMatches({ onClear }: { onClear: () => void }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.noMatches}>
      <EmptyState variant="not-found" message="No devices match" hideImage>
        <Button variant="secondary" icon="times" onClick={onClear}>
          Clear search and filter
        </Button>
      </EmptyState>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  sortButton: css({
    all: 'unset',
    display: 'inline-flex',
    alignItems: 'center',
    verticalAlign: 'middle',
    gap: theme.spacing(0.5),
    cursor: 'pointer',
    color: 'inherit',
    borderRadius: theme.shape.radius.default,
    '&:hover': { color: theme.colors.text.primary },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 2 },
    '&:hover svg': { visibility: 'visible' },
  }),
  sorted: css({ color: theme.colors.text.primary }),
  hiddenIcon: css({ visibility: 'hidden' }),
  noMatches: css({ padding: theme.spacing(4, 2) }),
});
