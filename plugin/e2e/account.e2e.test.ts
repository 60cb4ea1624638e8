import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testIds } from '../src/testIds';
import { expectNoSeriousA11yViolations, screenshot } from './support/browser';
import { APP, byTestId, openPortal, PASSWORD, signUp, type Portal } from './support/portal-session';

const EMAIL = `e2e-account-${Date.now()}@example.com`;

/** What an authenticator app shows for `secret`, `stepsAhead` 30-second steps from now. */
function totpCode(secret: string, stepsAhead = 0): string {
  const step = BigInt(Math.floor(Date.now() / 30_000) + stepsAhead);
  return generateHOTP(decodeBase32IgnorePadding(secret), step, 6);
}

/**
 * The account's own settings, in real Chromium against a real API: alert rules, two-factor
 * sign-in, signing out, and the links a mail brings without a session.
 */
describe('the account in the portal', () => {
  let portal: Portal;
  let stack: Portal['stack'];
  let page: Page;

  beforeAll(async () => {
    portal = await openPortal();
    ({ stack, page } = portal);
    await signUp(portal, EMAIL);
  });

  afterEach(() => expect(portal.pageErrors).toEqual([]));

  afterAll(async () => {
    await portal?.close();
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
  });
});
