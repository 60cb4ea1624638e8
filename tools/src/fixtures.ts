import path from 'node:path';

/** The recorded data in the repository's `fixtures/` folder (see its README for provenance). */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../fixtures');
export const NVIDIA_FIXTURES_DIR = path.join(FIXTURES_DIR, 'nvidia-smi');
export const GRAFANA_WEBHOOK_FIXTURES_DIR = path.join(FIXTURES_DIR, 'grafana-webhook');
export const TELEGRAF_FIXTURES_DIR = path.join(FIXTURES_DIR, 'telegraf');

/** A recorded nvidia-smi reading, by its file name without `.json`. */
export function nvidiaFixture(slug: string): string {
  return path.join(NVIDIA_FIXTURES_DIR, `${slug}.json`);
}
