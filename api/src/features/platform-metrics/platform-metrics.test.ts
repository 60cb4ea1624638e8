import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSolanaKeypairFile } from '@ioworker/tools/solana-keypair';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { enrolledDevice, registerUser, type TestUser } from '../../test/http.js';
import { subscribeToEvents } from '../../test/sse.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

type Scrape = { text: string; types: Map<string, string>; samples: Map<string, number> };

/** The family a sample belongs to: a histogram's `_bucket`, `_sum` and `_count` are its own. */
function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return types.get(base) === 'histogram' ? base : undefined;
}

/** Prometheus text exposition: every sample under a `# TYPE` of its family, every value a number. */
function parseExposition(text: string): Scrape {
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1] ?? '', type[2] ?? '');
      continue;
    }
    const sample = /^(\w+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const [, name = '', labels = '', value = ''] = sample;
    if (!familyOf(name, types)) throw new Error(`no # TYPE before ${name}`);
    // As Go's ParseFloat reads them: NaN in any case, ±Inf.
    const number = /^nan$/i.test(value) ? Number.NaN : Number(value);
    if (Number.isNaN(number) && !/^nan$/i.test(value)) throw new Error(`not a number: ${line}`);
    samples.set(`${name}${labels}`, number);
  }
  return { text, types, samples };
}

async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

const value = (scraped: Scrape, series: string) => scraped.samples.get(series) ?? 0;

function write(api: TestApi, credential: string, body: string): Promise<Response> {
  return fetch(`${api.url}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { authorization: `Token ${credential}` },
    body,
  });
}

let api: TestApi;
let metricsUrl: string;
let user: TestUser;
let credential: string;
let keypairDir: string;

beforeAll(async () => {
  keypairDir = await mkdtemp(path.join(tmpdir(), 'iow-metrics-'));
  const keypairFile = path.join(keypairDir, 'treasury.json');
  writeSolanaKeypairFile(keypairFile);
  api = await startTestApi({ METRICS_PORT: '0', TREASURY_KEYPAIR: keypairFile });
  metricsUrl = api.metricsUrl ?? '';
  user = await registerUser(api.url);
  ({ credential } = await enrolledDevice(api.url, user, 'metrics-rig'));
});
afterAll(async () => {
  await api.close();
  await rm(keypairDir, { recursive: true, force: true });
});

describe('GET /metrics on METRICS_PORT', () => {
  it('counts accepted writes: requests by status, points, latency', async () => {
    const before = await scrape(metricsUrl);
    const now = Date.now();
    const lines = [0, 1, 2].map((i) => `host uptime_s=${10 + i}i ${now - 2000 + i}`);
    expect((await write(api, credential, lines.join('\n'))).status).toBe(204);
    const after = await scrape(metricsUrl);
    const delta = (series: string) => value(after, series) - value(before, series);
    expect(delta('ioworker_ingest_write_requests_total{status="204"}')).toBe(1);
    expect(delta('ioworker_ingest_points_accepted_total')).toBe(3);
    expect(delta('ioworker_ingest_write_duration_seconds_count')).toBe(1);
    expect(delta('ioworker_ingest_write_duration_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(after.types.get('ioworker_ingest_write_duration_seconds')).toBe('histogram');
    expect(after.types.get('ioworker_ingest_points_accepted_total')).toBe('counter');
  });

  it('counts refused writes and their lines by reason', async () => {
    const before = await scrape(metricsUrl);
    const now = Date.now();
    const refused = await write(api, credential, `host uptime_s=1i ${now}\nnot line protocol\n`);
    expect(refused.status).toBe(400);
    expect((await write(api, 'iowd_not-a-credential', `host uptime_s=1i ${now}`)).status).toBe(401);
    const after = await scrape(metricsUrl);
    const delta = (series: string) => value(after, series) - value(before, series);
    expect(delta('ioworker_ingest_write_requests_total{status="400"}')).toBe(1);
    expect(delta('ioworker_ingest_write_requests_total{status="401"}')).toBe(1);
    expect(delta('ioworker_ingest_writes_rejected_total{reason="invalid"}')).toBe(1);
    expect(delta('ioworker_ingest_lines_rejected_total{reason="invalid"}')).toBe(2);
    expect(delta('ioworker_ingest_writes_rejected_total{reason="invalid_credential"}')).toBe(1);
    expect(delta('ioworker_ingest_lines_rejected_total{reason="invalid_credential"}')).toBe(0);
    expect(delta('ioworker_ingest_points_accepted_total')).toBe(0);
  });

  it('counts open event streams while they are open', async () => {
    const before = value(await scrape(metricsUrl), 'ioworker_sse_connections');
    const stream = subscribeToEvents(api.url, user.token);
    await stream.waitFor((event) => event.event === 'ready');
    expect(value(await scrape(metricsUrl), 'ioworker_sse_connections')).toBe(before + 1);
    await stream.stop();
    await expect
      .poll(async () => value(await scrape(metricsUrl), 'ioworker_sse_connections'))
      .toBe(before);
  });

  it('reports the jobs state of a ROLE=all process: leader, outbox, payouts, treasury', async () => {
    const scraped = await scrape(metricsUrl);
    expect(value(scraped, 'ioworker_worker_leader{role="all"}')).toBe(1);
    expect(scraped.samples.get('ioworker_outbox_pending')).toBeGreaterThanOrEqual(0);
    expect(scraped.samples.get('ioworker_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(scraped.samples.get('ioworker_payouts{status="failed"}')).toBe(0);
    // The embedded ledger airdrops 1,000 SOL to the treasury; nobody is owed anything yet.
    expect(value(scraped, 'ioworker_treasury_balance_lamports')).toBe(1e12);
    expect(value(scraped, 'ioworker_treasury_covers_next_run')).toBe(1);
    expect(scraped.types.get('ioworker_metric_rollup_lag_seconds')).toBe('gauge');
    expect(scraped.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(value(scraped, 'ioworker_metrics_collect_failures_total{source="outbox"}')).toBe(0);
  });

  it('measures outbox lag from the oldest due delivery', async () => {
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await api.db
      .insertInto('notification_deliveries')
      .values({
        account_id: user.id,
        channel_id: null,
        // Mail to the account itself; never opened, as nothing can claim it.
        to_sealed: 'sealed',
        message: JSON.stringify({ event: 'test.lag', title: 'lagging' }),
        created_at: minutesAgo(5),
        next_attempt_at: minutesAgo(2),
        // Held by a claimer that stalled: the outbox cannot send it, so it waits.
        locked_until: new Date(Date.now() + 3_600_000),
      })
      .execute();
    const scraped = await scrape(metricsUrl);
    expect(value(scraped, 'ioworker_outbox_pending')).toBeGreaterThanOrEqual(1);
    expect(value(scraped, 'ioworker_outbox_lag_seconds')).toBeGreaterThanOrEqual(119);
    expect(value(scraped, 'ioworker_outbox_lag_seconds')).toBeLessThan(180);
    expect(value(scraped, 'ioworker_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(
      299,
    );
  });

  it('serves nothing else, and the public port does not serve it', async () => {
    const origin = new URL(metricsUrl).origin;
    expect((await fetch(`${origin}/healthz`)).status).toBe(404);
    expect((await fetch(`${origin}/api/v2/write`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(405);
    const publicScrape = await fetch(`${api.url}/metrics`);
    expect(publicScrape.status).toBe(404);
    expect(await publicScrape.text()).not.toContain('# TYPE');
  });
});

describe('an API replica (ROLE=api)', () => {
  it('counts what it serves but leaves the database gauges to the worker', async () => {
    const replica = await startTestApi({ ROLE: 'api', METRICS_PORT: '0' });
    try {
      const scraped = await scrape(replica.metricsUrl ?? '');
      expect(value(scraped, 'ioworker_worker_leader{role="api"}')).toBe(0);
      expect(scraped.types.has('ioworker_ingest_write_requests_total')).toBe(true);
      expect(scraped.types.has('ioworker_outbox_lag_seconds')).toBe(false);
      expect(scraped.types.has('ioworker_payouts')).toBe(false);
    } finally {
      await replica.close();
    }
  });
});

describe('METRICS_PORT', () => {
  it.each([
    [undefined, 9464],
    ['off', undefined],
    ['0', 0],
    ['9100', 9100],
  ])('%s → %s', (given, port) => {
    expect(parseConfig({ METRICS_PORT: given }).metricsPort).toBe(port);
  });

  it.each(['metrics', '70000', '-1'])('refuses %s', (given) => {
    expect(() => parseConfig({ METRICS_PORT: given })).toThrow(/METRICS_PORT: must be a port/);
  });
});
