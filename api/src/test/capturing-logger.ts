import { createLogger, type Logger } from '../lib/logger.js';

/** A logger at info level whose lines land in `lines`, parsed from its JSON. */
export function capturingLogger<Line = { level: number; msg: string }>(): {
  logger: Logger;
  lines: Line[];
} {
  const lines: Line[] = [];
  const logger = createLogger('info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Line),
  });
  return { logger, lines };
}
