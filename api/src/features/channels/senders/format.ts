import type { AlertMessage } from '../channel-message.js';

/**
 * Events that are not alerts: a test-send, a verification code and mail to the account itself
 * (`account.*`: a verification or reset link) carry no firing/resolved state.
 */
const NON_ALERT_EVENTS = new Set(['channel.test', 'channel.verify']);

export function isAlert(message: AlertMessage): boolean {
  return !NON_ALERT_EVENTS.has(message.event) && !message.event.startsWith('account.');
}

export function statusLabel(message: AlertMessage): 'FIRING' | 'RESOLVED' | undefined {
  if (!isAlert(message)) return undefined;
  return message.status === 'resolved' ? 'RESOLVED' : 'FIRING';
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character] ?? character);
}

/** Cuts to `max` UTF-16 units with an ellipsis, never leaving half of a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** Truncates already-escaped text without leaving a partial `&amp;`-style entity at the end. */
export function truncateEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  const cut = escaped.slice(0, max - 1).replace(/&[#a-z0-9]*$/i, '');
  return `${cut.replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** `2024-05-01 12:00 UTC`; the raw value when it does not parse. */
export function formatTime(occurredAt: string): string {
  const time = new Date(occurredAt);
  if (Number.isNaN(time.getTime())) return occurredAt;
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The short facts shown under an alert: status, severity, time, device and group size. */
export function contextParts(message: AlertMessage): string[] {
  const parts = [statusLabel(message), message.severity, formatTime(message.occurredAt)];
  if (message.device) parts.push(message.device.name);
  if (message.count !== undefined && message.count > 1) parts.push(`${message.count} alerts`);
  return parts.filter((part): part is string => part !== undefined && part !== '');
}

export function describeSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
