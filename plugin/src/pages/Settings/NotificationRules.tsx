import React, { useState, type FormEvent } from 'react';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Button, Field, Input, Switch, Text, useStyles2 } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction, useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getListStyles } from '../../components/DataList/list-styles';
import { testIds } from '../../testIds';

type Rules = InferResponseType<ApiClient['v1']['notification-rules']['$get'], 200>;
type Rule = Rules['rules'][number];
type RulesChange = InferRequestType<ApiClient['v1']['notification-rules']['$put']>['json'];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DEFAULT_QUIET = { start: '22:00', end: '07:00' };

const saveRules = (client: ApiClient, json: RulesChange) =>
  unwrap(client.v1['notification-rules'].$put({ json }));

/** Which alert events are sent, and the hours when non-critical ones wait. */
export function NotificationRules() {
  const rules = useRequest(
    (client, signal) => unwrap(client.v1['notification-rules'].$get({}, { init: { signal } })),
    [],
  );
  return (
    <div data-testid={testIds.settings.notificationRules}>
      {rules.error && !rules.data ? (
        <ApiErrorAlert
          error={rules.error}
          title="Could not load your alert rules"
          onRetry={rules.reload}
        />
      ) : !rules.data ? (
        <Skeleton count={3} height={40} />
      ) : (
        <RulesForm initial={rules.data} onSaved={(saved) => rules.setData(() => saved)} />
      )}
    </div>
  );
}

function RulesForm({ initial, onSaved }: { initial: Rules; onSaved: (rules: Rules) => void }) {
  const styles = useStyles2(getStyles);
  const [rules, setRules] = useState(initial.rules);
  const [quiet, setQuiet] = useState(initial.quietHours);
  const [saved, setSaved] = useState(false);
  const { run, pending, error } = useAction(saveRules);
  const quietValid = !quiet || (HHMM.test(quiet.start) && HHMM.test(quiet.end));

  function edit(update: () => void) {
    update();
    setSaved(false);
  }

  function toggleRule(event: string, enabled: boolean) {
    edit(() =>
      setRules((list) => list.map((rule) => (rule.event === event ? { ...rule, enabled } : rule))),
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!quietValid) return;
    const body = {
      rules: rules.map(({ event: name, enabled, channelIds }) => ({
        event: name,
        enabled,
        channelIds,
      })),
      quietHours: quiet,
    };
    const stored = await run(body);
    if (!stored) return;
    setRules(stored.rules);
    setQuiet(stored.quietHours);
    setSaved(true);
    onSaved(stored);
  }

  return (
    <form onSubmit={submit} noValidate className={styles.form}>
      <h3 className={styles.title}>Alerts</h3>
      <RuleList rules={rules} onToggle={toggleRule} />
      <QuietHours value={quiet} onChange={(next) => edit(() => setQuiet(next))} />
      {!quietValid && (
        <Text color="error" element="p">
          Enter both times as HH:MM.
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

function RuleList({
  rules,
  onToggle,
}: {
  rules: Rule[];
  onToggle: (event: string, on: boolean) => void;
}) {
  const styles = useStyles2(getStyles);
  const list = useStyles2(getListStyles);
  return (
    <ul className={list.list} aria-label="Alert rules">
      {rules.map((rule) => (
        <li key={rule.event} className={cx(list.row, styles.rule)}>
          <div className={styles.main}>
            <Text>{rule.description}</Text>
            {rule.security && <Badge color="purple" text="Security: always on" icon="lock" />}
          </div>
          <Switch
            aria-label={rule.description}
            // Security events always go out: the API refuses to turn them off.
            value={rule.security || rule.enabled}
            disabled={rule.security}
            onChange={(event) => onToggle(rule.event, event.currentTarget.checked)}
          />
        </li>
      ))}
    </ul>
  );
}

interface QuietProps {
  value: Rules['quietHours'];
  onChange: (value: Rules['quietHours']) => void;
}

function QuietHours({ value, onChange }: QuietProps) {
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
  form: css({ marginTop: theme.spacing(3) }),
  title: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1.5) }),
  rule: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  main: css({
    flex: 1,
    minWidth: 0,
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  }),
  quiet: css({ marginTop: theme.spacing(2) }),
  times: css({ display: 'flex', gap: theme.spacing(2) }),
  actions: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
});
