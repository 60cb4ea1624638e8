import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = path.join(import.meta.dirname, 'ensure-system-deps.sh');

let binDir: string | undefined;
afterEach(() => {
  if (binDir) rmSync(binDir, { recursive: true, force: true });
  binDir = undefined;
});

/** A PATH of one folder holding only `id` and the given stand-in programs: no apt-get, no sudo. */
function barePath(programs: string[] = []): string {
  binDir = mkdtempSync(path.join(tmpdir(), 'iow-bare-path-'));
  symlinkSync('/usr/bin/id', path.join(binDir, 'id'));
  for (const program of programs) {
    const file = path.join(binDir, program);
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o755);
  }
  return binDir;
}

function ensure(packages: string[], pathVariable: string) {
  return spawnSync('/bin/bash', [SCRIPT, ...packages], {
    env: { PATH: pathVariable },
    encoding: 'utf8',
  });
}

describe('scripts/ensure-system-deps.sh', () => {
  it('does nothing and says nothing when what is asked for is there', () => {
    const result = ensure(['influxdb'], barePath(['influxd']));
    expect(result.status).toBe(0);
    expect(result.stdout + result.stderr).toBe('');
  });

  it('where it cannot install, names what is missing and the exact command, and exits 1', () => {
    const result = ensure(['influxdb'], barePath());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('These system packages are missing: influxdb.');
    // `sudo ` before it unless run as root, as here in CI.
    expect(result.stderr).toMatch(
      /install them with: (sudo )?apt-get install -y --no-install-recommends influxdb\n/,
    );
  });

  it('checks every test dependency when asked for none by name', () => {
    const result = ensure([], barePath(['influxd', 'chromium']));
    expect(result.status).toBe(1);
    // PostgreSQL may still be found in Debian's /usr/lib/postgresql, off PATH.
    expect(result.stderr).toMatch(/missing: (postgresql )?shellcheck docker-compose\./);
  });
});
