import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { generateKeyPairSigner } from '@solana/kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorWorkspace, stopChild } from '@ioworker/tools/test/stack';
import { testIds } from '../src/testIds';
import {
  collectPageErrors,
  expectNoSeriousA11yViolations,
  launchChromium,
  screenshot,
} from './support/browser';
import { startPortalStack } from './support/portal-stack';

const APP = '/a/ioworker-worker-app';
const EMAIL = `e2e-${Date.now()}@example.com`;
const PASSWORD = 'correct-horse-battery';
const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** Every page of the app, by a short name and its path (the device page for `deviceId`). */
function everyPage(deviceId: string): Array<[string, string]> {
  return [
    ['home', ''],
    ['device', `/devices/${deviceId}`],
    ['earnings', '/earnings'],
    ['add-device', '/add-device'],
    ['profitability', '/profitability'],
    ['settings', '/settings'],
  ];
}

/** What an authenticator app shows for `secret`, `stepsAhead` 30-second steps from now. */
function totpCode(secret: string, stepsAhead = 0): string {
  const step = BigInt(Math.floor(Date.now() / 30_000) + stepsAhead);
  return generateHOTP(decodeBase32IgnorePadding(secret), step, 6);
}

/**
 * One supplier's first hour, in real Chromium against a real API, PostgreSQL, influxd and a
 * real collector process: register → add a device → enrol it → watch it live → earn → get paid.
 */
describe('the portal in a browser', () => {
  let stack: Awaited<ReturnType<typeof startPortalStack>>;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let collector: ReturnType<ReturnType<typeof collectorWorkspace>['run']> | undefined;
  let deviceId = '';

  beforeAll(async () => {
    stack = await startPortalStack();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });

  afterAll(async () => {
    if (collector) await stopChild(collector.child);
    await browser?.close();
    await stack?.close();
  });

  it("tests the connection to the API from the app's configuration page", async () => {
    await page.goto(`${stack.uiUrl}/plugins/ioworker-worker-app`);
    await expect(byTestId(page, testIds.appConfig.apiUrl).inputValue()).resolves.toBe(stack.apiUrl);
    await byTestId(page, testIds.appConfig.testConnection).click();
    await page.getByText('The API is ready').waitFor();
    await expect(page.getByText(/database: ok, influx: ok/).count()).resolves.toBe(1);
    await screenshot(page, '00-app-config');
    await expectNoSeriousA11yViolations(page);
  });

  it('registers a new account and shows the empty fleet', async () => {
    await page.goto(`${stack.uiUrl}${APP}`);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, '01-sign-in');
    await page.getByRole('tab', { name: 'Create account' }).click();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('You have no devices yet').waitFor();
    await screenshot(page, '02-home-empty');
    await expectNoSeriousA11yViolations(page);
  });

  it('adds a device; the wizard turns "connected" when the enrolled collector reports', async () => {
    await page.goto(`${stack.uiUrl}${APP}/add-device`);
    await page.getByLabel('Device name').fill('rig-01');
    await page.getByRole('button', { name: 'Continue' }).click();
    const command = byTestId(page, testIds.addDevice.command);
    await command.waitFor();
    const token = /--token (\S+)/.exec((await command.textContent()) ?? '')?.[1];
    expect(token).toBeTruthy();
    await screenshot(page, '03-add-device-command');
    await expectNoSeriousA11yViolations(page);

    // What the shown command does on a node: enrol with the token, then run the collector.
    const workspace = collectorWorkspace();
    const enrolled = await workspace.enroll(stack.apiUrl, token ?? '');
    expect(enrolled.code, enrolled.output).toBe(0);
    collector = workspace.run();

    await expect
      .poll(() => byTestId(page, testIds.addDevice.status).textContent(), { timeout: 30_000 })
      .toMatch(/connected/i);
    await screenshot(page, '04-add-device-connected');
    deviceId =
      /devices\/([\w-]+)/.exec(
        (await page.getByRole('link', { name: /open device/i }).getAttribute('href')) ?? '',
      )?.[1] ?? '';
    expect(deviceId).not.toBe('');
  });

  it('shows the device online with a temperature on the home page', async () => {
    await page.goto(`${stack.uiUrl}${APP}`);
    const table = byTestId(page, testIds.home.deviceTable);
    const row = table.getByRole('row', { name: /rig-01/ });
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/online/i);
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/\d+ °C/);
    await screenshot(page, '05-home-online');
    await expectNoSeriousA11yViolations(page);
  });

  it('charts the device’s metrics on its page', async () => {
    await page.goto(`${stack.uiUrl}${APP}/devices/${deviceId}`);
    const charts = byTestId(page, testIds.device.charts);
    await expect
      .poll(
        async () =>
          Math.max(
            0,
            ...(await charts
              .locator('[data-points]')
              .evaluateAll((nodes) =>
                nodes.map((node) => Number(node.getAttribute('data-points'))),
              )),
          ),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(1);
    await screenshot(page, '06-device-details');
    await expectNoSeriousA11yViolations(page);
  });

  it('mutes the device’s alerts for maintenance, and unmutes them', async () => {
    const mute = byTestId(page, testIds.device.mute);
    await mute.getByRole('button', { name: 'Mute alerts' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '4 h', exact: true }).check();
    await screenshot(page, '06-device-mute');
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Mute', exact: true }).click();
    await mute.getByText(/^Alerts muted until/).waitFor();
    await page.reload();
    await mute.getByText(/^Alerts muted until/).waitFor();
    await mute.getByRole('button', { name: 'Unmute' }).click();
    await mute.getByRole('button', { name: 'Mute alerts' }).waitFor();
  });

  it('pauses the device: off the schedulable list and refused a job until resumed', async () => {
    const pause = byTestId(page, testIds.device.pause);
    await pause.getByRole('button', { name: 'Pause' }).click();
    const dialog = page.getByRole('dialog');
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'Pause', exact: true }).click();
    await pause.getByRole('button', { name: 'Resume' }).waitFor();
    await byTestId(page, testIds.device.header).getByText('Paused', { exact: true }).waitFor();
    expect(await stack.schedulableIds()).not.toContain(deviceId);
    const job = { externalId: `e2e-paused-${Date.now()}`, deviceId, status: 'running' };
    const refused = await stack.reportJob({ ...job, startedAt: new Date().toISOString() });
    expect(refused.status).toBe(409);
    await pause.getByRole('button', { name: 'Resume' }).click();
    await pause.getByRole('button', { name: 'Pause' }).waitFor();
    expect(await stack.schedulableIds()).toContain(deviceId);
  });

  it('renames the device inline', async () => {
    await page.goto(`${stack.uiUrl}${APP}`);
    const table = byTestId(page, testIds.home.deviceTable);
    await table
      .getByRole('button', { name: /rename/i })
      .first()
      .click();
    const input = table.getByRole('textbox');
    await input.fill('rig-01-renamed');
    await input.press('Enter');
    await expect.poll(() => table.getByRole('row', { name: /rig-01-renamed/ }).count()).toBe(1);
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

  it('sets an alert’s threshold, kept after a reload', async () => {
    await page.goto(`${stack.uiUrl}${APP}/settings`);
    const offline = () =>
      byTestId(page, testIds.settings.notificationRules)
        .getByRole('listitem', { name: /^A device sent nothing/ })
        .getByLabel('For at least (minutes)');
    await offline().fill('15');
    await page.getByRole('button', { name: 'Save alert rules' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await page.reload();
    await expect.poll(() => offline().inputValue()).toBe('15');
  });

  it('shows measured profitability and estimates a rig', async () => {
    await page.goto(`${stack.uiUrl}${APP}/profitability`);
    await expect
      .poll(() => byTestId(page, testIds.profitability.measured).textContent())
      .toMatch(/rig-01-renamed/);
    const form = byTestId(page, testIds.profitability.estimate);
    await form.getByLabel('GPU model').fill('RTX 4090');
    await form.getByLabel('GPU count').fill('2');
    await form.getByRole('button', { name: 'Estimate' }).click();
    const result = byTestId(page, testIds.profitability.estimateResult);
    await expect.poll(() => result.textContent()).toMatch(/Profit per day.*\d/);
    await screenshot(page, '09-profitability');
    await expectNoSeriousA11yViolations(page);
  });

  it('renders every page in the light theme too', async () => {
    const pages = everyPage(deviceId);
    for (const [name, path] of pages) {
      await page.goto(`${stack.uiUrl}${APP}${path}?theme=light`);
      await page.waitForLoadState('networkidle');
      await screenshot(page, `11-light-${name}`);
      await expectNoSeriousA11yViolations(page);
    }
  });

  it('fits a phone: no page scrolls sideways at 390 px', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const pages = everyPage(deviceId);
    const overflowing: string[] = [];
    try {
      for (const [name, path] of pages) {
        await page.goto(`${stack.uiUrl}${APP}${path}`);
        await page.waitForLoadState('networkidle');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) overflowing.push(`${name}: ${width}px`);
        await screenshot(page, `12-phone-${name}`);
      }
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    expect(overflowing).toEqual([]);
  });

  it('deletes the device after confirmation', async () => {
    await page.goto(`${stack.uiUrl}${APP}`);
    const table = byTestId(page, testIds.home.deviceTable);
    await table
      .getByRole('button', { name: /delete/i })
      .first()
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /delete/i })
      .click();
    await expect.poll(() => page.getByText('rig-01-renamed').count()).toBe(0);
    await screenshot(page, '10-home-after-delete');
  });

  it('turns on two-factor authentication, then signs in with a code', async () => {
    await page.goto(`${stack.uiUrl}${APP}/settings`);
    const twoFactor = byTestId(page, testIds.settings.twoFactor);
    await twoFactor.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await twoFactor.getByLabel('Your password').fill(PASSWORD);
    await twoFactor.getByRole('button', { name: 'Continue' }).click();
    await byTestId(page, testIds.settings.totpSecret).waitFor();
    const shown = await byTestId(page, testIds.settings.totpSecret).textContent();
    const secret = (shown ?? '').replace(/\s/g, '');
    await twoFactor.getByLabel('Code from the app').fill(totpCode(secret));
    await screenshot(page, '12-two-factor-set-up');
    await expectNoSeriousA11yViolations(page);
    await twoFactor.getByRole('button', { name: 'Turn on' }).click();
    await byTestId(page, testIds.settings.recoveryCodes).waitFor();
    await screenshot(page, '13-recovery-codes');
    await twoFactor.getByRole('button', { name: 'I have saved them' }).click();
    await twoFactor.getByText('Recovery codes left: 10').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    const signIn = byTestId(page, testIds.signIn.form);
    await signIn.getByLabel('Email').fill(EMAIL);
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    const secondStep = byTestId(page, testIds.signIn.secondStep);
    // Each step's code works once, and set-up used this one: the next step's is accepted too.
    await secondStep.getByLabel(/^Code from your authenticator app/).fill(totpCode(secret, 1));
    await screenshot(page, '14-sign-in-second-step');
    await expectNoSeriousA11yViolations(page);
    await secondStep.getByRole('button', { name: 'Sign in' }).click();
    await byTestId(page, testIds.settings.security).waitFor();
  });

  it('signs out to the sign-in screen, and the old session is gone', async () => {
    await page.goto(`${stack.uiUrl}${APP}/settings`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await byTestId(page, testIds.signIn.form).waitFor();
    await page.goto(`${stack.uiUrl}${APP}/earnings`);
    await byTestId(page, testIds.signIn.form).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('asks for a password reset link, and opens a mailed link, without a session', async () => {
    await page.goto(`${stack.uiUrl}${APP}?theme=dark`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('If an account uses this address, a link is on its way').waitFor();
    await screenshot(page, '15-forgot-password');
    await expectNoSeriousA11yViolations(page);

    // Where `npm start`'s mail links point: the harness's origin, not the app's path.
    await page.goto(`${stack.uiUrl}/end-session?token=not-from-our-mail`);
    await page.getByRole('button', { name: 'End that session' }).click();
    await page.getByText('Could not end the session').waitFor();
    await screenshot(page, '16-end-session');
    await expectNoSeriousA11yViolations(page);
    expect(pageErrors).toEqual([]);
  });
});
