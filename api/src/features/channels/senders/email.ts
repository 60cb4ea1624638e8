import { createTransport, type NodemailerError } from 'nodemailer';
import type { Sender, SendOutcome } from '../channel-message.js';
import { describeSeconds, truncate } from './format.js';
import { emailHtml, emailSubject, emailText } from './email-content.js';
import { failedOutcome, retryOutcome, sentOutcome } from './http-outcome.js';
import { DELIVERY_HEADER } from './webhook.js';

export type EmailSenderOptions = { smtpUrl: string; mailFrom: string; timeoutMs: number };

export type EmailSender = { send: Sender; close(): Promise<void> };

/** Codes of errors that never got an SMTP reply: the server is down, slow or unreachable. */
const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'ECONNREFUSED',
  'ECONNRESET',
]);

function smtpReply(error: NodemailerError): string {
  // The server's own words (e.g. "550 5.1.1 User unknown") without the SMTP URL or credentials.
  const response = (error.response ?? '').replace(/\s+/g, ' ').trim();
  return truncate(response || `SMTP ${error.responseCode}`, 200);
}

/** SMTP 4xx (and 503) retry, other 5xx fail; errors without a reply retry unless they are ours. */
export function classifyMailError(error: unknown, timeoutMs: number): SendOutcome {
  const mailError = (error ?? {}) as NodemailerError;
  const responseCode = mailError.responseCode;
  // A refused login is this server's configuration, not the user's address: it may get fixed.
  if (mailError.code === 'EAUTH' || mailError.code === 'ENOAUTH') {
    return retryOutcome('the mail server refused our login');
  }
  if (typeof responseCode === 'number' && responseCode >= 400) {
    const reason = `the mail server answered ${smtpReply(mailError)}`;
    const permanent = mailError.permanent ?? responseCode >= 500;
    return permanent ? failedOutcome(reason) : retryOutcome(reason);
  }
  const code = mailError.code ?? '';
  if (code === 'ETIMEDOUT') return retryOutcome(`timed out after ${describeSeconds(timeoutMs)}`);
  if (CONNECTION_CODES.has(code)) {
    const original = mailError.originalCode ? `, ${mailError.originalCode}` : '';
    return retryOutcome(`could not reach the mail server (${code}${original})`);
  }
  // EENVELOPE, EMESSAGE: the message or the address itself is unusable.
  if (code === 'EENVELOPE' || code === 'EMESSAGE')
    return failedOutcome(`the mail was refused (${code})`);
  return retryOutcome(`sending the mail failed${code ? ` (${code})` : ''}`);
}

/** `<deliveryId@domain-of-mailFrom>`, so a retried mail keeps its Message-ID. */
function messageIdFor(deliveryId: string, mailFrom: string): string | undefined {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1];
  if (!domain || !/^[A-Za-z0-9._-]+$/.test(deliveryId)) return undefined;
  return `<${deliveryId}@${domain}>`;
}

export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const transport = createTransport({
    url: options.smtpUrl,
    pool: true,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const send: Sender = async (target, message) => {
    const messageId = messageIdFor(message.deliveryId, options.mailFrom);
    try {
      await transport.sendMail({
        from: options.mailFrom,
        to: target.target,
        subject: emailSubject(message),
        text: emailText(message),
        html: emailHtml(message),
        headers: { [DELIVERY_HEADER]: message.deliveryId },
        ...(messageId ? { messageId } : {}),
      });
      return sentOutcome();
    } catch (error) {
      return classifyMailError(error, options.timeoutMs);
    }
  };
  return {
    send,
    close: async () => transport.close(),
  };
}
