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
      expect(lock.packages[path]).toEqual(repositoryLock.packages[path]);
      expect(lock.packages[path]).toMatchObject({ optional: true, os: expect.any(Array) });
    }
    // Installed for its own sake here: not optional, so that a failed download fails `npm ci`.
    const koffi = repositoryLock.packages['node_modules/koffi']!;
    expect(lock.packages['node_modules/koffi']).toEqual({ ...koffi, optional: undefined });
    expect(lock.packages['node_modules/koffi']).not.toHaveProperty('optional');
    expect(koffi.integrity).toMatch(/^sha512-/);
  });

  it('refuses a lock file without koffi, or without its integrity', () => {
    expect(() => nvmlPackageFrom({ packages: {} })).toThrow(
      'package-lock.json has no version and integrity for node_modules/koffi',
    );
    const koffi = { version: '3.3.4', integrity: 'sha512-x' };
    expect(() => nvmlPackageFrom({ packages: { 'node_modules/koffi': koffi } })).toThrow(
      'package-lock.json lists no koffi native packages',
    );
    const unchecked = { 'node_modules/@koromix/koffi-linux-x64': { version: '3.3.4' } };
    expect(() =>
      nvmlPackageFrom({ packages: { 'node_modules/koffi': koffi, ...unchecked } }),
    ).toThrow('no version and integrity for node_modules/@koromix/koffi-linux-x64');
  });
});
