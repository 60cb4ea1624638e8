import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type SmtpStub = { url: string; close(): Promise<void> };

function answerLine(line: string, rcptReply: string): string | undefined {
  const command = line.slice(0, 4).toUpperCase();
  if (command === 'EHLO' || command === 'HELO') return '250 stub';
  if (command === 'MAIL') return '250 2.1.0 ok';
  if (command === 'RCPT') return rcptReply;
  if (command === 'RSET' || command === 'NOOP') return '250 ok';
  if (command === 'QUIT') return '221 bye';
  return '502 not implemented';
}

/**
 * A minimal real SMTP server that refuses every recipient with `rcptReply` (e.g. `550 5.1.1 User
 * unknown`), for the rejections the mail catcher never gives.
 */
export async function startSmtpStub(rcptReply: string): Promise<SmtpStub> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffered = '';
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const reply = answerLine(buffered.slice(0, end), rcptReply);
        buffered = buffered.slice(end + 2);
        if (reply) socket.write(`${reply}\r\n`);
      }
    });
    socket.write('220 smtp-stub ESMTP\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
