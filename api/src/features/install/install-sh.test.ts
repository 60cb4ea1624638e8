import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { buildNvmlStandIn } from '@ioworker/tools/nvml-stand-in';
import collectorManifest from '@ioworker/collector/package.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { downloadInstallSh, run, sha256, type Run } from './test/run-script.js';

/**
 * A `node` that tells the installer it is Node.js `major` (the installer asks with `-e`) and runs
 * everything else with this Node.js, so the install completes whatever version this is.
 */
async function fakeNode(path: string, major: number): Promise<void> {
  const script = [
    '#!/bin/sh',
    `case "$2" in *process.versions.node*) printf ${major}; exit 0 ;; esac`,
    `exec '${process.execPath}' "$@"`,
    '',
  ].join('\n');
  await writeFile(path, script, { mode: 0o755 });
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

let api: TestApi;
let scratch: string;
let installSh: string;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  ({ scratch, installSh } = await downloadInstallSh(api.url));
  user = await registerUser(api.url);
});

afterAll(async () => {
  await api.close();
  await rm(scratch, { recursive: true, force: true });
});

async function newRoot(name: string): Promise<string> {
  return mkdtemp(join(scratch, `${name}-`));
}

type InstallOptions = { apiUrl?: string; args?: string[]; env?: Record<string, string> };

function install(root: string, token: string, options: InstallOptions = {}): Promise<Run> {
  const { apiUrl = api.url, args = [], env } = options;
  const base = ['--root', root, '--node', process.execPath, '--api', apiUrl, '--token', token];
  return run('bash', [installSh, ...base, ...args], scratch, env);
}

/** One sample from the installed collector, reading NVML from the C stand-in for the driver. */
async function sampleThroughNvml(root: string): Promise<Run> {
  const libraryDir = buildNvmlStandIn(await mkdtemp(join(scratch, 'nvml-')));
  const bundle = join(root, 'opt/io-worker/io-worker-collector.mjs');
  const config = join(root, 'etc/io-worker/absent.json');
  return run(process.execPath, [bundle, 'sample', '--source', 'nvml', '--config', config], root, {
    LD_LIBRARY_PATH: libraryDir,
  });
}

describe('install.sh --root', () => {
  it('installs, enrols and writes a hardened unit; a second run re-enrols', async () => {
    const { device, enrollment } = await createDevice(api.url, user, 'installed-rig');
    const root = await newRoot('first');
    const first = await install(root, enrollment.token);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout + first.stderr).not.toContain(enrollment.token);
    expect(first.stdout).toContain('would run: useradd --system --no-create-home');
    expect(first.stdout).toContain('would run: systemctl daemon-reload');
    expect(first.stdout).toContain(
      'would run: systemctl enable --now --quiet io-worker-collector.service',
    );

    const bundle = await readFile(join(root, 'opt/io-worker/io-worker-collector.mjs'));
    const published = await (
      await fetch(`${api.url}/downloads/io-worker-collector.mjs.sha256`)
    ).text();
    expect(sha256(bundle)).toBe(published.slice(0, 64));
    // Beside it, koffi from the API's lock file, with this platform's native module only.
    expect(first.stdout).toContain('Installed koffi into /opt/io-worker/node_modules');
    const modules = join(root, 'opt/io-worker/node_modules');
    expect(JSON.parse(await readFile(join(modules, 'koffi/package.json'), 'utf8'))).toMatchObject({
      version: collectorManifest.optionalDependencies.koffi,
    });
    expect(await mode(join(modules, 'koffi/package.json'))).toBe(0o644);
    expect(await readdir(join(modules, '@koromix'))).toEqual([
      `koffi-${process.platform}-${process.arch}`,
    ]);
    const sample = await sampleThroughNvml(root);
    expect(sample.code, sample.stderr).toBe(0);
    expect(sample.stdout).toMatch(
      /^gpu,gpu=0,model=NVIDIA\\ H200,uuid=GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0 temperature_c=36,/m,
    );
    expect(await mode(join(root, 'opt/io-worker/io-worker-collector.mjs'))).toBe(0o644);
    expect(await mode(join(root, 'etc/io-worker'))).toBe(0o750);
    expect(await mode(join(root, 'var/lib/io-worker'))).toBe(0o750);

    const configPath = join(root, 'etc/io-worker/collector.json');
    expect(await mode(configPath)).toBe(0o600);
    const firstConfig = await readFile(configPath, 'utf8');
    expect(firstConfig).toContain(device.id);
    expect(firstConfig).not.toContain(enrollment.token);

    const unit = await readFile(
      join(root, 'etc/systemd/system/io-worker-collector.service'),
      'utf8',
    );
    const lines = unit.split('\n');
    for (const line of [
      'User=io-worker',
      'Environment=IOW_CONFIG=/etc/io-worker/collector.json IOW_BUFFER_DIR=/var/lib/io-worker/buffer',
      `ExecStart=${process.execPath} /opt/io-worker/io-worker-collector.mjs run`,
      'Restart=on-failure',
      'RestartSec=5',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ReadWritePaths=/var/lib/io-worker /etc/io-worker',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'ProtectKernelTunables=yes',
      'ProtectControlGroups=yes',
      'RestrictSUIDSGID=yes',
      'LockPersonality=yes',
      'WantedBy=multi-user.target',
    ]) {
      expect(lines).toContain(line);
    }
    // nvidia-smi needs /dev/nvidia*.
    expect(unit).not.toMatch(/PrivateDevices|DevicePolicy/);
    expect(unit).not.toContain(root);

    const details = await request(api.url, 'GET', `/v1/devices/${device.id}`, {
      bearer: user.token,
    });
    expect(details.body.hostname).toBe(hostname());

    const again = await request(api.url, 'POST', `/v1/devices/${device.id}/enrollment`, {
      bearer: user.token,
    });
    expect(again.status).toBe(201);
    const second = await install(root, again.body.token, { args: ['--no-nvml'] });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('would run: systemctl restart io-worker-collector.service');
    expect(second.stdout).toContain('Removed /opt/io-worker/node_modules (--no-nvml)');
    await expect(stat(modules)).rejects.toThrow();
    expect((await sampleThroughNvml(root)).stderr).toMatch(/NVML/);
    const secondConfig = await readFile(configPath, 'utf8');
    expect(secondConfig).toContain(device.id);
    expect(secondConfig).not.toBe(firstConfig);
    expect(await mode(configPath)).toBe(0o600);

    // A spent token changes nothing: the working install stays as it was.
    const third = await install(root, again.body.token);
    expect(third.code).not.toBe(0);
    expect(third.stderr).toMatch(/enrollment failed/);
    expect(await readFile(configPath, 'utf8')).toBe(secondConfig);
  });

  it("picks Node.js 24 or newer by itself: not an earlier run's older one, but one on PATH", async () => {
    const { enrollment } = await createDevice(api.url, user, 'node-choice-rig');
    const root = await newRoot('node-choice');
    const ours = join(root, 'opt/io-worker/node/bin/node');
    await mkdir(dirname(ours), { recursive: true });
    await fakeNode(ours, 20);
    const pathDir = await mkdtemp(join(scratch, 'path-'));
    await fakeNode(join(pathDir, 'node'), 24);
    const args = ['--root', root, '--api', api.url, '--token', enrollment.token];
    const result = await run('bash', [installSh, ...args], scratch, {
      PATH: `${pathDir}:${process.env.PATH ?? ''}`,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'Not using Node.js 20 at /opt/io-worker/node/bin/node (installed by an earlier run): older than 24',
    );
    expect(result.stdout).toContain(`Using Node.js 24 at ${pathDir}/node (from PATH)`);
    const unit = await readFile(
      join(root, 'etc/systemd/system/io-worker-collector.service'),
      'utf8',
    );
    expect(unit).toContain(`ExecStart=${pathDir}/node /opt/io-worker/io-worker-collector.mjs run`);
  });

  it('takes an older Node.js named with --node, down to 20, but not below', async () => {
    const root = await newRoot('node-too-old');
    const old = join(scratch, 'node-18');
    await fakeNode(old, 18);
    const args = ['--root', root, '--node', old, '--api', api.url, '--token', 'iowe_unused'];
    const result = await run('bash', [installSh, ...args], scratch);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `--node ${old} is Node.js 18; the collector needs Node.js 20 or newer`,
    );
  });

  it('refuses a bad token clearly and writes no config', async () => {
    const root = await newRoot('bad-token');
    const result = await install(root, `iowe_${'a'.repeat(32)}`);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/enrollment failed/);
    expect(result.stderr).toMatch(/not valid|expired|used/i);
    await expect(stat(join(root, 'etc/io-worker/collector.json'))).rejects.toThrow();
    await expect(stat(join(root, 'opt/io-worker/io-worker-collector.mjs'))).rejects.toThrow();
    await expect(
      stat(join(root, 'etc/systemd/system/io-worker-collector.service')),
    ).rejects.toThrow();
  });

  it('refuses a collector that does not match its SHA-256, and spends no token', async () => {
    const proxy = await corruptingProxy(api.url);
    try {
      const { enrollment } = await createDevice(api.url, user, 'tampered-rig');
      const root = await newRoot('tampered');
      const result = await install(root, enrollment.token, { apiUrl: proxy.url });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/does not match its SHA-256/);
      await expect(stat(join(root, 'opt/io-worker/io-worker-collector.mjs'))).rejects.toThrow();
      await expect(stat(join(root, 'etc/io-worker/collector.json'))).rejects.toThrow();
      expect((await enroll(api.url, enrollment.token)).status).toBe(201);
    } finally {
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });

  it('installs without NVML when npm cannot fetch koffi, and says so', async () => {
    const { enrollment } = await createDevice(api.url, user, 'offline-npm-rig');
    const root = await newRoot('offline-npm');
    const result = await install(root, enrollment.token, {
      env: {
        // A registry that refuses connections, and a cache that holds nothing.
        npm_config_registry: 'http://127.0.0.1:9/',
        npm_config_cache: await mkdtemp(join(scratch, 'npm-cache-')),
        npm_config_prefer_offline: 'false',
        // The script retries once; at once here.
        npm_config_fetch_retry_mintimeout: '10',
        npm_config_fetch_retry_maxtimeout: '10',
      },
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain('npm could not install koffi');
    expect(result.stderr).toContain('the collector will read nvidia-smi instead of NVML');
    expect(result.stdout).toContain('would run: systemctl enable --now');
    await expect(stat(join(root, 'opt/io-worker/node_modules'))).rejects.toThrow();
    await expect(stat(join(root, 'etc/io-worker/collector.json'))).resolves.toBeTruthy();
  });

  it("keeps an earlier run's koffi when npm leaves out the native module and exits 0", async () => {
    const { enrollment } = await createDevice(api.url, user, 'optional-off-rig');
    const root = await newRoot('optional-off');
    const first = await install(root, enrollment.token);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const native = join(root, 'opt/io-worker/node_modules/@koromix');
    const natives = await readdir(native);
    expect(natives).toHaveLength(1);

    const again = await createDevice(api.url, user, 'optional-off-rig-2');
    // npm then installs koffi alone; Node would still find the earlier copy up the tree.
    const second = await install(root, again.enrollment.token, {
      env: { npm_config_optional: 'false' },
    });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stderr).toContain(
      `npm installed koffi without its native module @koromix/${natives[0]}`,
    );
    expect(second.stderr).toContain('keeping the koffi of an earlier run');
    expect(second.stdout).not.toContain('Installed koffi');
    expect(await readdir(native)).toEqual(natives);
    expect((await sampleThroughNvml(root)).code).toBe(0);
  });

  it('explains its usage on bad arguments', async () => {
    const result = await run('bash', [installSh, '--api', api.url], scratch);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing --token');
    expect(result.stderr).toContain('Usage: install.sh --api URL --token TOKEN');
  });
});

/** Forwards to the API, flipping one byte of the bundle on its way through. */
async function corruptingProxy(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const upstream = await fetch(`${target}${req.url}`);
    const body = new Uint8Array(await upstream.arrayBuffer());
    if (req.url === '/downloads/io-worker-collector.mjs') {
      const at = Math.floor(body.length / 2);
      body[at] = body[at]! ^ 0x01;
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
