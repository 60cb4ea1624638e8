import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../config.js';
import {
  createInfluxClient,
  MetricsRefusedError,
  type MetricsStore,
} from '../../influx/influx-client.js';
import { createSampleWrites, partsOf } from './sample-writes.js';

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

/** 20,000 points of one device a second apart, ending at `nowS`: a write large enough to cut. */
const largeWrite = (device: string, nowS: number) =>
  lines(
    Array.from({ length: 20_000 }, (_, i) => `m,device=${device} v=${i} ${nowS - i}`).join('\n'),
  );

async function countOf(device: string): Promise<number> {
  const series = await store.query(`SELECT count("v") FROM "m" WHERE "device" = '${device}'`);
  return Number(series[0]?.values[0]?.[1] ?? 0);
}

describe('partsOf', () => {
  const text = (parts: Uint8Array[]) => parts.map((part) => Buffer.from(part).toString());

  it('keeps a write under two parts whole, and cuts a larger one at line ends', () => {
    const small = lines('a v=1 1\nb v=2 2');
    expect(text(partsOf(small))).toEqual(['a v=1 1\nb v=2 2\n']);
    const big = lines(Array.from({ length: 40_000 }, (_, i) => `m v=${i} ${i}`).join('\n'));
    const parts = partsOf(big);
    expect(parts.length).toBe(Math.min(4, Math.floor(big.byteLength / (256 * 1024))));
    expect(text(parts).join('')).toBe(big.toString());
    for (const part of text(parts)) expect(part).toMatch(/^m v=\d+ \d+\n(m v=\d+ \d+\n)*$/);
  });

  it('makes at most four parts of a write of any size', () => {
    const huge = lines('x'.repeat(5 * 1024 * 1024 - 2));
    const withLines = lines(Array.from({ length: 300_000 }, () => 'm v=1 1').join('\n'));
    expect(partsOf(huge)).toHaveLength(1);
    expect(partsOf(withLines)).toHaveLength(4);
  });
});

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

  it('keeps precisions apart and sends a large write alone, at once, in parts', async () => {
    posts = 0;
    const writes = createSampleWrites(counted);
    const nowS = Math.floor(Date.now() / 1000);
    const largeLines = largeWrite('big', nowS);
    await Promise.all([
      writes.write(lines(`m,device=s v=1 ${nowS}`), 's'),
      writes.write(lines(`m,device=ms v=1 ${nowS * 1000}`), 'ms'),
      writes.write(largeLines, 's'),
    ]);
    expect(posts).toBe(2 + partsOf(largeLines).length);
    expect(partsOf(largeLines).length).toBeGreaterThan(1);
    expect(await countOf('big')).toBe(20_000);
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

  it('sends a large write whole while another large one is in flight', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const [first, second] = [largeWrite('first', nowS), largeWrite('second', nowS)];
    posts = 0;
    const writes = createSampleWrites(counted);
    await Promise.all([writes.write(first, 's'), writes.write(second, 's')]);
    expect(posts).toBe(partsOf(first).length + 1);
    expect(await countOf('first')).toBe(20_000);
    expect(await countOf('second')).toBe(20_000);
    await writes.close();
  });

  it('fails a large write when one of its parts fails, and stores all of it sent again', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const large = largeWrite('parts', nowS);
    let failing = true;
    const secondPartFails: MetricsStore = {
      ...counted,
      write(part, options) {
        const isSecond = part instanceof Uint8Array && part.byteOffset > 0 && failing;
        failing &&= !isSecond;
        return isSecond
          ? Promise.reject(new Error('influxd went away'))
          : store.write(part, options);
      },
    };
    const writes = createSampleWrites(secondPartFails);
    await expect(writes.write(large, 's')).rejects.toThrow('influxd went away');
    await writes.write(large, 's');
    expect(await countOf('parts')).toBe(20_000);
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
