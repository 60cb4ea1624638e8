import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { call, type DemoApi } from './demo-api.js';

const COLLECTOR = path.resolve(import.meta.dirname, '../../collector/src/cli.ts');
const NODES = [
  { name: 'demo-rig-1', gpus: 2, seed: 1 },
  { name: 'demo-rig-2', gpus: 4, seed: 2 },
];

type Device = { id: string; name: string };

function collector(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', COLLECTOR, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Enrols each demo node once (its config is kept in the data dir), then runs its collector. */
export async function startDemoNodes(
  api: DemoApi,
  dataDir: string,
): Promise<{ devices: Device[]; stop(): Promise<void> }> {
  const { devices: existing } = await call<{ devices: Device[] }>(api, 'GET', '/v1/devices');
  const running: ChildProcess[] = [];
  const devices: Device[] = [];
  for (const node of NODES) {
    const dir = path.join(dataDir, 'demo-nodes', node.name);
    const config = path.join(dir, 'collector.json');
    const gpuArgs = [
      '--source',
      'simulated',
      '--gpus',
      String(node.gpus),
      '--seed',
      String(node.seed),
    ];
    mkdirSync(dir, { recursive: true });
    let device = existing.find((item) => item.name === node.name);
    if (!device || !existsSync(config)) {
      const enrollment = device
        ? await call<{ token: string }>(api, 'POST', `/v1/devices/${device.id}/enrollment`)
        : await call<{ device: Device; enrollment: { token: string } }>(
            api,
            'POST',
            '/v1/devices',
            {
              name: node.name,
              os: 'ubuntu',
            },
          ).then((created) => {
            device = created.device;
            return created.enrollment;
          });
      const enrolling = collector([
        'enroll',
        '--api',
        api.url,
        '--token',
        enrollment.token,
        '--config',
        config,
        ...gpuArgs,
      ]);
      const [code] = (await once(enrolling, 'exit')) as [number];
      if (code !== 0) throw new Error(`enrolling ${node.name} failed`);
    }
    if (!device) throw new Error(`no device for ${node.name}`);
    devices.push(device);
    running.push(
      collector([
        'run',
        ...gpuArgs,
        ...['--interval', '5'],
        ...['--config', config, '--buffer-dir', path.join(dir, 'buffer')],
      ]),
    );
  }
  return {
    devices,
    async stop() {
      await Promise.all(
        running.map(async (child) => {
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          await once(child, 'exit');
        }),
      );
    },
  };
}
