import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { EndToEndFirstSequencer } from './tools/src/test/sequencer.js';

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
          // One module graph for all its files: re-importing the app for each file cost more
          // than a third of the project's time. Each file starts its own API on its own database.
          isolate: false,
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
          // One module graph for all its files: each imports @grafana/ui, which costs a fresh
          // worker seconds. The setup file restores what a test stubs.
          isolate: false,
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
          // Each file starts an API, a collector and Chromium: alone, after the rest, so that a
          // second worker does not starve them of this machine's two cores.
          sequence: { groupOrder: 1 },
          maxWorkers: 1,
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
    // At least two workers: many files wait on real time (back-off, polling) rather than on a
    // core, and CI runs on two cores, where Vitest's default would be one worker.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: EndToEndFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
