import { readFile } from 'node:fs/promises';
import { MACHINE_ID_PATTERN } from '@ioworker/contract';
import { runCommand, type CommandRunner } from '../lib/run-command.js';
import { CommandError } from './cli-args.js';

/** systemd's, then D-Bus's copy (older or minimal Linux images have only the latter). */
const LINUX_MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];
const WINDOWS_QUERY = ['query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography', '/v', 'MachineGuid'];
const REG_TIMEOUT_MS = 10_000;

export type MachineIdDeps = {
  platform: NodeJS.Platform;
  readText: (file: string) => Promise<string>;
  run: CommandRunner;
};

const defaultDeps: MachineIdDeps = {
  platform: process.platform,
  readText: (file) => readFile(file, 'utf8'),
  run: runCommand,
};

function checked(id: string, from: string): string {
  const trimmed = id.trim();
  if (!MACHINE_ID_PATTERN.test(trimmed)) {
    throw new CommandError(
      `${from} does not hold a machine id (8 to 128 letters, digits, ".", "_", ":" or "-").`,
    );
  }
  // Windows GUIDs come in either case; the API compares ids without it.
  return trimmed.toLowerCase();
}

/** `    MachineGuid    REG_SZ    6f1c…` from `reg query`'s answer. */
export function parseRegQuery(stdout: string): string | undefined {
  return /^\s*MachineGuid\s+REG_SZ\s+(\S+)\s*$/im.exec(stdout)?.[1];
}

async function windowsMachineGuid(deps: MachineIdDeps): Promise<string> {
  const result = await deps.run('reg', WINDOWS_QUERY, { timeoutMs: REG_TIMEOUT_MS });
  const guid = result.code === 0 ? parseRegQuery(result.stdout) : undefined;
  if (!guid) {
    throw new CommandError(
      "Could not read this machine's MachineGuid from the registry; pass --machine-id-file FILE.",
    );
  }
  return checked(guid, 'The registry value MachineGuid');
}

async function linuxMachineId(deps: MachineIdDeps): Promise<string> {
  for (const file of LINUX_MACHINE_ID_FILES) {
    const text = await deps.readText(file).catch(() => undefined);
    if (text?.trim()) return checked(text, file);
  }
  throw new CommandError(
    `Could not read this machine's id from ${LINUX_MACHINE_ID_FILES.join(' or ')}; pass --machine-id-file FILE.`,
  );
}

/**
 * This machine's id, which keys its device under a fleet token: the contents of `file` when
 * given (a Kubernetes pod mounts the host's /etc/machine-id), else the operating system's own.
 * @example await readMachineId('/host/etc/machine-id') // → '4c4c4544004d3510804cb4c04f565931'
 */
export async function readMachineId(
  file: string | undefined,
  deps: MachineIdDeps = defaultDeps,
): Promise<string> {
  if (file !== undefined) {
    const text = await deps.readText(file).catch((error: NodeJS.ErrnoException) => {
      throw new CommandError(`Could not read ${file} (${error.code ?? error.message}).`);
    });
    return checked(text, file);
  }
  return deps.platform === 'win32' ? windowsMachineGuid(deps) : linuxMachineId(deps);
}
