import { expect, test } from './fixtures';
import { testIds } from '../src/testIds';

const DEMO = {
  email: process.env.IOWORKER_DEMO_EMAIL ?? 'demo@ioworker.local',
  password: process.env.IOWORKER_DEMO_PASSWORD ?? 'ioworker-demo',
};

test.describe('the app inside Grafana', () => {
  test('its configuration page reaches the API', async ({ appConfigPage, page }) => {
    await expect(page.getByTestId(testIds.appConfig.apiUrl)).toHaveValue(/^https?:\/\//);
    await page.getByTestId(testIds.appConfig.testConnection).click();
    await expect(page.getByText('The API is ready')).toBeVisible();
    expect(appConfigPage).toBeTruthy();
  });

  test('every page loads after signing in to IO Worker', async ({ gotoPage, page }) => {
    await gotoPage('/');
    const signIn = page.getByTestId(testIds.signIn.form);
    if (await signIn.isVisible()) {
      await page.getByLabel('Email').fill(DEMO.email);
      await page.getByLabel('Password').fill(DEMO.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await expect(page.getByTestId(testIds.home.deviceTable)).toBeVisible();
    for (const [path, heading] of [
      ['/earnings', /earnings/i],
      ['/add-device', /add (a )?device/i],
      ['/profitability', /profitability/i],
      ['/settings', /settings/i],
    ] as const) {
      await gotoPage(path);
      await expect(page.getByRole('heading', { name: heading }).first()).toBeVisible();
    }
  });
});
