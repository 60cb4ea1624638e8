import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type ServiceProcess = {
  child: ChildProcess;
  logFile: string;
  /** Stops the whole process group and waits for it; then removes `removeDir`. */
  stop(): Promise<void>;
};

const live = new Set<{ pid: number; removeDir: string }>();
let exitHookInstalled = false;

/** Last resort on a normal or error exit: nothing is left running, nothing left on disk. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const entry of live) {
      try {
        process.kill(-entry.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(entry.removeDir, { recursive: true, force: true });
    }
  });
}

/**
 * The reaper: a detached watchdog that outlives a crashed parent (even SIGKILL) and then
 * stops the service's process group and deletes its directory.
 */
function startReaper(servicePid: number, removeDir: string): void {
  const script = `
    const [parent, group, dir] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3]];
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const timer = setInterval(() => {
      if (!alive(-group)) { clearInterval(timer); return; }
      if (alive(parent)) return;
      clearInterval(timer);
      try { process.kill(-group, 'SIGTERM'); } catch {}
      setTimeout(() => {
        try { process.kill(-group, 'SIGKILL'); } catch {}
        require('fs').rmSync(dir, { recursive: true, force: true });
      }, 3000);
    }, 500);`;
  const reaper = spawn(
    process.execPath,
    ['-e', script, String(process.pid), String(servicePid), removeDir],
    { detached: true, stdio: 'ignore' },
  );
  reaper.unref();
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function spawnService(
  command: string,
  args: string[],
  options: { logFile: string; removeDir: string; stopSignal: NodeJS.Signals } & Pick<
    SpawnOptions,
    'uid' | 'gid' | 'env'
  >,
): ServiceProcess {
  installExitHook();
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', log, log],
    uid: options.uid,
    gid: options.gid,
    env: options.env ?? process.env,
  });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`Could not start ${command}.`);
  const entry = { pid, removeDir: options.removeDir };
  live.add(entry);
  startReaper(pid, options.removeDir);
  return {
    child,
    logFile: options.logFile,
    stop: async () => {
      try {
        process.kill(-pid, options.stopSignal);
      } catch {
        // already gone
      }
      if (!(await waitForExit(child, 10_000))) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await waitForExit(child, 2_000);
      }
      live.delete(entry);
      rmSync(options.removeDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `ready()` is true; on timeout or early exit, fails with the log's tail. */
export async function waitUntilReady(
  service: ServiceProcess,
  name: string,
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) break;
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const tail = readFileSync(service.logFile, 'utf8').split('\n').slice(-15).join('\n');
  await service.stop();
  throw new Error(`${name} did not start. Last lines of its log:\n${tail}`);
}
