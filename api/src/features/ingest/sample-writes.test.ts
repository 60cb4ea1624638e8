import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../config.js';
import {
  createInfluxClient,
  MetricsRefusedError,
  type MetricsStore,
} from '../../influx/influx-client.js';
import { createSampleWrites } from './sample-writes.js';

let store: MetricsStore;
let posts: number;
/** The real client on a fresh database, counting the POSTs it makes. */
const counted: MetricsStore = {
  query: (influxql, options) => store.query(influxql, options),
  ensureDatabase: () => store.ensureDatabase(),
  write(lines, options) {
    posts += 1;
    return store.write(lines, options);
  },
};

beforeAll(async () => {
  const config = parseConfig({
    INFLUX_URL: inject('influxUrl'),
    INFLUX_DB: `iow_sample_writes_${randomBytes(4).toString('hex')}`,
    INFLUX_ROLLUPS: 'false',
  });
  store = createInfluxClient({ ...config.influx, url: config.influx.url! });
  await store.ensureDatabase();
});

const lines = (text: string) => Buffer.from(`${text}\n`);

async function countOf(device: string): Promise<number> {
  const series = await store.query(`SELECT count("v") FROM "m" WHERE "device" = '${device}'`);
  return Number(series[0]?.values[0]?.[1] ?? 0);
}

describe('createSampleWrites', () => {
  it('sends small writes that arrive together as one POST, each stored', async () => {
    posts = 0;
    const writes = createSampleWrites(counted);
    const now = Date.now();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writes.write(lines(`m,device=a${i} v=${i} ${now}`), 'ms'),
      ),
    );
    expect(posts).toBe(1);
    for (const i of [0, 7, 19]) expect(await countOf(`a${i}`)).toBe(1);
    await writes.close();
  });

  it('keeps precisions apart and sends a large write alone, at once', async () => {
    posts = 0;
    const writes = createSampleWrites(counted);
    const nowS = Math.floor(Date.now() / 1000);
    const large = Array.from({ length: 12_000 }, (_, i) => `m,device=big v=${i} ${nowS - i}`);
    await Promise.all([
      writes.write(lines(`m,device=s v=1 ${nowS}`), 's'),
      writes.write(lines(`m,device=ms v=1 ${nowS * 1000}`), 'ms'),
      writes.write(lines(large.join('\n')), 's'),
    ]);
    expect(posts).toBe(3);
    expect(await countOf('big')).toBe(12_000);
    expect(await countOf('s')).toBe(1);
    await writes.close();
  });

  it('refuses only the write InfluxDB refuses, when it shared a POST', async () => {
    const writes = createSampleWrites(counted);
    const now = Date.now();
    await writes.write(lines(`conflict,device=x v=1 ${now}`), 'ms');
    posts = 0;
    const outcomes = await Promise.allSettled([
      writes.write(lines(`conflict,device=good v=2 ${now}`), 'ms'),
      writes.write(lines(`conflict,device=bad v="text" ${now}`), 'ms'),
    ]);
    expect(outcomes[0].status).toBe('fulfilled');
    expect(outcomes[1].status).toBe('rejected');
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(MetricsRefusedError);
    expect(posts).toBe(3);
    const good = await store.query(`SELECT count("v") FROM "conflict" WHERE "device" = 'good'`);
    expect(good[0]?.values[0]?.[1]).toBe(1);
    await writes.close();
  });

  it('sends what is waiting when closed', async () => {
    const writes = createSampleWrites(counted);
    const stored = writes.write(lines(`m,device=closing v=1 ${Date.now()}`), 'ms');
    await writes.close();
    await stored;
    expect(await countOf('closing')).toBe(1);
  });
});
