import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
});
afterAll(() => api.close());

async function enrolledNode(name: string) {
  const created = await createDevice(api.url, user, name);
  const { credential } = (await enroll(api.url, created.enrollment.token)).body;
  const write = async (lines: string[]) => {
    const response = await fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}`, 'content-type': 'text/plain' },
      body: lines.join('\n'),
    });
    const text = await response.text();
    return { status: response.status, message: text ? (JSON.parse(text).message as string) : '' };
  };
  return { id: created.device.id as string, write };
}

/** The InfluxDB series of one device and measurement. */
async function seriesCount(deviceId: string, measurement: string): Promise<number> {
  const series = await api.influx(
    `SHOW SERIES FROM "${measurement}" WHERE "device" = '${deviceId}'`,
  );
  return series[0]?.values.length ?? 0;
}

const gpuLine = (gpu: number, uuid: string, model = 'RTX\\ 4090', at = Date.now()) =>
  `gpu,gpu=${gpu},uuid=${uuid},model=${model} temperature_c=60 ${at}`;
const range = (length: number) => Array.from({ length }, (_, index) => index);

describe('within one write: one uuid and one model per GPU index, at most 64 GPUs', () => {
  it('refuses a second uuid or model for a GPU index, naming the line and tag; stores nothing', async () => {
    const node = await enrolledNode('one-card-per-index');
    const uuid = await node.write([
      gpuLine(0, 'GPU-aaa'),
      gpuLine(1, 'GPU-bbb'),
      gpuLine(0, 'GPU-ccc'),
    ]);
    expect(uuid).toEqual({
      status: 400,
      message: 'line 3: tag uuid: GPU 0 already reports uuid GPU-aaa in this write',
    });
    const model = await node.write([gpuLine(0, 'GPU-aaa'), gpuLine(0, 'GPU-aaa', 'A100')]);
    expect(model).toEqual({
      status: 400,
      message: 'line 2: tag model: GPU 0 already reports model RTX 4090 in this write',
    });
    const missing = await node.write([gpuLine(0, 'GPU-aaa'), `gpu,gpu=0 temperature_c=1`]);
    expect(missing.message).toBe(
      'line 2: tag uuid: GPU 0 already reports uuid GPU-aaa in this write',
    );
    expect(await seriesCount(node.id, 'gpu')).toBe(0);
  });

  it('refuses the review’s write of 64 GPUs × 64 uuids × 4 models and a 65th GPU', async () => {
    const node = await enrolledNode('cardinality-bomb');
    const at = Date.now();
    // 64 uuids and 4 models, each tag within the old per-write limit of 64 values: 16,384 series.
    const bomb = range(64).flatMap((gpu) =>
      range(64).flatMap((u) => range(4).map((m) => gpuLine(gpu, `GPU-${u}`, `M${m}`, at))),
    );
    const refused = await node.write(bomb);
    expect(refused).toEqual({
      status: 400,
      message: 'line 2: tag model: GPU 0 already reports model M0 in this write',
    });
    const tooMany = await node.write(range(65).map((gpu) => gpuLine(gpu, `GPU-${gpu}`)));
    expect(tooMany).toEqual({
      status: 400,
      message: 'line 65: tag gpu: more than 64 GPUs in one write',
    });
    expect(await seriesCount(node.id, 'gpu')).toBe(0);
    expect((await node.write(range(64).map((gpu) => gpuLine(gpu, `GPU-${gpu}`)))).status).toBe(204);
    expect(await seriesCount(node.id, 'gpu')).toBe(64);
  });
});

describe('across writes: at most 128 GPU tag sets and 32 service names per device', () => {
  it('takes GPU swaps up to 128 tag sets, then refuses new ones naming the tag; known ones still pass', async () => {
    const node = await enrolledNode('swapping-rig');
    for (const batch of ['A', 'B']) {
      const lines = range(64).map((gpu) => gpuLine(gpu, `GPU-${batch}${gpu}`));
      expect((await node.write(lines)).status).toBe(204);
    }
    const newUuid = await node.write([gpuLine(5, 'GPU-A5'), gpuLine(0, 'GPU-C0')]);
    expect(newUuid.status).toBe(400);
    expect(newUuid.message).toMatch(/^line 2: tag uuid: series budget: GPU 0 with uuid GPU-C0 /);
    const newModel = await node.write([gpuLine(0, 'GPU-A0', 'H100')]);
    expect(newModel.message).toMatch(/^line 1: tag model: series budget: /);
    const newIndex = await node.write([gpuLine(64, 'GPU-A64')]);
    expect(newIndex.message).toBe(
      'line 1: tag gpu: series budget: GPU 64 would be a new series, and this device already has 128 GPU tag sets (gpu, uuid, model), the most it may',
    );
    expect((await node.write([gpuLine(5, 'GPU-A5'), gpuLine(7, 'GPU-B7')])).status).toBe(204);
    expect(await seriesCount(node.id, 'gpu')).toBe(128);
  });

  it('50 parallel writes of new uuids together stay within the budget', async () => {
    const node = await enrolledNode('parallel-swaps');
    const at = Date.now();
    const replies = await Promise.all(
      range(50).map((write) =>
        node.write(range(4).map((gpu) => gpuLine(gpu, `GPU-${write}-${gpu}`, 'RTX', at))),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    // Each write brings 4 new tag sets: exactly 32 of them fit in 128.
    expect(statuses.filter((status) => status === 204)).toHaveLength(32);
    expect(statuses.filter((status) => status === 400)).toHaveLength(18);
    expect(await seriesCount(node.id, 'gpu')).toBe(128);
  });

  it('refuses a 33rd service name, keeps at most 32 services, and the known ones still pass', async () => {
    const node = await enrolledNode('many-services');
    const at = Date.now();
    const services = range(32).map((index) => `service,name=svc-${index} up=1i ${at}`);
    expect((await node.write(services)).status).toBe(204);
    const more = await node.write([
      `service,name=svc-0 up=1i ${at}`,
      `service,name=extra up=1i ${at}`,
    ]);
    expect(more.status).toBe(400);
    expect(more.message).toMatch(/^line 2: tag name: series budget: service extra /);
    const parallel = await Promise.all(
      range(20).map((index) => node.write([`service,name=new-${index} up=1i ${at + 1}`])),
    );
    expect(parallel.every((reply) => reply.status === 400)).toBe(true);
    expect((await node.write([`service,name=svc-31 up=0i ${at + 2}`])).status).toBe(204);
    expect(await seriesCount(node.id, 'service')).toBe(32);
    const device = await request(api.url, 'GET', `/v1/devices/${node.id}`, { bearer: user.token });
    expect(device.body.services).toHaveLength(32);
  });
});

describe('the latest state kept per device stays small', () => {
  it('drops services not reported for a day, and caps what an older row already holds', async () => {
    const node = await enrolledNode('old-services');
    const now = Date.now();
    expect((await node.write([`service,name=retired up=1i ${now - 2 * 86_400_000}`])).status).toBe(
      204,
    );
    expect((await node.write([`service,name=docker up=1i ${now}`])).status).toBe(204);
    let device = await request(api.url, 'GET', `/v1/devices/${node.id}`, { bearer: user.token });
    expect(device.body.services.map((service: { name: string }) => service.name)).toEqual([
      'docker',
    ]);
    // A row written before the budget existed, with the review's 3,840 services.
    const hoarded = range(3840).map((index) => ({
      name: `old-${index}`,
      up: true,
      checkedAt: new Date(now - 1000).toISOString(),
    }));
    const latest = { at: new Date(now - 1000).toISOString(), gpus: [], services: hoarded };
    await api.db
      .updateTable('devices')
      .set({ latest: JSON.stringify(latest) })
      .where('id', '=', node.id)
      .execute();
    expect((await node.write([`service,name=docker up=1i ${now + 1}`])).status).toBe(204);
    device = await request(api.url, 'GET', `/v1/devices/${node.id}`, { bearer: user.token });
    expect(device.body.services).toHaveLength(32);
    expect(device.body.services.map((service: { name: string }) => service.name)).toContain(
      'docker',
    );
  });

  it('refuses a string field over 64 characters (the review’s 4 MB agent_version) naming it', async () => {
    const node = await enrolledNode('long-version');
    const huge = await node.write([
      `host uptime_s=1 ${Date.now()}`,
      `host agent_version="${'v'.repeat(4_000_000)}"`,
    ]);
    expect(huge).toEqual({
      status: 400,
      message: 'line 2: field "agent_version" is longer than 64 characters',
    });
    const long = await node.write([`host agent_version="${'v'.repeat(65)}"`]);
    expect(long.status).toBe(400);
    expect((await node.write([`host agent_version="${'v'.repeat(64)}"`])).status).toBe(204);
    const row = await api.db
      .selectFrom('devices')
      .select((eb) => eb.fn<number>('octet_length', [eb.cast('latest', 'text')]).as('bytes'))
      .where('id', '=', node.id)
      .executeTakeFirstOrThrow();
    expect(row.bytes).toBeLessThan(1000);
  });
});
