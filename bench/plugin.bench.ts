/**
 * The plugin. Bundle sizes of the webpack production build that Grafana loads (goal: module.js
 * < 100 KB, pages lazy), and in the browser harness with 1,000 devices: time to the first table
 * render (baseline: the same page for an account with one device) and the cost of one live
 * update (goal: render < 1 s; an SSE update changes only its own row).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '@ioworker/plugin/chromium';
import { buildHarness, serveHarness } from '@ioworker/plugin/harness';
import { apiRequest, freePort } from '@ioworker/tools/test/stack';
import { percentile, registerBenchUser, round, startBenchStack } from './support.js';

const DEVICES = 1000;
const LIVE_UPDATES = 10;
const APP = '/a/ioworker-worker-app';
const PLUGIN_DIST = path.resolve('plugin/dist');

function bundleSizes() {
  execFileSync('npm', ['run', 'build', '--workspace', 'plugin'], { stdio: 'ignore' });
  const files = readdirSync(PLUGIN_DIST, { recursive: true, encoding: 'utf8' })
    .map((name) => ({ name, bytes: statSync(path.join(PLUGIN_DIST, name)).size }))
    .filter((file) => statSync(path.join(PLUGIN_DIST, file.name)).isFile());
  const kib = (bytes: number) => round(bytes / 1024);
  const scripts = files.filter((file) => file.name.endsWith('.js'));
  const module = scripts.find((file) => file.name === 'module.js');
  console.log('\nPlugin bundle (webpack production build, dist/):');
  console.log(`  module.js: ${kib(module?.bytes ?? 0)} KiB (goal < 100 KB)`);
  console.log(
    `  lazy chunks: ${scripts.length - 1}, largest ${kib(Math.max(...scripts.filter((f) => f !== module).map((f) => f.bytes)))} KiB`,
  );
  console.log(
    `  all JavaScript: ${kib(scripts.reduce((sum, f) => sum + f.bytes, 0))} KiB; whole plugin without source maps: ${kib(files.filter((f) => !f.name.endsWith('.map')).reduce((sum, f) => sum + f.bytes, 0))} KiB`,
  );
}

/** The shared test client, failing loudly: a bench on a half-seeded account measures nothing. */
async function api(
  apiUrl: string,
  method: string,
  pathname: string,
  token?: string,
  body?: unknown,
) {
  const response = await apiRequest(apiUrl, method, pathname, token, body);
  if (response.status >= 300) {
    throw new Error(`${method} ${pathname}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body ?? {};
}

async function createDevices(apiUrl: string, token: string, count: number) {
  const queue = Array.from({ length: count }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        await api(apiUrl, 'POST', '/v1/devices', token, {
          name: `node-${String(i).padStart(4, '0')}`,
          os: 'ubuntu',
        });
      }
    }),
  );
}

/** A device that reports: enrolled with its token, writing through the gateway. */
async function enrolledDevice(apiUrl: string, token: string) {
  const created = await api(apiUrl, 'POST', '/v1/devices', token, {
    name: 'live-node',
    os: 'ubuntu',
  });
  const enrollment = created.enrollment as { token: string };
  const enrolled = (await api(apiUrl, 'POST', '/v1/enroll', undefined, {
    token: enrollment.token,
    hostname: 'live-node',
    os: 'ubuntu',
    gpus: [{ index: 0, model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 }],
  })) as { credential: string };
  return async (temperature: number) => {
    const line = `gpu,gpu=0 temperature_c=${temperature},power_w=300,utilization_pct=90 ${Date.now()}`;
    const response = await fetch(`${apiUrl}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${enrolled.credential}` },
      body: line,
    });
    if (response.status !== 204) throw new Error(`write: ${response.status}`);
  };
}

async function timeToTable(page: Page, url: string, rows: number): Promise<number> {
  await page.goto(url);
  return timeToRows(page, rows);
}

/** Median of 3 page loads: ms from navigation to the first rows, and to all `rows` rows. */
async function medianRender(page: Page, url: string, rows: number) {
  const first: number[] = [];
  const all: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    first.push(await timeToTable(page, url, 1));
    all.push(await timeToRows(page, rows));
  }
  const median = (times: number[]) => round(times.sort((a, b) => a - b)[1]!, 0);
  return { first: median(first), all: median(all) };
}

async function timeToRows(page: Page, rows: number): Promise<number> {
  await page.waitForFunction(
    (expected) =>
      document.querySelectorAll('[data-testid="data-testid home-device-table"] tbody tr').length >=
      expected,
    rows,
    { timeout: 30_000 },
  );
  return page.evaluate(() => performance.now());
}

/** Watches the table: which rows changed, and when, after each write. */
async function measureLiveUpdates(page: Page, write: (temperature: number) => Promise<void>) {
  await page.evaluate(() => {
    const state = window as unknown as { touched: Set<Element>; changedAt: number };
    state.touched = new Set();
    const body = document.querySelector('[data-testid="data-testid home-device-table"] tbody');
    new MutationObserver((records) => {
      for (const record of records) {
        const node = record.target instanceof Element ? record.target : record.target.parentElement;
        const row = node?.closest('tr');
        if (row) state.touched.add(row);
      }
      state.changedAt = Date.now();
    }).observe(body!, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const latencies: number[] = [];
  let maxRows = 0;
  for (let i = 0; i < LIVE_UPDATES; i += 1) {
    const temperature = 40 + i;
    await page.evaluate(
      () => ((window as unknown as { touched: Set<Element> }).touched = new Set()),
    );
    const sentAt = Date.now();
    await write(temperature);
    await page.waitForFunction(
      (text) =>
        [...document.querySelectorAll('tbody tr')].some(
          (row) => row.textContent?.includes('live-node') && row.textContent.includes(text),
        ),
      `${temperature} °C`,
      { timeout: 15_000 },
    );
    await page.waitForTimeout(300);
    const { rows, changedAt } = await page.evaluate(() => {
      const state = window as unknown as { touched: Set<Element>; changedAt: number };
      return { rows: state.touched.size, changedAt: state.changedAt };
    });
    latencies.push(changedAt - sentAt);
    maxRows = Math.max(maxRows, rows);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), max: latencies.at(-1), maxRows };
}

bundleSizes();
const uiPort = await freePort();
const stack = await startBenchStack({
  ALLOWED_ORIGINS: `http://127.0.0.1:${uiPort}`,
});
await buildHarness();
const ui = await serveHarness({ apiUrl: stack.apiUrl, port: uiPort, host: '127.0.0.1' });
const browser = await launchChromium();
try {
  const fleet = await registerBenchUser(stack.apiUrl, `fleet-${Date.now()}@bench.local`);
  const single = await registerBenchUser(stack.apiUrl, `single-${Date.now()}@bench.local`);
  const started = Date.now();
  await createDevices(stack.apiUrl, fleet.token, DEVICES - 1);
  const write = await enrolledDevice(stack.apiUrl, fleet.token);
  await write(39);
  await createDevices(stack.apiUrl, single.token, 1);
  console.log(`\nHarness, home page (${DEVICES} devices created in ${Date.now() - started} ms)`);

  const pageFor = async (token: string) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name: 'iow_session', value: token, url: stack.apiUrl }]);
    return context.newPage();
  };
  const fleetPage = await pageFor(fleet.token);
  const singlePage = await pageFor(single.token);
  const baseline = await medianRender(singlePage, `${ui.url}${APP}`, 1);
  const thousand = await medianRender(fleetPage, `${ui.url}${APP}`, DEVICES);
  console.log(
    `  first table render, median of 3 (ms since navigation): 1 device ${baseline.first}; ${DEVICES} devices: first rows ${thousand.first} (goal < 1000), all ${DEVICES} rows ${thousand.all}`,
  );
  // A device that was silent comes back with a list reload; measure steady-state samples.
  await write(38);
  await fleetPage.waitForTimeout(1500);
  const live = await measureLiveUpdates(fleetPage, write);
  console.log(
    `  live update (gateway write → row changed on screen), ${LIVE_UPDATES} samples: p50 ${live.p50} ms, max ${live.max} ms; rows changed per update: at most ${live.maxRows} of ${DEVICES}`,
  );
} finally {
  await browser.close();
  await ui.close();
  await stack.stop();
}
