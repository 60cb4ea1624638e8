import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectorWorkspace, stopChild } from '@ioworker/tools/test/stack';
import { testIds } from '../src/testIds';
import { expectNoSeriousA11yViolations, screenshot } from './support/browser';
import {
  APP,
  byTestId,
  everyPage,
  openPortal,
  PASSWORD,
  withParameter,
  type Portal,
} from './support/portal-session';

const EMAIL = `e2e-devices-${Date.now()}@example.com`;

/**
 * A `gpu` line of an H200 at `timeS` as a driver that reports the health fields writes it; the
 * simulated collector runs GPUs 0 and 1, so this one's newest sample is its own.
 */
function h200Line(timeS: number, fields: string): string {
  return `gpu,gpu=2,uuid=GPU-e2e-health,model=NVIDIA\\ H200 ${fields} ${timeS}`;
}

/**
 * A supplier's first hour with a device, in real Chromium against a real API, PostgreSQL,
 * influxd and a real collector process: register → add a device → enrol it → watch it live →
 * look after it → every page in both themes and on a phone → delete it.
 */
describe('devices in the portal', () => {
  let portal: Portal;
  let stack: Portal['stack'];
  let page: Page;
  let collector: ReturnType<ReturnType<typeof collectorWorkspace>['run']> | undefined;
  let deviceId = '';
  let credential = '';

  beforeAll(async () => {
    portal = await openPortal();
    ({ stack, page } = portal);
  });

  afterEach(() => expect(portal.pageErrors).toEqual([]));

  afterAll(async () => {
    if (collector) await stopChild(collector.child);
    await portal?.close();
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
    credential = (JSON.parse(readFileSync(workspace.config, 'utf8')) as { credential: string })
      .credential;
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

  it('shows throttle shares and an Xid explanation on the Health tab', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const dayUs = 86_400e6;
    const written = await stack.writeLines(credential, [
      h200Line(nowS - 7200, 'throttle_power_us=0i,throttle_thermal_us=0i,throttle_hw_us=0i'),
      h200Line(
        nowS - 60,
        [
          'temperature_c=83,utilization_pct=100,memory_temperature_c=71',
          'temperature_limit_margin_c=7,pstate=0i',
          'pcie_link_gen=4i,pcie_link_gen_max=5i,pcie_link_width=8i,pcie_link_width_max=16i',
          `throttle_power_us=${dayUs / 4}i,throttle_thermal_us=${dayUs / 50}i,throttle_hw_us=0i`,
          'xid_last=79i',
        ].join(','),
      ),
    ]);
    expect(written.status, written.body).toBe(204);

    await page.goto(`${stack.uiUrl}${APP}/devices/${deviceId}?tab=health`);
    const card = byTestId(page, testIds.device.health).getByRole('region', { name: 'GPU #2' });
    await card.waitFor();
    const share = (label: string) =>
      card.locator('dl div', { has: page.getByText(label, { exact: true }) }).textContent();
    await expect(share('Power cap')).resolves.toBe('Power cap25%');
    await expect(share('Thermal')).resolves.toBe('Thermal2%');
    await expect(share('Hardware slowdown')).resolves.toBe('Hardware slowdown0%');
    await card.getByText('Below max').waitFor();
    const xid = card.getByRole('listitem').filter({ hasText: 'Xid 79' });
    await expect(xid.textContent()).resolves.toMatch(
      /GPU has fallen off the bus.*lost contact with the GPU.*What to do: Reboot/,
    );
    expect(await xid.getByRole('link').getAttribute('href')).toMatch(
      /^https:\/\/docs\.nvidia\.com\//,
    );
    await screenshot(page, '06-device-health');
    await expectNoSeriousA11yViolations(page);
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
      await page.goto(`${stack.uiUrl}${APP}${withParameter(path, 'theme=light')}`);
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
});
