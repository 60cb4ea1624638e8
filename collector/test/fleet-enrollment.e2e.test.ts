import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, collectorWorkspace, startApiProcess } from '@ioworker/tools/test/stack';

// A real API process on the run's PostgreSQL, and `enroll --fleet-token` as a real process.
let api: Awaited<ReturnType<typeof startApiProcess>>;
let session: string;

beforeAll(async () => {
  api = await startApiProcess();
  const registered = await apiRequest(api.url, 'POST', '/v1/auth/register', undefined, {
    email: `fleet-e2e-${Date.now()}@example.com`,
    password: 'e2e password 123',
  });
  session = registered.body!.token as string;
}, 60_000);
afterAll(() => api.stop());

/** A collector whose machine id file (as a pod mounts the host's) holds `machineId`. */
async function machine(machineId: string) {
  const workspace = collectorWorkspace();
  const idFile = path.join(workspace.dir, 'machine-id');
  await writeFile(idFile, `${machineId}\n`);
  const enroll = (fleetToken: string) =>
    workspace.enrollWith([
      '--api',
      api.url,
      '--fleet-token',
      fleetToken,
      '--machine-id-file',
      idFile,
      '--source',
      'simulated',
      '--gpus',
      '1',
    ]);
  const deviceId = async () =>
    (JSON.parse(await readFile(workspace.config, 'utf8')) as { deviceId: string }).deviceId;
  return { enroll, deviceId };
}

describe('collector enroll --fleet-token against a real API', () => {
  it('enrols each machine once, re-enrols the same one, and stops at the limit', async () => {
    const created = await apiRequest(api.url, 'POST', '/v1/fleet-tokens', session, {
      name: 'e2e-fleet',
      maxDevices: 1,
      expiresInDays: 1,
    });
    expect(created.status).toBe(201);
    const token = created.body!.token as string;

    const first = await machine('0123456789abcdef0123456789abcdef');
    const enrolled = await first.enroll(token);
    expect(enrolled.code, enrolled.output).toBe(0);
    expect(enrolled.output).toContain('Enrolled this machine as device');
    expect(enrolled.output).not.toContain(token);
    const deviceId = await first.deviceId();

    const again = await first.enroll(token);
    expect(again.code, again.output).toBe(0);
    expect(await first.deviceId()).toBe(deviceId);

    const full = await (await machine('fedcba9876543210fedcba9876543210')).enroll(token);
    expect(full.code).toBe(1);
    expect(full.output).toContain('The fleet token was refused');

    const devices = await apiRequest(api.url, 'GET', '/v1/devices', session);
    expect(devices.body!.devices).toMatchObject([{ id: deviceId, gpus: [{ index: 0 }] }]);
  }, 60_000);
});
