import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * A C stand-in for the NVIDIA driver's libnvidia-ml: an H200 with the values recorded on the real
 * one and a second GPU, answering at once through NVML's documented C signatures.
 */
const NVML_STAND_IN_SOURCE = path.resolve(
  import.meta.dirname,
  '../../collector/test/fake-libnvidia-ml.c',
);

/**
 * Compiles the stand-in with the system's C compiler into `library`; `defines` (`-DNAME`) take
 * parts of NVML away, as older drivers lack them. Linux only; throws where `cc` cannot build it.
 */
export function compileNvmlStandIn(library: string, defines: string[] = []): string {
  execFileSync('cc', ['-shared', '-fPIC', '-O1', ...defines, '-o', library, NVML_STAND_IN_SOURCE]);
  return library;
}

/**
 * The stand-in as `dir/libnvidia-ml.so.1`, the name the collector loads, so that
 * `LD_LIBRARY_PATH=dir` makes a process read it as the driver's.
 *
 * @example
 * const env = { LD_LIBRARY_PATH: buildNvmlStandIn(dir) };
 */
export function buildNvmlStandIn(dir: string): string {
  compileNvmlStandIn(path.join(dir, 'libnvidia-ml.so.1'));
  return dir;
}
