import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

type Service = {
  image?: string;
  build?: { dockerfile: string };
  environment?: Record<string, string>;
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
};

/** No Docker engine runs here; docker-compose 1.29 still validates and resolves the file. */
async function resolvedCompose(env: Record<string, string> = {}) {
  const { stdout } = await run('docker-compose', ['config'], {
    cwd: ROOT,
    // A clean environment: every variable must have a default in the file.
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return parse(stdout) as { services: Record<string, Service> };
}

describe('docker-compose.yml', () => {
  it('is valid for docker-compose 1.29 with no .env and no variables set', async () => {
    await run('docker-compose', ['config', '-q'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
    });
    const { services } = await resolvedCompose();
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'demo',
      'grafana',
      'influxdb',
      'postgres',
      'prometheus',
    ]);
  });

  it('starts services in order of health and lets Grafana load only our unsigned plugin', async () => {
    const { services } = await resolvedCompose();
    expect(services.postgres?.healthcheck).toBeDefined();
    expect(services.influxdb?.healthcheck).toBeDefined();
    // The API's health check is in its image, so every service built from it has one.
    expect(readFileSync(path.join(ROOT, 'api/Dockerfile'), 'utf8')).toMatch(/^HEALTHCHECK /m);
    expect(services.api?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      influxdb: { condition: 'service_healthy' },
    });
    expect(services.grafana?.image).toMatch(/^grafana\/grafana:13\.2\./);
    expect(services.grafana?.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(
      'ioworker-worker-app',
    );
    expect(services.influxdb?.image).toBe('influxdb:2.7');
    expect(services.postgres?.image).toBe('postgres:16');
    expect(services.api?.environment?.INFLUX_URL).toBe('http://influxdb:8086');
  });

  it('takes its secrets from the environment (.env), each listed in .env.example', async () => {
    const { services } = await resolvedCompose({ ADMIN_TOKEN: 'from-the-environment-123456' });
    expect(services.api?.environment?.ADMIN_TOKEN).toBe('from-the-environment-123456');
    const compose = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const used = new Set([...compose.matchAll(/\$\{([A-Z_]+):-/g)].map((match) => match[1]));
    const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]));
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('builds the API image as a non-root user in two stages', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'api/Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('installs every workspace the API imports: each package.json is in the dependency stage', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'api/Dockerfile'), 'utf8');
    const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    for (const workspace of root.workspaces) {
      expect(dockerfile, workspace).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    }
    // The runtime stage has the sources of what the API imports at run time.
    for (const source of ['contract', 'tools', 'api', 'collector']) {
      expect(dockerfile, source).toContain(`COPY ${source} ./${source}`);
    }
  });
});
