import type { AlertMessage, Sender, SendOutcome } from '../channel-message.js';
import type { HttpReply } from '../safe-http.js';
import { contextParts, truncate, truncateEscaped } from './format.js';
import { classifyReply, postJson, type HttpSendOptions } from './http-outcome.js';

// Slack's Block Kit limits.
const MAX_HEADER = 150;
const MAX_SECTION = 3000;

/** The three characters Slack's mrkdwn wants escaped; everything else is literal. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function linkMarkup(link: string): string {
  // `|` would end the URL part of `<url|label>`.
  return `<${escapeSlack(link).replace(/\|/g, '%7C')}|Open in IO Worker>`;
}

function sectionText(message: AlertMessage): string {
  const link = message.link ? `\n\n${linkMarkup(message.link)}` : '';
  const text = truncateEscaped(escapeSlack(message.message), MAX_SECTION - link.length);
  // A section's text may not be empty.
  return `${text || ' '}${link}`;
}

export function slackPayload(message: AlertMessage): unknown {
  return {
    text: truncateEscaped(escapeSlack(`${message.title}: ${message.message}`), MAX_SECTION),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(message.title, MAX_HEADER) },
      },
      { type: 'section', text: { type: 'mrkdwn', text: sectionText(message) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: escapeSlack(contextParts(message).join(' · ')) }],
      },
    ],
  };
}

/** Slack names its errors in a short body (`invalid_token`, `no_service`): worth showing. */
export function classifySlackReply(reply: HttpReply, host: string): SendOutcome {
  const outcome = classifyReply(reply, host);
  const code = reply.body.trim();
  if (outcome.kind === 'sent' || !/^[a-z_]{1,64}$/.test(code)) return outcome;
  return outcome.kind === 'retry'
    ? { ...outcome, reason: `${outcome.reason} (${code})` }
    : { ...outcome, reason: `${outcome.reason}: ${code}` };
}

export function createSlackSender(options: HttpSendOptions): Sender {
  return (target, message) =>
    postJson(
      {
        target: target.target,
        body: JSON.stringify(slackPayload(message)),
        classify: classifySlackReply,
      },
      options,
    );
}
