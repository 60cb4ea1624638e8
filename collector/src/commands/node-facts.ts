import os from 'node:os';
import type { Logger } from '../lib/logger.js';
import type { GpuInventory, GpuSource } from '../sources/source.js';

/** A human OS name such as "Ubuntu 24.04.1 LTS" (at most 128 characters, as the API allows). */
export async function describeOs(): Promise<string> {
  let name = '';
  try {
    // Loaded here, not with the module: `run` never needs systeminformation (a large library).
    const { default: si } = await import('systeminformation');
    const info = await si.osInfo();
    name = `${info.distro} ${info.release}`.trim();
  } catch {
    // falls back below
  }
  if (!name) name = `${os.type()} ${os.release()}`;
  return name.replace(/\s+/g, ' ').slice(0, 128);
}

/** The machine's GPUs, or none when there is no source or it cannot list them. */
export async function listGpus(
  source: GpuSource | undefined,
  logger: Logger,
): Promise<GpuInventory[]> {
  if (!source) return [];
  try {
    return await source.listGpus(new Date());
  } catch (error) {
    logger.warn(`could not list the GPUs (${(error as Error).message}); enrolling without them`);
    return [];
  }
}
