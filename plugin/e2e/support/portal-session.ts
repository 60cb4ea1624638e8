import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { apiRequest } from '@ioworker/tools/test/stack';
import { collectPageErrors, launchChromium } from './browser';
import { startPortalStack } from './portal-stack';

export const APP = '/a/ioworker-worker-app';
export const PASSWORD = 'correct-horse-battery';
export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** Every page of the app, by a short name and its path (the device page for `deviceId`). */
export function everyPage(deviceId: string): Array<[string, string]> {
  return [
    ['home', ''],
    ['device', `/devices/${deviceId}`],
    ['device-health', `/devices/${deviceId}?tab=health`],
    ['device-services', `/devices/${deviceId}?tab=services`],
    ['earnings', '/earnings'],
    ['add-device', '/add-device'],
    ['profitability', '/profitability'],
    ['settings', '/settings'],
  ];
}

/** `path` with `parameter` added to its query. */
export function withParameter(path: string, parameter: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}${parameter}`;
}

export type Portal = Awaited<ReturnType<typeof openPortal>>;

/** The stack and one Chromium page on it, desktop-sized; the page's uncaught errors collected. */
export async function openPortal() {
  const stack = await startPortalStack();
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  return {
    stack,
    page,
    pageErrors: collectPageErrors(page),
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}

/**
 * A new account with `PASSWORD`, signed in on the portal's page: registered through the API, as
 * the sign-up form does (the form itself is driven in devices.e2e.test.ts). Returns its token.
 */
export async function signUp({ stack, page }: Portal, email: string): Promise<string> {
  const reply = await apiRequest(stack.apiUrl, 'POST', '/v1/auth/register', undefined, {
    email,
    password: PASSWORD,
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  const { token } = reply.body as { token: string };
  await page.context().addCookies([{ name: 'iow_session', value: token, url: stack.apiUrl }]);
  return token;
}
