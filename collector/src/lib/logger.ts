export type Logger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

type Write = (line: string) => void;

/**
 * One line per event: time, level, message. Callers never pass secrets; messages are
 * built from statuses, counts and paths only.
 */
export function createLogger(
  out: Write = (line) => process.stdout.write(line),
  err: Write = (line) => process.stderr.write(line),
): Logger {
  const format = (level: string, message: string) =>
    `${new Date().toISOString()} ${level} ${message.replace(/\s*\n\s*/g, ' ')}\n`;
  return {
    info: (message) => out(format('info', message)),
    warn: (message) => err(format('warn', message)),
    error: (message) => err(format('error', message)),
  };
}

/** For commands whose stdout is data (`sample`): every log line goes to stderr. */
export function createStderrLogger(): Logger {
  const err: Write = (line) => process.stderr.write(line);
  return createLogger(err, err);
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
