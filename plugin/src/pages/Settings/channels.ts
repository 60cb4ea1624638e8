import type { InferRequestType, InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';

type Channels = ApiClient['v1']['notification-channels'];

export type Channel = InferResponseType<Channels['$get'], 200>['channels'][number];
export type CreatedChannel = InferResponseType<Channels['$post'], 201>;
export type NewChannel = InferRequestType<Channels['$post']>['json'];
export type ChannelKind = Channel['kind'];

interface TargetField {
  label: string;
  placeholder: string;
  description: string;
}

/** What the target of each kind is; Telegram has none (the chat links itself). */
export const TARGET_FIELDS: Record<Exclude<ChannelKind, 'telegram'>, TargetField> = {
  email: {
    label: 'Email address',
    placeholder: 'you@example.com',
    description: 'A 6-digit code is sent there to confirm it.',
  },
  discord: {
    label: 'Discord webhook URL',
    placeholder: 'https://discord.com/api/webhooks/…',
    description: 'Channel settings → Integrations → Webhooks.',
  },
  slack: {
    label: 'Slack webhook URL',
    placeholder: 'https://hooks.slack.com/services/…',
    description: 'An incoming webhook of your Slack app.',
  },
  webhook: {
    label: 'Webhook URL',
    placeholder: 'https://example.com/ioworker',
    description: 'Alerts are POSTed there as JSON, signed with a secret.',
  },
};

/** The body of a new channel: Telegram carries no target, and an empty name is left out. */
export function newChannel(kind: ChannelKind, name: string, target: string): NewChannel {
  const named = name.trim() === '' ? {} : { name: name.trim() };
  if (kind === 'telegram') return { kind, ...named };
  return { kind, ...named, target: target.trim() };
}
