import { readFile } from 'node:fs/promises';
import collectorManifest from '@ioworker/collector/package.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { nvmlPackage, nvmlPackageFrom } from './nvml-package.js';

type Lock = { packages: Record<string, Record<string, unknown>> };

describe('the NVML package nodes install beside the collector', () => {
  it("pins the collector's koffi and every native module with the repository's integrity", async () => {
    const files = await nvmlPackage();
    const manifest = JSON.parse(files['package.json']) as { dependencies: object };
    expect(manifest.dependencies).toEqual({ koffi: collectorManifest.optionalDependencies.koffi });

    const lock = JSON.parse(files['package-lock.json']) as Lock;
    const repositoryLock = JSON.parse(
      await readFile(new URL('../../../../package-lock.json', import.meta.url), 'utf8'),
    ) as Lock;
    const natives = Object.keys(repositoryLock.packages).filter((path) =>
      path.startsWith('node_modules/@koromix/koffi-'),
    );
    expect(natives).toContain(`node_modules/@koromix/koffi-linux-x64`);
    expect(natives).toContain(`node_modules/@koromix/koffi-win32-x64`);
    expect(Object.keys(lock.packages).sort()).toEqual(
      ['', 'node_modules/koffi', ...natives].sort(),
    );
    for (const path of natives) {
      expect(lock.packages[path]).toEqual({
        ...repositoryLock.packages[path],
        resolved: undefined,
      });
      expect(lock.packages[path]).toMatchObject({ optional: true, os: expect.any(Array) });
    }
    // Installed for its own sake here: not optional, so that a failed download fails `npm ci`.
    const koffi = repositoryLock.packages['node_modules/koffi']!;
    expect(lock.packages['node_modules/koffi']).toEqual({
      ...koffi,
      optional: undefined,
      resolved: undefined,
    });
    expect(lock.packages['node_modules/koffi']).not.toHaveProperty('optional');
    expect(koffi.integrity).toMatch(/^sha512-/);
  });

  it('refuses a lock file without koffi, its integrity or its native modules', () => {
    expect(() => nvmlPackageFrom({ packages: {} }, '3.3.4')).toThrow(
      'package-lock.json has no version and integrity for node_modules/koffi',
    );
    const koffi = { version: '3.3.4', integrity: 'sha512-k' };
    expect(() => nvmlPackageFrom({ packages: { 'node_modules/koffi': koffi } }, '3.3.4')).toThrow(
      'package-lock.json lists no koffi native packages',
    );
    const naming = { ...koffi, optionalDependencies: { '@koromix/koffi-linux-x64': '3.3.4' } };
    const native = (entry: Record<string, unknown>) => ({
      'node_modules/@koromix/koffi-linux-x64': entry,
    });
    const lock = (entry: Record<string, unknown>) => ({
      packages: { 'node_modules/koffi': naming, ...native(entry) },
    });
    expect(() => nvmlPackageFrom(lock({ version: '3.3.4' }), '3.3.4')).toThrow(
      'no version and integrity for node_modules/@koromix/koffi-linux-x64',
    );
    expect(() =>
      nvmlPackageFrom(lock({ version: '3.3.3', integrity: 'sha512-n' }), '3.3.4'),
    ).toThrow(
      'package-lock.json has node_modules/@koromix/koffi-linux-x64 3.3.3; koffi needs 3.3.4',
    );
    expect(() =>
      nvmlPackageFrom(lock({ version: '3.3.4', integrity: 'sha512-n' }), '3.4.0'),
    ).toThrow('package-lock.json has koffi 3.3.4; the collector asks for 3.4.0');
  });

  it("leaves out the lock's download addresses: each node asks its own registry", () => {
    const resolved = 'https://npm.internal.example/koffi.tgz';
    const files = nvmlPackageFrom(
      {
        packages: {
          'node_modules/koffi': {
            version: '3.3.4',
            integrity: 'sha512-k',
            resolved,
            optional: true,
            optionalDependencies: { '@koromix/koffi-linux-x64': '3.3.4' },
          },
          'node_modules/@koromix/koffi-linux-x64': {
            version: '3.3.4',
            integrity: 'sha512-n',
            resolved,
            cpu: ['x64'],
          },
          'node_modules/@koromix/koffi-unrelated': { version: '1.0.0', integrity: 'sha512-u' },
        },
      },
      '3.3.4',
    );
    expect(JSON.parse(files['package-lock.json'])).toEqual({
      name: 'io-worker-collector-nvml',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'io-worker-collector-nvml', dependencies: { koffi: '3.3.4' } },
        'node_modules/koffi': {
          version: '3.3.4',
          integrity: 'sha512-k',
          optionalDependencies: { '@koromix/koffi-linux-x64': '3.3.4' },
        },
        'node_modules/@koromix/koffi-linux-x64': {
          version: '3.3.4',
          integrity: 'sha512-n',
          cpu: ['x64'],
          optional: true,
        },
      },
    });
  });
});
