import React from 'react';
import { Icon, type IconName } from '@grafana/ui';

/** The icons every table row shows. */
const ROW_ICONS: IconName[] = ['pen', 'trash-alt', 'arrow-up', 'arrow-down'];

/**
 * Loads the rows' icons while the list is on its way. An icon that is already cached renders at
 * once; one that is not goes through several asynchronous state updates per instance, which
 * for 1,000 rows keeps the page busy for seconds after the table appears.
 */
export function IconPreload() {
  return (
    <span hidden aria-hidden>
      {ROW_ICONS.map((name) => (
        <Icon key={name} name={name} />
      ))}
    </span>
  );
}
