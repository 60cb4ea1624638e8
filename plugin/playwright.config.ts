import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';

/**
 * `@grafana/plugin-e2e` specs against a real Grafana with this plugin installed (the compose
 * stack): `GRAFANA_URL=http://localhost:3000 npm run e2e:grafana --workspace plugin`.
 * The browser is Debian's Chromium (CHROMIUM_PATH), never a downloaded one.
 */
const grafanaUrl = process.env.GRAFANA_URL;
if (!grafanaUrl) {
  throw new Error(
    'Set GRAFANA_URL to a Grafana with the plugin installed, e.g. http://localhost:3000',
  );
}
const pluginE2eAuth = `${dirname(createRequire(import.meta.url).resolve('@grafana/plugin-e2e'))}/auth`;

export default defineConfig<PluginOptions>({
  testDir: './tests',
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  outputDir: '../test-results/plugin-grafana',
  use: {
    baseURL: grafanaUrl,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
  projects: [
    { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], storageState: 'playwright/.auth/admin.json' },
      dependencies: ['auth'],
    },
  ],
});
