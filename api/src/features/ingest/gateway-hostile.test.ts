import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, enrolledDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

/*
 * Hostile review of the write gateway: forwarded lines (as-written.ts), shared POSTs to InfluxDB
 * (sample-writes.ts), cached credentials and coalesced device state. Invariants: a node writes
 * only under its own device tag, stored values equal the checked ones, a refused batch stores
 * nothing, no 5xx.
 */
type Node = { id: string; credential: string };
type Precision = 's' | 'ms' | 'us' | 'ns';
const FACTOR: Record<Precision, bigint> = { s: 1n, ms: 1_000n, us: 1_000_000n, ns: 1_000_000_000n };

function write(
  api: TestApi,
  node: Node,
  body: string,
  options: { precision?: Precision; gzip?: boolean } = {},
) {
  const headers: Record<string, string> = { authorization: `Token ${node.credential}` };
  if (options.gzip) headers['content-encoding'] = 'gzip';
  return fetch(`${api.url}/api/v2/write?bucket=b&precision=${options.precision ?? 'ns'}`, {
    method: 'POST',
    headers,
    body: options.gzip ? gzipSync(body) : body,
  });
}

/** Rows of a query as objects keyed by column. */
async function rows(api: TestApi, query: string): Promise<Record<string, unknown>[]> {
  const series = await api.influx(query);
  return series.flatMap(({ columns, values }) =>
    values.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]]))),
  );
}

// Whole seconds, so every precision can carry the same instant.
const baseSeconds = () => BigInt(Math.floor(Date.now() / 1000) - 60);

describe('forwarded and re-written lines store the values the gateway checked', () => {
  let api: TestApi;
  let user: TestUser;
  beforeAll(async () => {
    api = await startTestApi({ LOG_LEVEL: 'error' });
    user = await registerUser(api.url);
  });
  afterAll(() => api.close());

  // [gpu index, line written with TS as the timestamp, expected tags and fields]
  // prettier-ignore
  const cases: [number, string, Record<string, unknown>][] = [
    [1, 'gpu,gpu=1,model=A\\=B\\,C\\ D temperature_c=1.5 TS', { model: 'A=B,C D', temperature_c: 1.5 }],
    [2, 'gpu,gpu=2,uuid=GPU-ü,model=Ünï\\ 😀 temperature_c=-0,power_w=.5e-3 TS', { uuid: 'GPU-ü', model: 'Ünï 😀', temperature_c: -0, power_w: 0.0005 }],
    [3, 'gpu,gpu=3 temperature_c=1E+2,throttled=007i,power_w=1.   TS  \r\n\r\n', { temperature_c: 100, throttled: 7, power_w: 1 }],
    [4, 'gpu,gpu=4,model=A\\"B temperature_c=4 TS', { model: 'A\\"B' }],
    [5, 'gpu,gpu=5,model=A\\\\B temperature_c=5 TS', { model: 'A\\\\B' }],
    [6, 'gpu,gpu=6,model=A"B",uuid=" temperature_c=6 TS', { model: 'A"B"', uuid: '"' }],
    [7, 'gpu,gpu=07,device=evil,uuid=GPU-7 temperature_c=7 TS', { uuid: 'GPU-7', temperature_c: 7 }],
    [8, 'gpu,uuid=GPU-8,gpu=8 power_w=300i,throttled=1.4,temperature_c=true,utilization_pct=5u,ecc_errors=-9.223372036854775808e18 TS',
      { power_w: 300, throttled: 1, temperature_c: 1, utilization_pct: 5, ecc_errors: -9223372036854775808 }],
    [9, 'gpu,gpu=9 temperature_c="hot",temperature_c=9 TS', { temperature_c: 9 }],
    [10, 'gpu,gpu=10 temperature_c=10 0000TS', { temperature_c: 10 }],
    [11, 'gpu,gpu=11,model=x\\\\,device\\=evil temperature_c=11 TS', { model: 'x\\,device=evil' }],
    [12, `gpu,gpu=12,model=${'\\,'.repeat(128)} temperature_c=12 TS`, { model: ','.repeat(128) }],
    [13, '# comment\n  gpu,gpu=13,model=\\ lead temperature_c=1.3e1 TS \n# end', { model: ' lead', temperature_c: 13 }],
  ];
  const precisions: Precision[] = ['s', 'ms', 'us', 'ns'];

  it.each(cases)('gpu %i', async (gpu, line, expected) => {
    const node = await enrolledDevice(api.url, user, `hostile-${gpu}`);
    const precision = precisions[gpu % 4]!;
    const seconds = baseSeconds();
    const body = line.replace('TS', String(seconds * FACTOR[precision]));
    const response = await write(api, node, body, { precision, gzip: gpu % 3 === 0 });
    // Every case is valid: what InfluxDB 1.x cannot take is the gateway's to avoid, not a 5xx.
    expect(response.status, await response.text()).toBe(204);
    const stored = await rows(api, `SELECT * FROM "gpu" WHERE "device" = '${node.id}'`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      time: Number(seconds) * 1000,
      gpu: String(gpu),
      device: node.id,
      ...expected,
    });
    expect(await api.influx(`SELECT * FROM "gpu" WHERE "device" = 'evil'`)).toEqual([]);
  });

  it('string values: escapes re-written, raw control characters forwarded', async () => {
    const node = await enrolledDevice(api.url, user, 'strings');
    const t = baseSeconds() * 1_000_000_000n;
    const values = ['a\\\\\\"b\\tc', 'v\u000b1\u007f', '\\\\', 'x\\yz', '= ,\\"\\\\'];
    const expected = ['a\\"b\tc', 'v\u000b1\u007f', '\\', 'x\\yz', '= ,"\\'];
    const body = values.map(
      (v, i) => `host agent_version="${v}" ${t - BigInt(i) * 1_000_000_000n}`,
    );
    const response = await write(api, node, body.join('\n'));
    expect(response.status, await response.text()).toBe(204);
    const stored = await rows(
      api,
      `SELECT "agent_version" FROM "host" WHERE "device" = '${node.id}' ORDER BY time DESC`,
    );
    expect(stored.map((row) => row.agent_version)).toEqual(expected);
  });

  it('a batch refused on its last line stores nothing, 20,000 lines included', async () => {
    const node = await enrolledDevice(api.url, user, 'refused');
    const t = baseSeconds() * 1000n;
    const lines = Array.from(
      { length: 19_999 },
      (_, i) => `gpu,gpu=${i % 8} temperature_c=${i} ${t - BigInt(i)}`,
    );
    for (const last of [
      `gpu,gpu=0 throttled=9.3e18 ${t}`,
      `gpu,gpu=0 temperature_c=1 ${t + 10n * 60_000n}`,
      `gpu,gpu=256 temperature_c=1 ${t}`,
      `host agent_version="${'x'.repeat(65)}" ${t}`,
      `gpu,gpu=0 temperature_c=1 ${t}\r `,
    ]) {
      const response = await write(api, node, [...lines, last].join('\n'), {
        precision: 'ms',
        gzip: true,
      });
      expect(response.status, last).toBe(400);
    }
    expect(await api.influx(`SELECT count(*) FROM "gpu" WHERE "device" = '${node.id}'`)).toEqual(
      [],
    );
  }, 60_000);
});

describe('shared POSTs: one device refused by InfluxDB fails no one else', () => {
  let api: TestApi;
  let user: TestUser;
  beforeAll(async () => {
    api = await startTestApi({ LOG_LEVEL: 'error' });
    user = await registerUser(api.url);
  });
  afterAll(() => api.close());

  it('answers each write for its own lines when InfluxDB refuses one that shared its POST', async () => {
    // A field InfluxDB already holds as a string in this shard (an old schema, an import):
    // InfluxDB then refuses a float written to it, whatever the gateway checked.
    const seed = await enrolledDevice(api.url, user, 'seed');
    const t = baseSeconds() * 1_000_000_000n;
    expect((await write(api, seed, `host agent_version="1" ${t}`)).status).toBe(204);
    await api.influx(
      `SELECT "agent_version" AS "mem_total_mib" INTO "host" FROM "host" WHERE "device" = '${seed.id}'`,
    );

    const good = await Promise.all(
      Array.from({ length: 12 }, (_, i) => enrolledDevice(api.url, user, `good-${i}`)),
    );
    const hostile = await enrolledDevice(api.url, user, 'hostile');
    const answers = await Promise.all([
      ...good.map((node, i) =>
        write(api, node, `gpu,gpu=0 temperature_c=${i} ${t}\nhost cpu_pct=${i} ${t}`).then(
          (r) => r.status,
        ),
      ),
      write(api, hostile, `gpu,gpu=0 temperature_c=99 ${t}\nhost mem_total_mib=5 ${t}`).then(
        (r) => r.status,
      ),
    ]);
    expect(answers).toEqual([...good.map(() => 204), 400]);
    for (const [i, node] of good.entries()) {
      const stored = await rows(
        api,
        `SELECT "temperature_c" FROM "gpu" WHERE "device" = '${node.id}'`,
      );
      expect(stored.map((row) => row.temperature_c)).toEqual([i]);
    }
    // InfluxDB 1.x keeps what it did not refuse ("partial write"), and the answer says so.
    const refused = await write(api, hostile, `host mem_total_mib=6 ${t + 1n}`);
    expect(await refused.text()).toMatch(/InfluxDB 1\.x keeps the points it did not refuse/);
  });
});

describe('credentials and device state under parallel writes', () => {
  let api: TestApi;
  let user: TestUser;
  beforeAll(async () => {
    api = await startTestApi({ LOG_LEVEL: 'error', DEVICE_STATE_FLUSH_MS: '1000' });
    user = await registerUser(api.url);
  });
  afterAll(() => api.close());

  it('a deleted device is refused at once, and nothing after the delete is kept', async () => {
    const node = await enrolledDevice(api.url, user, 'doomed');
    const t = baseSeconds() * 1000n;
    const before = Array.from({ length: 30 }, (_, i) =>
      write(api, node, `gpu,gpu=0 temperature_c=${i} ${t - BigInt(i)}\nhost uptime_s=5 ${t}`, {
        precision: 'ms',
      }).then((r) => r.status),
    );
    const deleted = await request(api.url, 'DELETE', `/v1/devices/${node.id}`, {
      bearer: user.token,
    });
    expect(deleted.status).toBe(204);
    const snapshot = () =>
      api.db
        .selectFrom('devices')
        .select(['deleted_at', 'latest', 'gpus', 'last_seen_at', 'reported_status'])
        .where('id', '=', node.id)
        .executeTakeFirst();
    const count = async (table: 'device_uptime_days' | 'device_energy_hours') =>
      (
        await api.db
          .selectFrom(table)
          .select('device_id')
          .where('device_id', '=', node.id)
          .execute()
      ).length;
    const atDelete = [
      await snapshot(),
      await count('device_uptime_days'),
      await count('device_energy_hours'),
    ];
    const after = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        write(api, node, `gpu,gpu=1 temperature_c=${i} ${t}`, { precision: 'ms' }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(after.every((status) => status === 401)).toBe(true);
    const racing = await Promise.all(before);
    expect(
      racing.every((status) => status === 204 || status === 401),
      String(racing),
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      await api.influx(`SELECT * FROM "gpu" WHERE "device" = '${node.id}' AND "gpu" = '1'`),
    ).toEqual([]);
    // Writes accepted before the delete but flushed after it keep nothing more.
    const later = [
      await snapshot(),
      await count('device_uptime_days'),
      await count('device_energy_hours'),
    ];
    expect(later).toEqual(atDelete);
    expect(later[0]).toMatchObject({ deleted_at: expect.any(Date) });
  });

  it('a re-enrolled device refuses its old credential the moment the new one is issued', async () => {
    const node = await enrolledDevice(api.url, user, 'reenrolled');
    const t = baseSeconds() * 1000n;
    const line = (i: number) => `gpu,gpu=0 temperature_c=${i} ${t + BigInt(i)}`;
    expect((await write(api, node, line(0), { precision: 'ms' })).status).toBe(204);
    const issued = await request(api.url, 'POST', `/v1/devices/${node.id}/enrollment`, {
      bearer: user.token,
    });
    expect(issued.status).toBe(201);
    // Still the device's until the new token is used.
    expect((await write(api, node, line(1), { precision: 'ms' })).status).toBe(204);
    const racing = Array.from({ length: 20 }, (_, i) =>
      write(api, node, line(2 + i), { precision: 'ms' }).then((r) => r.status),
    );
    const enrolled = await enroll(api.url, issued.body.token);
    expect(enrolled.status).toBe(201);
    expect((await write(api, node, line(100), { precision: 'ms' })).status).toBe(401);
    expect((await Promise.all(racing)).every((status) => status === 204 || status === 401)).toBe(
      true,
    );
    const fresh = { id: node.id, credential: enrolled.body.credential as string };
    expect((await write(api, fresh, line(101), { precision: 'ms' })).status).toBe(204);
    const stored = await rows(
      api,
      `SELECT "temperature_c" FROM "gpu" WHERE "device" = '${node.id}' AND "temperature_c" >= 100`,
    );
    expect(stored.map((row) => row.temperature_c)).toEqual([101]);
  });

  it('keeps the newest sample and inventory when parallel writes, hostile ones among them, are coalesced', async () => {
    const node = await enrolledDevice(api.url, user, 'coalesced');
    const t = baseSeconds() * 1000n;
    const writes = Array.from({ length: 40 }, (_, i) => {
      const at = t - BigInt(40 - i) * 1000n;
      if (i % 5 === 4) {
        // Refused: nothing of these may reach the latest sample or the inventory.
        return write(
          api,
          node,
          `gpu,gpu=9,model=Evil temperature_c=999,memory_total_mib=1 ${at}\ngpu,gpu=0 temperature_c=1 ${t + 3_600_000n}`,
          { precision: 'ms' },
        ).then((r) => r.status);
      }
      const body = [0, 1, 2, 3]
        .map(
          (gpu) =>
            `gpu,gpu=${gpu},uuid=GPU-${gpu},model=M${gpu} temperature_c=${i},memory_total_mib=${1000 + gpu},energy_mj=${i}i,power_w=${100 + i} ${at}`,
        )
        .concat(`host uptime_s=${i},interval_s=10,cpu_pct=${i},agent_version="v${i}" ${at}`)
        .join('\n');
      return write(api, node, body, { precision: 'ms', gzip: i % 2 === 0 }).then((r) => r.status);
    });
    const statuses = await Promise.all(writes);
    expect(statuses).toEqual(statuses.map((_, i) => (i % 5 === 4 ? 400 : 204)));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const [row] = await api.db
      .selectFrom('devices')
      .select(['latest', 'gpus'])
      .where('id', '=', node.id)
      .execute();
    expect(row?.gpus).toEqual(
      [0, 1, 2, 3].map((gpu) => ({
        index: gpu,
        uuid: `GPU-${gpu}`,
        model: `M${gpu}`,
        memoryTotalMiB: 1000 + gpu,
      })),
    );
    const latest = row?.latest as {
      at: string;
      gpus: { index: number }[];
      host?: Record<string, unknown>;
    };
    expect(Date.parse(latest.at)).toBe(Number(t) - 2000);
    expect(latest.gpus.map((gpu) => gpu.index)).toEqual([0, 1, 2, 3]);
    expect(JSON.stringify(latest)).not.toContain('999');
    expect(JSON.stringify(latest)).toContain('v38');
  }, 30_000);

  // power_w=1e308 once integrated to Infinity Wh, which failed the whole flush, every device in it.
  it('one device’s absurd power reading does not poison the state of the others', async () => {
    const [hostile, bystander] = [
      await enrolledDevice(api.url, user, 'absurd'),
      await enrolledDevice(api.url, user, 'bystander'),
    ];
    const t = baseSeconds() * 1000n;
    const answers = await Promise.all([
      write(api, hostile, `gpu,gpu=0 power_w=1e308 ${t - 10_000n}\ngpu,gpu=0 power_w=1e308 ${t}`, {
        precision: 'ms',
      }),
      write(api, bystander, `gpu,gpu=0 power_w=300 ${t - 10_000n}\ngpu,gpu=0 power_w=300 ${t}`, {
        precision: 'ms',
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([204, 204]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const seen = await api.db
      .selectFrom('devices')
      .select('last_seen_at')
      .where('id', '=', bystander.id)
      .executeTakeFirst();
    expect(seen?.last_seen_at, 'the bystander was never flushed').not.toBeNull();
  }, 30_000);
});
