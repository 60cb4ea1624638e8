import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PLUGIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(PLUGIN, 'dist');

/** The webpack production build that Grafana loads (the create-plugin layout, unchanged). */
describe('the plugin build', () => {
  it('emits what Grafana needs, with a small module.js and every page lazy', async () => {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: PLUGIN });
    for (const file of [
      'module.js',
      'plugin.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'img/logo.svg',
    ]) {
      expect(existsSync(path.join(DIST, file)), file).toBe(true);
    }
    const pluginJson = JSON.parse(readFileSync(path.join(DIST, 'plugin.json'), 'utf8')) as {
      id: string;
      info: { version: string };
      dependencies: { grafanaDependency: string };
      includes: { path: string }[];
    };
    expect(pluginJson.id).toBe('ioworker-worker-app');
    expect(pluginJson.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=13.2.0');
    expect(pluginJson.includes.map((page) => page.path)).toEqual(
      expect.arrayContaining(['/a/ioworker-worker-app', '/a/ioworker-worker-app/earnings']),
    );

    const moduleJs = readFileSync(path.join(DIST, 'module.js'), 'utf8');
    expect(Buffer.byteLength(moduleJs)).toBeLessThan(100 * 1024);
    // Grafana provides React and @grafana/*; bundling them would double them and break context.
    expect(moduleJs).not.toMatch(/react-dom\.production|__SECRET_INTERNALS/);
    const chunks = readdirSync(DIST).filter((name) => /^\d+\.js$/.test(name));
    expect(chunks.length).toBeGreaterThanOrEqual(6);
    const largest = Math.max(...chunks.map((name) => statSync(path.join(DIST, name)).size));
    expect(largest).toBeLessThan(500 * 1024);
  });
});
