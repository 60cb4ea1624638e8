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
