import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Checkbox, Field, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import { KIND_LABELS } from '../../utils/channel-kinds';
import type { Channel } from './channels';

type Mode = 'every' | 'chosen';

const MODES: Array<{ label: string; value: Mode }> = [
  { label: 'Every channel', value: 'every' },
  { label: 'Chosen channels', value: 'chosen' },
];

interface Props {
  /** The rule's channels; null: every channel. */
  value: string[] | null;
  /** The account's channels; undefined until they are loaded. */
  channels: Channel[] | undefined;
  problem: string | undefined;
  onChange: (value: string[] | null) => void;
}

/** Where an event goes: every channel, or the ones ticked. */
export function RuleChannels({ value, channels, problem, onChange }: Props) {
  const styles = useStyles2(getStyles);
  const mode: Mode = value === null ? 'every' : 'chosen';

  function toggle(id: string, on: boolean) {
    const current = value ?? [];
    onChange(on ? [...current, id] : current.filter((item) => item !== id));
  }

  return (
    <div className={styles.wrapper}>
      <Field label="Send to" noMargin>
        <RadioButtonGroup
          size="sm"
          options={MODES}
          value={mode}
          // Every channel starts ticked: the event keeps reaching them until some are unticked.
          onChange={(next) =>
            onChange(next === 'every' ? null : (channels ?? []).map((channel) => channel.id))
          }
          disabledOptions={channels?.length ? [] : ['chosen']}
        />
      </Field>
      {value !== null && channels && (
        <div className={styles.channels} role="group" aria-label="Channels">
          {channels.map((channel) => (
            <Checkbox
              key={channel.id}
              label={`${KIND_LABELS[channel.kind]} ${channel.name}`}
              value={value.includes(channel.id)}
              invalid={problem !== undefined}
              onChange={(event) => toggle(channel.id, event.currentTarget.checked)}
            />
          ))}
        </div>
      )}
      {problem && (
        <Text color="error" variant="bodySmall" element="p">
          {problem}
        </Text>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.75) }),
  channels: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5, 2) }),
});
