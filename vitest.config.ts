import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'tools',
          root: './tools',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          root: './contract',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'collector',
          root: './collector',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['../tools/src/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dashboards',
          root: './dashboards',
          include: ['src/**/*.test.ts'],
          globalSetup: ['../tools/src/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'api',
          root: './api',
          include: ['src/**/*.test.ts'],
          globalSetup: ['../tools/src/test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'scripts',
          root: './scripts',
          include: ['*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'plugin',
          root: './plugin',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['./test/setup.ts'],
          // @grafana/ui imports CSS from its dependencies; Vite has to transform them.
          server: { deps: { inline: [/@grafana\//] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'plugin-e2e',
          root: './plugin',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['../tools/src/test/global-setup.ts', './e2e/support/build-harness.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'deploy',
          root: './deploy',
          include: ['test/**/*.test.ts'],
        },
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
