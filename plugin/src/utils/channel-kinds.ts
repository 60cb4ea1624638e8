import type { Notification } from '../api/client';

export type ChannelKind = Notification['deliveries'][number]['channelKind'];

export const KIND_LABELS: Record<ChannelKind, string> = {
  email: 'Email',
  telegram: 'Telegram',
  discord: 'Discord',
  slack: 'Slack',
  webhook: 'Webhook',
};
