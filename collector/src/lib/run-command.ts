import { execFile } from 'node:child_process';

export type CommandResult = {
  /** Exit status; null when the command did not run to completion (missing, killed, timed out). */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The executable was not found. */
  missing: boolean;
};

export type CommandRunner = (
  file: string,
  args: readonly string[],
  options: { timeoutMs: number },
) => Promise<CommandResult>;

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Runs an external command without blocking the event loop and never rejects: a timeout
 * kills it (SIGKILL, since a hung driver call ignores SIGTERM) and is reported, not thrown.
 */
export const runCommand: CommandRunner = (file, args, { timeoutMs }) =>
  new Promise((resolve) => {
    execFile(
      file,
      [...args],
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        windowsHide: true,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ code: 0, stdout, stderr, timedOut: false, missing: false });
          return;
        }
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
        const code = typeof failure.code === 'number' ? failure.code : null;
        resolve({
          code,
          stdout,
          stderr,
          timedOut: failure.killed === true && code === null,
          missing: failure.code === 'ENOENT' || failure.code === 'EACCES',
        });
      },
    );
  });

/** A short, single-line reason for a failed command, for logs. */
export function describeFailure(file: string, result: CommandResult, timeoutMs: number): string {
  if (result.missing) return `${file} could not be run (not found or not executable)`;
  if (result.timedOut) return `${file} did not answer within ${timeoutMs} ms`;
  const detail = (result.stderr.trim() || result.stdout.trim()).split('\n')[0]?.trim();
  return `${file} exited with ${result.code ?? 'a signal'}${detail ? `: ${detail}` : ''}`;
}
