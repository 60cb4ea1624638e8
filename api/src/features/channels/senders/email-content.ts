import type { AlertMessage } from '../channel-message.js';
import { escapeHtml, formatTime, statusLabel } from './format.js';

const SEVERITY_COLORS = { critical: '#E02F44', warning: '#FF9830', info: '#3274D9' } as const;
const RESOLVED_COLOR = '#56A64B';

/** The title on one line, prefixed `[FIRING]`/`[RESOLVED]` for alerts only. */
export function emailSubject(message: AlertMessage): string {
  const title = message.title.replace(/\s+/g, ' ').trim();
  const label = statusLabel(message);
  return label ? `[${label}] ${title}` : title;
}

function facts(message: AlertMessage): [string, string][] {
  const rows: [string, string][] = [];
  const label = statusLabel(message);
  if (label) rows.push(['Status', label === 'RESOLVED' ? 'Resolved' : 'Firing']);
  // Mail to the account itself (a link to verify or reset) has no severity to speak of.
  if (!message.event.startsWith('account.')) rows.push(['Severity', message.severity]);
  if (message.device) rows.push(['Device', message.device.name]);
  rows.push(['Time', formatTime(message.occurredAt)]);
  if (message.count !== undefined && message.count > 1)
    rows.push(['Alerts', String(message.count)]);
  return rows;
}

export function emailText(message: AlertMessage): string {
  const lines = [message.title, '', message.message, ''];
  // The link comes before the facts: it is what the reader is here for.
  if (message.link) lines.push(`${message.linkLabel ?? 'Open in IO Worker'}: ${message.link}`, '');
  for (const [name, value] of facts(message)) lines.push(`${name}: ${value}`);
  lines.push('', '-- ', 'IO Worker');
  return `${lines.join('\n')}\n`;
}

function accentColor(message: AlertMessage): string {
  return message.status === 'resolved' && statusLabel(message)
    ? RESOLVED_COLOR
    : SEVERITY_COLORS[message.severity];
}

function factRows(message: AlertMessage): string {
  return facts(message)
    .map(
      ([name, value]) =>
        `<tr><td style="padding:2px 12px 2px 0;color:#6e6e6e">${escapeHtml(name)}</td>` +
        `<td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
}

function linkButton(link: string | undefined, label = 'Open in IO Worker'): string {
  if (!link) return '';
  return (
    `<p style="margin:20px 0 0"><a href="${escapeHtml(link)}" ` +
    'style="display:inline-block;padding:10px 18px;background:#3274D9;color:#ffffff;' +
    `text-decoration:none;border-radius:4px">${escapeHtml(label)}</a></p>`
  );
}

/** A plain, table-based layout: mail clients ignore most CSS, so styles are inline. */
export function emailHtml(message: AlertMessage): string {
  const paragraphs = escapeHtml(message.message).replace(/\r?\n/g, '<br>');
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"></head>',
    '<body style="margin:0;padding:24px;background:#f4f5f5;font-family:Arial,Helvetica,sans-serif">',
    '<table role="presentation" width="100%" style="max-width:600px;margin:0 auto;background:#ffffff;',
    `border-top:4px solid ${accentColor(message)};border-radius:4px">`,
    '<tr><td style="padding:20px 24px;color:#1f1f1f;font-size:14px;line-height:1.5">',
    `<h1 style="margin:0 0 12px;font-size:18px">${escapeHtml(message.title)}</h1>`,
    `<p style="margin:0 0 16px">${paragraphs}</p>`,
    `<table role="presentation" style="font-size:13px">${factRows(message)}</table>`,
    linkButton(message.link, message.linkLabel),
    '</td></tr></table>',
    '<p style="text-align:center;color:#8e8e8e;font-size:12px">IO Worker</p>',
    '</body></html>',
  ].join('\n');
}
