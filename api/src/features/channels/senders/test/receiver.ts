import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertMessage } from '../../channel-message.js';

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
};

/** What the receiver answers; `hang` keeps the request open without a reply. */
export type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

export type Receiver = {
  url: string;
  requests: RecordedRequest[];
  answer(next: Answer | ((request: RecordedRequest) => Answer)): void;
  close(): Promise<void>;
};

function respond(response: ServerResponse, answer: Answer): void {
  if (answer === 'hang') return;
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body ?? '');
}

/**
 * A real HTTP server on 127.0.0.1 that records each request and answers as told (204 by default);
 * on `port` when given, to come back where a closed one was.
 */
export async function startReceiver(port = 0): Promise<Receiver> {
  const requests: RecordedRequest[] = [];
  let next: Answer | ((request: RecordedRequest) => Answer) = { status: 204 };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const recorded = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
      };
      requests.push(recorded);
      respond(response, typeof next === 'function' ? next(recorded) : next);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    answer: (answer) => (next = answer),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function alertMessage(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    deliveryId: 'dlv_0123456789abcdef',
    event: 'device.offline',
    status: 'firing',
    severity: 'critical',
    occurredAt: '2025-03-04T05:06:07.000Z',
    title: 'Rig 7 is offline',
    message: 'No heartbeat for 10 minutes.',
    device: { id: 'dev_1', name: 'Rig 7' },
    link: 'https://app.example.com/devices/dev_1',
    ...overrides,
  };
}
