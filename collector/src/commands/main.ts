import { agentVersion } from '../lib/agent-version.js';
import { CommandError, print, UsageError } from './cli-args.js';
import { enrollCommand } from './enroll.js';
import { runCommand } from './run.js';
import { sampleCommand } from './sample.js';
import { ConfigError } from '../config/config-file.js';

export const MAIN_HELP = `Usage: io-worker-collector <command> [options]

The IO Worker collector: reads this machine's GPUs (nvidia-smi), host and services, and
sends them to the IO Worker API.

Commands:
  enroll    register this machine with an enrollment token and store its credential
  run       sample and send until stopped (buffers on disk while the API is unreachable)
  sample    print one sample as line protocol and exit

Run io-worker-collector <command> --help for its options.
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  enroll: enrollCommand,
  run: runCommand,
  sample: sampleCommand,
};

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await print(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    await print(`${agentVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`io-worker-collector: unknown command "${name}"\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `io-worker-collector ${name}: ${error.message}\nRun io-worker-collector ${name} --help for usage.\n`,
      );
      return 2;
    }
    if (error instanceof CommandError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(
      `io-worker-collector ${name} failed: ${(error as Error).stack ?? String(error)}\n`,
    );
    return 1;
  }
}
