import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner } from '../../lib/run-command.js';
import { encodeLines } from '../../telemetry/encode-lines.js';
import { apiIsUp, createServicesSource, dockerIsUp } from './services-source.js';
import { parseWatchList } from './watch-list.js';

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
    const systemctl = answering({ stdout: `${stdout}\n`, code });
    expect(await dockerIsUp(systemctl, 'linux', () => true)).toBe(up);
  });

  it('starts no systemctl on a Linux that systemd does not run: it could only fail', async () => {
    let calls = 0;
    const systemctl: CommandRunner = async (...args) => {
      calls += 1;
      return answering({ stdout: 'active\n' })(...args);
    };
    expect(await dockerIsUp(systemctl, 'linux', () => false)).toBeUndefined();
    expect(calls).toBe(0);
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
      systemd: () => true,
      apiUrl: 'http://api.test/',
      httpStatus: async (url) => (url === 'http://api.test/healthz' ? 200 : 404),
    });
    expect(encodeLines(await up.gather(now))).toEqual([
      'service,name=docker up=1i 1772323200000',
      'service,name=api up=1i 1772323200000',
    ]);
    const unknown = createServicesSource({
      run: answering({ code: 1 }),
      platform: 'linux',
      systemd: () => true,
    });
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
      systemd: () => true,
    });
    const start = Date.parse('2026-03-01T00:00:00Z');
    const reported: number[] = [];
    for (let second = 0; second <= 60; second += 1) {
      if ((await source.gather(new Date(start + second * 1000))).length > 0) reported.push(second);
    }
    expect(reported).toEqual([0, 30, 60]);
    expect(calls).toBe(3);
  });

  describe('watched services', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const { watched } = parseWatchList([
      'systemd:ray-worker,systemd:gone',
      'windows:MyService',
      'container:job-runtime',
      'container:stopped,container:absent',
    ]);

    /** Answers as a machine would: `calls` records each command line. */
    function machine(calls: string[], dockerStderr = 'Error: No such container: absent\n') {
      return async (file: string, args: readonly string[]) => {
        calls.push([file, ...args].join(' '));
        const answer = (stdout: string, code = 0, stderr = '') =>
          answering({ stdout, code, stderr })(file, args, { timeoutMs: 1 });
        if (file === 'systemctl' && args.length === 2) return answer('active\n');
        if (file === 'systemctl') return answer('active\ninactive\n', 3);
        if (file === 'sc.exe' && args[1] === 'MyService') {
          return answer('        STATE              : 1  STOPPED\n', 0);
        }
        if (file === 'sc.exe') return answer('        STATE              : 4  RUNNING\n');
        return answer('/job-runtime true\n/stopped false\n', 1, dockerStderr);
      };
    }

    it('on Linux asks systemd once for every unit and docker once for every container', async () => {
      const calls: string[] = [];
      const source = createServicesSource({
        run: machine(calls),
        platform: 'linux',
        systemd: () => true,
        watched,
      });
      expect(encodeLines(await source.gather(now))).toEqual([
        'service,name=docker up=1i 1772323200000',
        'service,name=systemd:ray-worker up=1i 1772323200000',
        'service,name=systemd:gone up=0i 1772323200000',
        'service,name=container:job-runtime up=1i 1772323200000',
        'service,name=container:stopped up=0i 1772323200000',
        'service,name=container:absent up=0i 1772323200000',
      ]);
      expect(calls).toContain('systemctl is-active ray-worker gone');
      expect(calls).toContain(
        'docker inspect --type container --format {{.Name}} {{.State.Running}} job-runtime stopped absent',
      );
      expect(calls.filter((call) => call.startsWith('sc.exe'))).toEqual([]);
    });

    it('on Windows asks sc query per service; systemd units cannot be told there', async () => {
      const source = createServicesSource({
        run: machine([], 'permission denied while trying to connect to the Docker daemon socket'),
        platform: 'win32',
        watched,
      });
      expect(encodeLines(await source.gather(now))).toEqual([
        'service,name=docker up=1i 1772323200000',
        'service,name=windows:MyService up=0i 1772323200000',
        'service,name=container:job-runtime up=1i 1772323200000',
        'service,name=container:stopped up=0i 1772323200000',
      ]);
    });
  });
});
