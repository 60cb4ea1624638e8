import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Request bodies and headers are never logged; the redaction
 * list is a second line of defence for fields that could carry a secret.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'io-worker-api' },
    redact: {
      paths: [
        'password',
        'currentPassword',
        'newPassword',
        'token',
        'credential',
        'authorization',
        'cookie',
        '*.password',
        '*.token',
        '*.credential',
        '*.authorization',
        '*.cookie',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
