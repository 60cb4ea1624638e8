import type { AlertMessage, Sender, SendOutcome } from '../channel-message.js';
import type { HttpReply } from '../safe-http.js';
import { contextParts, truncate } from './format.js';
import { classifyReply, postJson, retryOutcome, type HttpSendOptions } from './http-outcome.js';

const SEVERITY_COLORS = { critical: 0xe02f44, warning: 0xff9830, info: 0x3274d9 } as const;
const RESOLVED_COLOR = 0x56a64b;
// Discord's embed limits.
const MAX_TITLE = 256;
const MAX_DESCRIPTION = 4096;

/** Backslash-escapes Discord markdown so a message shows as the plain text it is. */
export function escapeDiscordMarkdown(text: string): string {
  return text.replace(/[\\*_~`|[\]]/g, '\\$&').replace(/^([#>-])/gm, '\\$1');
}

function embedColor(message: AlertMessage): number {
  if (message.status === 'resolved') return RESOLVED_COLOR;
  return SEVERITY_COLORS[message.severity];
}

function embedDescription(message: AlertMessage): string {
  const facts = escapeDiscordMarkdown(contextParts(message).join(' · '));
  const text = escapeDiscordMarkdown(message.message);
  // The facts line is short; the message gives way when the whole is too long.
  const room = MAX_DESCRIPTION - facts.length - 2;
  return `${truncateEscapedMarkdown(text, room)}\n\n${facts}`;
}

/** Cuts escaped markdown without leaving a lone escaping backslash before the ellipsis. */
function truncateEscapedMarkdown(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  const cut = escaped.slice(0, max - 1);
  const trailingBackslashes = cut.length - cut.replace(/\\+$/, '').length;
  return `${trailingBackslashes % 2 === 1 ? cut.slice(0, -1) : cut}…`;
}

export function discordPayload(message: AlertMessage): unknown {
  return {
    embeds: [
      {
        title: truncate(message.title, MAX_TITLE),
        description: embedDescription(message),
        color: embedColor(message),
        timestamp: message.occurredAt,
        footer: { text: 'IO Worker' },
        ...(message.link ? { url: message.link } : {}),
      },
    ],
    // Never ping @everyone, roles or users named in a message.
    allowed_mentions: { parse: [] },
  };
}

function jsonRetryAfterSeconds(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const value = (parsed as { retry_after?: unknown } | null)?.retry_after;
    return typeof value === 'number' && value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Discord's 429 body gives `retry_after` in (fractional) seconds, finer than its header. */
export function classifyDiscordReply(reply: HttpReply, host: string): SendOutcome {
  const outcome = classifyReply(reply, host);
  if (reply.status !== 429) return outcome;
  const seconds = jsonRetryAfterSeconds(reply.body);
  if (seconds === undefined) return outcome;
  return retryOutcome(`HTTP 429 from ${host}`, Math.ceil(seconds * 1000));
}

export function createDiscordSender(options: HttpSendOptions): Sender {
  return (target, message) =>
    postJson(
      {
        target: target.target,
        body: JSON.stringify(discordPayload(message)),
        classify: classifyDiscordReply,
      },
      options,
    );
}
