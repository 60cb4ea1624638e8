import React from 'react';
import { cx } from '@emotion/css';
import { useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { visuallyHidden } from '../../styles/visually-hidden';
import { ActionsHeaderCell, COLUMNS, getDeviceTableStyles } from './table-layout';

const ROWS = 5;

/** The table's shape while the list loads, so the page does not jump when it arrives. */
export function DeviceTableSkeleton() {
  const styles = useStyles2(getDeviceTableStyles);
  return (
    <div className={styles.frame} aria-busy="true">
      <table className={styles.table}>
        <caption className={visuallyHidden}>Loading devices…</caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.key}
                scope="col"
                style={{ width: column.width }}
                className={cx(styles.headerCell, column.numeric && styles.numeric)}
              >
                {column.label}
              </th>
            ))}
            <ActionsHeaderCell />
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: ROWS }, (_, row) => (
            <tr key={row}>
              {COLUMNS.map((column) => (
                <td
                  key={column.key}
                  className={cx(styles.skeletonCell, column.numeric && styles.numeric)}
                >
                  <Skeleton width={column.key === 'name' ? 140 : 56} />
                </td>
              ))}
              <td className={styles.skeletonCell} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
