import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { framedBox } from '../../styles/boxes';
import { visuallyHidden } from '../../styles/visually-hidden';
import type { SortKey } from './device-table';

export interface Column {
  key: SortKey;
  label: string;
  numeric?: boolean;
  /** Fixed, so columns never shift as rows filter or a name is edited; the name takes the rest. */
  width?: string;
}

/** The sortable columns, in order; a last, unlabelled column holds each row's actions. */
export const COLUMNS: readonly Column[] = [
  { key: 'status', label: 'Status', width: '140px' },
  { key: 'name', label: 'Name' },
  { key: 'os', label: 'OS', width: '90px' },
  { key: 'gpus', label: 'GPUs', width: '160px' },
  { key: 'temperature', label: 'Temperature', numeric: true, width: '120px' },
  { key: 'powerW', label: 'Power', numeric: true, width: '100px' },
  { key: 'utilization', label: 'Utilisation', numeric: true, width: '120px' },
  { key: 'lastSeen', label: 'Last seen', width: '120px' },
];

/** The header of the last column, which holds each row's actions. */
export function ActionsHeaderCell() {
  const styles = useStyles2(getDeviceTableStyles);
  return (
    <th scope="col" className={styles.headerCell} style={{ width: '48px' }}>
      <span className={visuallyHidden}>Actions</span>
    </th>
  );
}

/** The device table's frame and header, shared by the table and its loading skeleton. */
export const getDeviceTableStyles = (theme: GrafanaTheme2) => ({
  // Scrolls inside its own box so the header can stay in view over 1,000 rows.
  frame: css({
    maxHeight: 'max(480px, 75vh)',
    overflow: 'auto',
    ...framedBox(theme),
  }),
  // A fixed layout: the browser sizes columns from the header alone instead of measuring every
  // cell of 1,000 rows, and the name column gets what is left (with a floor for narrow screens).
  table: css({
    width: '100%',
    minWidth: 1000,
    tableLayout: 'fixed',
    borderCollapse: 'separate',
    borderSpacing: 0,
    fontSize: theme.typography.body.fontSize,
    '& tbody tr:last-child > *': { borderBottom: 'none' },
  }),
  headerCell: css({
    position: 'sticky',
    top: 0,
    zIndex: 1,
    background: theme.colors.background.secondary,
    borderBottom: `1px solid ${theme.colors.border.medium}`,
    padding: theme.spacing(0.75, 1.5),
    textAlign: 'left',
    whiteSpace: 'nowrap',
    verticalAlign: 'middle',
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  numeric: css({ '&&': { textAlign: 'right' } }),
  skeletonCell: css({
    padding: theme.spacing(1.25, 1.5),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
});
