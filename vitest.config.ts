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
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
