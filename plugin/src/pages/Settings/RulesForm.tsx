import React, { useMemo, useState, type FormEvent } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Text, useStyles2 } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getListStyles } from '../../components/DataList/list-styles';
import { focusFirstInvalid } from '../../utils/forms';
import type { Channel } from './channels';
import { QuietHours } from './QuietHours';
import { RuleRow } from './RuleRow';
import {
  hasProblems,
  ruleProblems,
  toDraft,
  toRulesBody,
  type RuleDraft,
  type Rules,
  type RulesChange,
} from './rules';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const saveRules = (client: ApiClient, json: RulesChange) =>
  unwrap(client.v1['notification-rules'].$put({ json }));

interface Props {
  initial: Rules;
  /** The account's channels; undefined until they are loaded. */
  channels: Channel[] | undefined;
  onSaved: (rules: Rules) => void;
}

/** Each event on or off, with its thresholds and channels, and the quiet hours. */
export function RulesForm({ initial, channels, onSaved }: Props) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  const [rules, setRules] = useState(() => initial.rules.map(toDraft));
  const [quiet, setQuiet] = useState(initial.quietHours);
  const [saved, setSaved] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const { run, pending, error } = useAction(saveRules);
  const channelIds = useMemo(
    () => channels && new Set(channels.map((channel) => channel.id)),
    [channels],
  );
  const rulesValid = rules.every((rule) => !hasProblems(ruleProblems(rule, channelIds)));
  const quietValid = !quiet || (HHMM.test(quiet.start) && HHMM.test(quiet.end));

  function edit(update: () => void) {
    update();
    setSaved(false);
  }

  function changeRule(changed: RuleDraft) {
    edit(() =>
      setRules((current) => current.map((rule) => (rule.event === changed.event ? changed : rule))),
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBlocked(!rulesValid);
    if (!rulesValid) focusFirstInvalid(event.currentTarget);
    if (!rulesValid || !quietValid) return;
    const stored = await run(toRulesBody(rules, quiet, channelIds));
    if (!stored) return;
    setRules(stored.rules.map(toDraft));
    setQuiet(stored.quietHours);
    setSaved(true);
    onSaved(stored);
  }

  return (
    <form onSubmit={submit} noValidate className={styles.form}>
      <h3 className={styles.title}>Alerts</h3>
      <ul className={list.list} aria-label="Alert rules">
        {rules.map((rule) => (
          <RuleRow
            key={rule.event}
            rule={rule}
            channels={channels}
            problems={ruleProblems(rule, channelIds)}
            onChange={changeRule}
          />
        ))}
      </ul>
      <QuietHours value={quiet} onChange={(next) => edit(() => setQuiet(next))} />
      {!quietValid && (
        <Text color="error" element="p">
          Enter both times as HH:MM.
        </Text>
      )}
      {blocked && !rulesValid && (
        <Text color="error" element="p">
          Some alert rules cannot be saved as they are: see the messages above.
        </Text>
      )}
      {error && <ApiErrorAlert error={error} title="Could not save the alert rules" />}
      <div className={styles.actions}>
        <Button type="submit" icon={pending ? 'spinner' : 'save'} disabled={pending}>
          Save alert rules
        </Button>
        {saved && <Text color="success">Saved.</Text>}
      </div>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ marginTop: theme.spacing(3) }),
  title: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1.5) }),
  actions: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
});
