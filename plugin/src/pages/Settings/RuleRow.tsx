import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Switch, Text, useStyles2 } from '@grafana/ui';
import { getListStyles } from '../../components/DataList/list-styles';
import type { Channel } from './channels';
import { RuleChannels } from './RuleChannels';
import { RuleParams } from './RuleParams';
import type { RuleDraft, RuleProblems } from './rules';

interface Props {
  rule: RuleDraft;
  channels: Channel[] | undefined;
  problems: RuleProblems;
  onChange: (rule: RuleDraft) => void;
}

/** One event: on or off, its thresholds, and where it goes. */
export function RuleRow({ rule, channels, problems, onChange }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  return (
    <li className={cx(list.row, styles.rule)} aria-label={rule.description}>
      <div className={styles.head}>
        <div className={styles.main}>
          <Text>{rule.description}</Text>
          {rule.security && <Badge color="purple" text="Security: always on" icon="lock" />}
        </div>
        <Switch
          aria-label={rule.description}
          // Security events always go out: the API refuses to turn them off.
          value={rule.security || rule.enabled}
          disabled={rule.security}
          onChange={(event) => onChange({ ...rule, enabled: event.currentTarget.checked })}
        />
      </div>
      {rule.security ? (
        <Text variant="bodySmall" color="secondary">
          Sent at once to every channel, even while a device is muted or in quiet hours.
        </Text>
      ) : (
        <div className={styles.details}>
          <RuleParams
            rule={rule}
            problems={problems.params}
            onChange={(name, value) =>
              onChange({ ...rule, params: { ...rule.params, [name]: value } })
            }
          />
          <RuleChannels
            value={rule.channelIds}
            channels={channels}
            problem={problems.channels}
            onChange={(channelIds) => onChange({ ...rule, channelIds })}
          />
        </div>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  rule: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  head: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  main: css({
    flex: 1,
    minWidth: 0,
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  }),
  details: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
  }),
});
