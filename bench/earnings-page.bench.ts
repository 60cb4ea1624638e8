/**
 * The Earnings page in the browser harness with 90 days of daily job credits: 200 devices
 * against one device, in the same run, page loads interleaved. Measured from navigation, the
 * 90-day range chosen as soon as it can be, until the chart has drawn its 90 bars and the
 * per-device totals table has every device. Goal: 200 devices ≤ 1.2× one device (p50).
 */
import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { launchChromium } from '@ioworker/plugin/chromium';
import { buildHarness, serveHarness } from '@ioworker/plugin/harness';
import { apiRequest, freePort } from '@ioworker/tools/test/stack';
import { percentile, registerBenchUser, round, startBenchStack } from './support.js';

const DEVICES = 200;
const DAYS = 90;
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const GOAL = 1.2;
const EARNINGS = '/a/ioworker-worker-app/earnings';
const CHART = '[data-testid="data-testid earnings-chart"]';
const TOTALS = 'table[aria-label="Earnings by device over the days shown"] tbody tr';

/** `count` devices, created as the Add device page does. */
async function createDevices(apiUrl: string, token: string, count: number) {
  const queue = Array.from({ length: count }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const name = `node-${String(i).padStart(4, '0')}`;
        const created = await apiRequest(apiUrl, 'POST', '/v1/devices', token, {
          name,
          os: 'ubuntu',
        });
        if (created.status !== 201) throw new Error(`POST /v1/devices: ${created.status}`);
      }
    }),
  );
}

/**
 * One completed job a day for each of the account's devices over the last `days` days, credited
 * at its end as the jobs route does (the ledger's trigger fills the rollups the page reads).
 */
async function seedJobs(client: pg.Client, accountId: string, days: number) {
  await client.query(
    `WITH credited AS (
       INSERT INTO jobs (external_id, device_id, account_id, status, started_at, ended_at,
                         earnings_lamports)
       SELECT 'bench-' || devices.id || '-' || d, devices.id, $1, 'completed',
              now() - d * interval '1 day' - interval '2 hours', now() - d * interval '1 day',
              1000000 + abs(hashtext(devices.id::text || d)) % 50000000
       FROM devices, generate_series(0, $2::int - 1) AS d
       WHERE devices.account_id = $1
       RETURNING id, device_id, ended_at, earnings_lamports)
     INSERT INTO ledger_entries (account_id, kind, amount_lamports, device_id, job_id, at)
     SELECT $1, 'job', earnings_lamports, device_id, id, ended_at FROM credited`,
    [accountId, days],
  );
}

async function signedInPage(browser: Browser, apiUrl: string, token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies([{ name: 'iow_session', value: token, url: apiUrl }]);
  return context.newPage();
}

/** Waits for the 90 bars (the uPlot canvas inside) and `rows` device totals; ms in the page. */
async function drawnAt(page: Page, rows: number): Promise<number> {
  await page.waitForFunction(
    ({ chart, totals, days, rows }) => {
      const bars = document.querySelector(`${chart} [data-points="${days}"]`);
      return bars?.querySelector('canvas') && document.querySelectorAll(totals).length === rows;
    },
    { chart: CHART, totals: TOTALS, days: DAYS, rows },
    { timeout: 60_000 },
  );
  return page.evaluate(() => performance.now());
}

/** One page load: ms from navigation to drawn, and from choosing 90 days to drawn. */
async function loadOnce(page: Page, url: string, rows: number) {
  await page.goto(url);
  const range = page.locator(CHART).getByRole('radio', { name: `${DAYS} days` });
  await range.check();
  const chosenAt = await page.evaluate(() => performance.now());
  const drawn = await drawnAt(page, rows);
  return { navigation: drawn, afterChoice: drawn - chosenAt };
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50), 0), p95: round(percentile(sorted, 95), 0) };
}

type Account = { name: string; page: Page; rows: number };

/** `RUNS` loads of each account, alternating, after one warm-up load each. */
async function measure(accounts: Account[], url: string) {
  for (const account of accounts) await loadOnce(account.page, url, account.rows);
  const times = new Map(
    accounts.map((account) => [account.name, { nav: [] as number[], choice: [] as number[] }]),
  );
  for (let run = 0; run < RUNS; run += 1) {
    for (const account of accounts) {
      const { navigation, afterChoice } = await loadOnce(account.page, url, account.rows);
      times.get(account.name)!.nav.push(navigation);
      times.get(account.name)!.choice.push(afterChoice);
    }
  }
  return accounts.map((account) => {
    const { nav, choice } = times.get(account.name)!;
    return { account: account.name, navigation: summary(nav), afterChoice: summary(choice) };
  });
}

const uiPort = await freePort();
const stack = await startBenchStack({ ALLOWED_ORIGINS: `http://127.0.0.1:${uiPort}` });
await buildHarness();
const ui = await serveHarness({ apiUrl: stack.apiUrl, port: uiPort, host: '127.0.0.1' });
const browser = await launchChromium();
try {
  const fleet = await registerBenchUser(stack.apiUrl, `earnings-fleet-${Date.now()}@bench.local`);
  const single = await registerBenchUser(stack.apiUrl, `earnings-one-${Date.now()}@bench.local`);
  const client = new pg.Client({ connectionString: stack.postgresUrl });
  await client.connect();
  await createDevices(stack.apiUrl, fleet.token, DEVICES);
  await createDevices(stack.apiUrl, single.token, 1);
  await seedJobs(client, fleet.user.id, DAYS);
  await seedJobs(client, single.user.id, DAYS);
  await client.query('VACUUM ANALYZE');
  await client.end();

  const accounts = [
    { name: '1 device', page: await signedInPage(browser, stack.apiUrl, single.token), rows: 1 },
    {
      name: `${DEVICES} devices`,
      page: await signedInPage(browser, stack.apiUrl, fleet.token),
      rows: DEVICES,
    },
  ];
  const [one, many] = await measure(accounts, `${ui.url}${EARNINGS}`);
  console.log(
    `\nEarnings page, ${DAYS} days of daily job credits, ${RUNS} loads each, interleaved (ms)`,
  );
  console.table(
    [one!, many!].map((row) => ({
      account: row.account,
      'navigation → drawn p50': row.navigation.p50,
      p95: row.navigation.p95,
      '90 days chosen → drawn p50': row.afterChoice.p50,
      'p95 ': row.afterChoice.p95,
    })),
  );
  const ratio = many!.navigation.p50 / one!.navigation.p50;
  console.log(
    `${DEVICES} devices / 1 device, navigation → drawn p50: ${round(ratio, 2)}× (goal ≤ ${GOAL}×); p95: ${round(many!.navigation.p95 / one!.navigation.p95, 2)}×`,
  );
} finally {
  await browser.close();
  await ui.close();
  await stack.stop();
}
