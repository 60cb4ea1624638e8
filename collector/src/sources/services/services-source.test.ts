import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner } from '../../lib/run-command.js';
import { encodeLines } from '../../telemetry/encode-lines.js';
import { apiIsUp, createServicesSource, dockerIsUp } from './services-source.js';

function answering(result: Partial<CommandResult>): CommandRunner {
  return async () => ({
    code: 0,
    stdout: '',
    stderr: '',
    timedOut: false,
    missing: false,
    ...result,
  });
}

describe('services', () => {
  it.each([
    ['active', 0, true],
    ['inactive', 3, false],
    ['failed', 3, false],
    ['', 1, undefined], // systemctl cannot reach systemd (container)
  ])('systemctl is-active docker → %j (exit %i) means up=%s', async (stdout, code, up) => {
    expect(await dockerIsUp(answering({ stdout: `${stdout}\n`, code }), 'linux')).toBe(up);
  });

  it('reads the Windows service state from sc query', async () => {
    const running = '        STATE              : 4  RUNNING\n';
    expect(await dockerIsUp(answering({ stdout: running }), 'win32')).toBe(true);
    expect(await dockerIsUp(answering({ stdout: '        STATE : 1  STOPPED\n' }), 'win32')).toBe(
      false,
    );
    expect(await dockerIsUp(answering({ missing: true, code: null }), 'darwin')).toBeUndefined();
  });

  it('reports only what applies: docker when it can be told, api when enrolled', async () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const up = createServicesSource({
      run: answering({ stdout: 'active\n' }),
      platform: 'linux',
      apiUrl: 'http://api.test/',
      httpStatus: async (url) => (url === 'http://api.test/healthz' ? 200 : 404),
    });
    expect(encodeLines(await up.gather(now))).toEqual([
      'service,name=docker up=1i 1772323200000',
      'service,name=api up=1i 1772323200000',
    ]);
    const unknown = createServicesSource({ run: answering({ code: 1 }), platform: 'linux' });
    expect(await unknown.gather(now)).toEqual([]);
  });

  it('asks the API over a real socket: 200 is up; another status, silence or no server is down', async () => {
    const server = http.createServer((request, response) => {
      if (request.url === '/slow/healthz') return; // never answers
      response.statusCode = request.url === '/healthz' ? 200 : 503;
      response.end('ok');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await apiIsUp(`${url}/`)).toBe(true);
      expect(await apiIsUp(`${url}/down`)).toBe(false);
      expect(await apiIsUp(`${url}/slow`)).toBe(false);
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(await apiIsUp(url)).toBe(false);
  }, 10_000);

  it('checks every 30 s, not every sample', async () => {
    let calls = 0;
    const source = createServicesSource({
      run: async (...args) => {
        calls += 1;
        return answering({ stdout: 'active\n' })(...args);
      },
      platform: 'linux',
    });
    const start = Date.parse('2026-03-01T00:00:00Z');
    const reported: number[] = [];
    for (let second = 0; second <= 60; second += 1) {
      if ((await source.gather(new Date(start + second * 1000))).length > 0) reported.push(second);
    }
    expect(reported).toEqual([0, 30, 60]);
    expect(calls).toBe(3);
  });
});
