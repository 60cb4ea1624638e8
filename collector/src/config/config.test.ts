import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, readConfig, writeConfig } from './config-file.js';
import {
  resolveBufferDir,
  resolveConfigPath,
  ROOT_BUFFER_DIR,
  ROOT_CONFIG_PATH,
} from './config-paths.js';

describe('config and buffer paths', () => {
  it('prefers --config, then IOW_CONFIG, then the system file as root, then the home folder', () => {
    const env = { IOW_CONFIG: '/srv/iow.json' };
    expect(resolveConfigPath({ flag: '/x/c.json', env, isRoot: true })).toBe('/x/c.json');
    expect(resolveConfigPath({ env, isRoot: true })).toBe('/srv/iow.json');
    expect(resolveConfigPath({ env: {}, isRoot: true })).toBe(ROOT_CONFIG_PATH);
    expect(resolveConfigPath({ env: {}, isRoot: false, home: '/home/ada' })).toBe(
      '/home/ada/.config/io-worker/collector.json',
    );
  });

  it('puts the buffer under /var/lib only beside the system config', () => {
    const env = {};
    expect(resolveBufferDir({ flag: '/b', env: { IOW_BUFFER_DIR: '/e' }, configPath: 'x' })).toBe(
      '/b',
    );
    expect(resolveBufferDir({ env: { IOW_BUFFER_DIR: '/e' }, configPath: ROOT_CONFIG_PATH })).toBe(
      '/e',
    );
    expect(resolveBufferDir({ env, configPath: ROOT_CONFIG_PATH })).toBe(ROOT_BUFFER_DIR);
    expect(
      resolveBufferDir({ env, configPath: '/home/ada/.config/io-worker/collector.json' }),
    ).toBe('/home/ada/.config/io-worker/buffer');
  });
});

describe('config file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iow-config-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const config = {
    apiUrl: 'https://api.example.com',
    deviceId: 'dev-1',
    credential: 'iowd_first',
    ingestUrl: 'https://api.example.com',
  };

  it('is written with mode 0600 (creating folders) and replaced atomically', async () => {
    const file = path.join(dir, 'nested', 'io-worker', 'collector.json');
    await writeConfig(file, config);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeConfig(file, { ...config, credential: 'iowd_second' });
    expect(await readConfig(file)).toEqual({ ...config, credential: 'iowd_second' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file))).toEqual(['collector.json']);
  });

  it('reads as not enrolled when missing, and names what is wrong when damaged', async () => {
    expect(await readConfig(path.join(dir, 'none.json'))).toBeUndefined();
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ apiUrl: 'x', deviceId: 'd' }));
    await expect(readConfig(file)).rejects.toThrow(ConfigError);
    await expect(readConfig(file)).rejects.toThrow(/lacks credential, ingestUrl/);
    await writeFile(file, '{');
    await expect(readConfig(file)).rejects.toThrow(/not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe('{');
  });

  it('reads a watch list, keeps it when rewritten, and names every bad entry', async () => {
    const file = path.join(dir, 'watch.json');
    const watch = ['systemd:ray-worker', 'container:job-runtime'];
    await writeConfig(file, { ...config, watch });
    expect(await readConfig(file)).toEqual({ ...config, watch });
    await writeFile(file, JSON.stringify({ ...config, watch: ['ray', 'windows:a b'] }));
    await expect(readConfig(file)).rejects.toThrow(
      /watch: "ray" is not KIND:NAME.*; "windows:a b": NAME must start/,
    );
    await writeFile(file, JSON.stringify({ ...config, watch: 'systemd:ray' }));
    await expect(readConfig(file)).rejects.toThrow(/watch must be an array of strings/);
  });
});
