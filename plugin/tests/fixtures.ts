import type { AppConfigPage, AppPage } from '@grafana/plugin-e2e';
import { test as base } from '@grafana/plugin-e2e';
import { createRequire } from 'node:module';

// Playwright loads specs as plain ESM, where a JSON import needs an attribute TypeScript 5.9's
// bundler resolution does not accept; require() reads it either way.
const pluginJson = createRequire(import.meta.url)('../src/plugin.json') as { id: string };

type AppTestFixture = {
  appConfigPage: AppConfigPage;
  gotoPage: (path?: string) => Promise<AppPage>;
};

export const test = base.extend<AppTestFixture>({
  appConfigPage: async ({ gotoAppConfigPage }, use) => {
    const configPage = await gotoAppConfigPage({
      pluginId: pluginJson.id,
    });
    await use(configPage);
  },
  gotoPage: async ({ gotoAppPage }, use) => {
    await use((path) =>
      gotoAppPage({
        path,
        pluginId: pluginJson.id,
      }),
    );
  },
});

export { expect } from '@grafana/plugin-e2e';
