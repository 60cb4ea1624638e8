import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../lib/run-command.js';
import { parseRegQuery, readMachineId, type MachineIdDeps } from './machine-id.js';

// Captured from `reg query HKLM\SOFTWARE\Microsoft\Cryptography /v MachineGuid` on Windows 11.
const REG_OUTPUT =
  '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n    MachineGuid    REG_SZ    6F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F\r\n\r\n';

function deps(files: Record<string, string>, overrides: Partial<MachineIdDeps> = {}) {
  const ran: string[][] = [];
  const value: MachineIdDeps = {
    platform: 'linux',
    readText: async (file) => {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return text;
    },
    run: async (file, args): Promise<CommandResult> => {
      ran.push([file, ...args]);
      return { code: 0, stdout: REG_OUTPUT, stderr: '', timedOut: false, missing: false };
    },
    ...overrides,
  };
  return { value, ran };
}

describe('readMachineId', () => {
  it('reads /etc/machine-id, else D-Bus’s copy', async () => {
    const id = '4c4c4544004d3510804cb4c04f565931';
    expect(await readMachineId(undefined, deps({ '/etc/machine-id': `${id}\n` }).value)).toBe(id);
    expect(await readMachineId(undefined, deps({ '/var/lib/dbus/machine-id': id }).value)).toBe(id);
    await expect(readMachineId(undefined, deps({}).value)).rejects.toThrow(
      /Could not read this machine's id .*--machine-id-file/,
    );
  });

  it('reads the MachineGuid from the registry on Windows, lower-cased', async () => {
    const { value, ran } = deps({}, { platform: 'win32' });
    expect(await readMachineId(undefined, value)).toBe('6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f');
    expect(ran).toEqual([
      ['reg', 'query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography', '/v', 'MachineGuid'],
    ]);
    expect(parseRegQuery('ERROR: The system was unable to find the specified registry key')).toBe(
      undefined,
    );
  });

  it('takes --machine-id-file and refuses what is not a machine id', async () => {
    const files = { '/host/machine-id': 'abcdef0123456789\n', '/bad': 'not a machine id\n' };
    expect(await readMachineId('/host/machine-id', deps(files).value)).toBe('abcdef0123456789');
    await expect(readMachineId('/bad', deps(files).value)).rejects.toThrow(
      '/bad does not hold a machine id',
    );
    await expect(readMachineId('/absent', deps(files).value)).rejects.toThrow(
      'Could not read /absent (ENOENT).',
    );
  });
});
