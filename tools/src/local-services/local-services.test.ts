import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findInfluxd, findPostgresBinaries, MissingBinaryError } from './binaries.js';
import { startLocalServices } from './index.js';
import { postgresAnswers } from './postgres.js';

function withPath<T>(value: string, run: () => T): T {
  const saved = process.env.PATH;
  process.env.PATH = value;
  try {
    return run();
  } finally {
    process.env.PATH = saved;
  }
}

async function influxAnswers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) })).status === 204;
  } catch {
    return false;
  }
}

/**
 * `start` with os.tmpdir() pointing at a new folder of its own: other files' servers come and go
 * in the shared one meanwhile.
 */
async function inOwnTmpdir<T>(start: () => Promise<T>): Promise<{ started: T; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iow-services-test-'));
  // The postgres user must reach the data folder inside.
  chmodSync(dir, 0o755);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return { started: await start(), dir };
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

describe('local services', () => {
  it('says in one sentence what to install when a binary is missing', () => {
    expect(() => withPath('', () => findInfluxd())).toThrow(MissingBinaryError);
    expect(() => withPath('', () => findInfluxd())).toThrow(
      /install InfluxDB with `sudo apt-get install influxdb`/,
    );
    expect(() => withPath('', () => findPostgresBinaries('/nonexistent'))).toThrow(
      /install them with `sudo apt-get install postgresql`/,
    );
  });

  it('starts real PostgreSQL and influxd on loopback and removes everything on stop', async () => {
    const { started: services, dir } = await inOwnTmpdir(() =>
      startLocalServices({ postgres: true, influx: true }),
    );
    expect(readdirSync(dir).sort()).toEqual([
      expect.stringMatching(/^iow-influxd-/),
      expect.stringMatching(/^iow-postgres-/),
    ]);
    expect(services.postgresUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(services.influxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await postgresAnswers(services.postgresUrl!)).toBe(true);
    expect(await influxAnswers(services.influxUrl!)).toBe(true);
    await services.stop();
    expect(await postgresAnswers(services.postgresUrl!)).toBe(false);
    expect(await influxAnswers(services.influxUrl!)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
  });

  it('stops them after the process that started them is killed', async () => {
    const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-fixture.ts');
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', fixture], (_error, stdout) => resolve(stdout));
    });
    const { postgresUrl, influxUrl } = JSON.parse(output.trim()) as {
      postgresUrl: string;
      influxUrl: string;
    };
    const deadline = Date.now() + 10_000;
    let stillUp = true;
    while (stillUp && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stillUp = (await postgresAnswers(postgresUrl)) || (await influxAnswers(influxUrl));
    }
    expect(stillUp).toBe(false);
  }, 20_000);
});
