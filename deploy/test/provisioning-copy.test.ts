import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubernetesDir } from './render.js';

/** kustomize reads no file outside its folder, so the base keeps copies of provisioning/. */
const repository = join(kubernetesDir, '..', '..');
const copies: [from: string, to: string][] = [
  ...['dashboards', 'alerting', 'datasources', 'plugins'].flatMap((dir) =>
    readdirSync(join(repository, 'provisioning', dir)).map((file): [string, string] => [
      `provisioning/${dir}/${file}`,
      `deploy/kubernetes/base/grafana/provisioning/${dir}/${file}`,
    ]),
  ),
  ['provisioning/influxdb/create-dbrp.sh', 'deploy/kubernetes/base/influxdb/create-dbrp.sh'],
];

describe('the base copies of provisioning/', () => {
  it.each(copies)('%s is current', (from, to) => {
    const read = (path: string) => {
      try {
        return readFileSync(join(repository, path), 'utf8');
      } catch {
        return undefined;
      }
    };
    expect(
      read(to) === read(from),
      `${to} differs from ${from}: run deploy/kubernetes/sync-provisioning.sh`,
    ).toBe(true);
  });

  it('has no file that provisioning/ no longer has', () => {
    const base = join(kubernetesDir, 'base', 'grafana', 'provisioning');
    const extra = readdirSync(base, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(base.length + 1))
      .filter((file) => !copies.some(([from]) => from === `provisioning/${file}`));
    expect(extra, 'run deploy/kubernetes/sync-provisioning.sh').toEqual([]);
  });
});
