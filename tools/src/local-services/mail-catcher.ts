import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type CaughtMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
};

export type RunningMailCatcher = {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every message received so far, oldest first. */
  messages(): CaughtMail[];
  /** Resolves with the first message (received or still to come) that `matches` accepts. */
  waitFor(matches: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  stop(): Promise<void>;
};

function toCaught(parsed: ParsedMail, to: string[]): CaughtMail {
  return {
    from: parsed.from?.text ?? '',
    to,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers: parsed.headers,
  };
}

/**
 * A real SMTP server on a loopback port that keeps what it receives, parsed with mailparser:
 * the mail catcher of `npm start` and of the tests. It takes any sender and recipient, without
 * authentication or TLS (loopback only).
 */
export async function startMailCatcher(
  options: { port?: number; onMessage?: (mail: CaughtMail) => void } = {},
): Promise<RunningMailCatcher> {
  const caught: CaughtMail[] = [];
  const waiters = new Set<{
    matches: (mail: CaughtMail) => boolean;
    resolve: (mail: CaughtMail) => void;
  }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // Stopping does not wait for idle client connections (a pooled sender keeps them open).
    closeTimeout: 500,
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((recipient) => recipient.address);
      simpleParser(stream)
        .then((parsed) => {
          const mail = toCaught(parsed, to);
          caught.push(mail);
          options.onMessage?.(mail);
          for (const waiter of waiters) {
            if (waiter.matches(mail)) {
              waiters.delete(waiter);
              waiter.resolve(mail);
            }
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => [...caught],
    waitFor(matches, timeoutMs = 15_000) {
      const found = caught.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { matches, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching mail within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
