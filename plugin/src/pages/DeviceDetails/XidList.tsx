import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Text, TextLink, useStyles2, type BadgeColor } from '@grafana/ui';
import type { XidInfo } from './types';

const SEVERITY: Record<XidInfo['severity'], { color: BadgeColor; label: string }> = {
  restart_app: { color: 'blue', label: 'Job restarts' },
  reset_gpu: { color: 'orange', label: 'Reset the GPU' },
  check_hardware: { color: 'red', label: 'Check the hardware' },
  contact_support: { color: 'red', label: 'Contact support' },
  watch: { color: 'darkgrey', label: 'Watch' },
};

/** The GPU's latest Xid errors, newest first, each with what it means and what to do. */
export function XidList({ xids }: { xids: XidInfo[] }) {
  const styles = useStyles2(getStyles);
  if (xids.length === 0) {
    return <Text color="secondary">No Xid error in the last 24 h.</Text>;
  }
  return (
    <ul className={styles.list}>
      {xids.map((xid) => (
        <XidItem key={xid.xid} xid={xid} />
      ))}
    </ul>
  );
}

function XidItem({ xid }: { xid: XidInfo }) {
  const styles = useStyles2(getStyles);
  const severity = SEVERITY[xid.severity];
  return (
    <li className={styles.item}>
      <div className={styles.title}>
        <Text weight="medium">
          Xid {xid.xid}: {xid.name}
        </Text>
        <Badge color={severity.color} text={severity.label} />
      </div>
      <Text element="p">{xid.meaning}</Text>
      <Text element="p">
        <Text weight="medium">What to do:</Text> {xid.action}
      </Text>
      <TextLink href={xid.source} external variant="bodySmall">
        {`Xid ${xid.xid} in NVIDIA’s documentation`}
      </TextLink>
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  }),
  item: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    paddingLeft: theme.spacing(1.5),
    borderLeft: `2px solid ${theme.colors.border.medium}`,
  }),
  title: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  }),
});
