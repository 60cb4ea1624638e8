import { generateKeyPairSigner } from '@solana/kit';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '@ioworker/tools/test/stack';
import { testIds } from '../src/testIds';
import { expectNoSeriousA11yViolations, screenshot } from './support/browser';
import { APP, byTestId, openPortal, PASSWORD, signUp, type Portal } from './support/portal-session';

const DAY_MS = 86_400_000;

/** The last `count` dates in UTC (the account's time zone), oldest first, today last. */
function lastDates(count: number): string[] {
  const today = Date.now();
  return Array.from({ length: count }, (_, index) =>
    new Date(today - (count - 1 - index) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** The bars the chart draws once it shows `days` days: date and lamports of each. */
async function barsOf(page: Page, days: number): Promise<Array<[string, string]>> {
  const bars = byTestId(page, testIds.earnings.dailyBars);
  await expect.poll(() => bars.getAttribute('data-points')).toBe(String(days));
  await bars.locator('canvas').first().waitFor();
  const attribute = (await bars.getAttribute('data-bars')) ?? '';
  return attribute.split(' ').map((bar) => bar.split('=') as [string, string]);
}

/**
 * Earning and getting paid, in real Chromium against a real API and PostgreSQL, with payouts on
 * the embedded ledger: a device's job is credited, charted by day, and paid to the wallet.
 */
describe('earnings and payouts in the portal', () => {
  let portal: Portal;
  let stack: Portal['stack'];
  let page: Page;
  let deviceId = '';

  beforeAll(async () => {
    portal = await openPortal();
    ({ stack, page } = portal);
    const token = await signUp(portal, `e2e-earnings-${Date.now()}@example.com`);
    const device = await apiRequest(stack.apiUrl, 'POST', '/v1/devices', token, {
      name: 'rig-01',
      os: 'ubuntu',
    });
    deviceId = (device.body as { device: { id: string } }).device.id;
  });

  afterEach(() => expect(portal.pageErrors).toEqual([]));

  afterAll(async () => {
    await portal?.close();
  });

  it('shows a credited job and a confirmed payout with a Solscan link', async () => {
    const wallet = await generateKeyPairSigner();
    await page.goto(`${stack.uiUrl}${APP}/settings`);
    await page
      .getByLabel(/payout address|wallet address|address/i)
      .first()
      .fill(wallet.address);
    await page
      .getByLabel(/^password/i)
      .first()
      .fill(PASSWORD);
    await page
      .getByRole('button', { name: /save (payout )?(address|wallet)|set address/i })
      .click();
    await expect.poll(() => page.getByText(wallet.address.slice(0, 6)).count()).toBeGreaterThan(0);
    await screenshot(page, '07-settings');
    await expectNoSeriousA11yViolations(page);

    const started = new Date(Date.now() - 60_000).toISOString();
    const job = await stack.reportJob({
      externalId: `e2e-job-${Date.now()}`,
      deviceId,
      status: 'completed',
      startedAt: started,
      endedAt: new Date().toISOString(),
      earningsLamports: '1500000000',
    });
    expect(job.status).toBe(201);
    await page.goto(`${stack.uiUrl}${APP}/earnings`);
    await expect.poll(() => page.getByText('1.5 SOL').count()).toBeGreaterThan(0);

    const run = await stack.runPayouts();
    expect(run.status).toBe(200);
    await page.reload();
    const payouts = byTestId(page, testIds.earnings.payouts);
    await expect.poll(() => payouts.textContent(), { timeout: 20_000 }).toMatch(/confirmed/i);
    const solscan = payouts.getByRole('link', { name: /solscan/i }).first();
    expect(await solscan.getAttribute('href')).toMatch(/^https:\/\/solscan\.io\/tx\//);
    await screenshot(page, '08-earnings');
    await expectNoSeriousA11yViolations(page);
  });

  it('charts one bar a day for the last 7 and 30 days; the day of the job is not zero', async () => {
    await page.goto(`${stack.uiUrl}${APP}/earnings`);
    const chart = byTestId(page, testIds.earnings.chart);
    for (const days of [7, 30]) {
      await chart.getByRole('radio', { name: `${days} days` }).check();
      const bars = await barsOf(page, days);
      const today = lastDates(1)[0];
      expect(bars.map(([date]) => date)).toEqual(lastDates(days));
      // The job above is today's one credit: its bar is the only one that is not zero.
      expect(bars.filter(([, lamports]) => lamports !== '0')).toEqual([[today, '1500000000']]);
    }
    await screenshot(page, '08-earnings-chart');
  });
});
