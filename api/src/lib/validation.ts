import { z } from '@hono/zod-openapi';
import { ApiError } from './api-error.js';

type RawIssue = {
  code?: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  maximum?: unknown;
  minimum?: unknown;
  format?: string;
};

/** Messages that read well after a field name: "name: must be at most 64 characters". */
function friendlyMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${withArticle(issue.expected)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${String(issue.maximum)} characters`
        : `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${String(issue.minimum)} characters`
        : `must be at least ${String(issue.minimum)}`;
    case 'invalid_format':
      return issue.format === 'email'
        ? 'must be an email address'
        : `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return 'has fields this endpoint does not accept';
    default:
      return undefined;
  }
}

function withArticle(expected: string | undefined): string {
  if (!expected) return 'a different type';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

z.config({ customError: (issue) => friendlyMessage(issue as RawIssue) });

const targetNames: Record<string, string> = { json: 'body', query: 'query', param: 'path' };

/** Turns a failed zod parse into the contract's 400, naming every offending field. */
export function validationError(error: z.ZodError, target: string): ApiError {
  const problems = error.issues.slice(0, 5).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : (targetNames[target] ?? target);
    const message =
      issue.code === 'invalid_type' && issue.path.length === 0 && target === 'json'
        ? 'must be a JSON object'
        : issue.message;
    return `${field}: ${message}`;
  });
  return ApiError.badRequest('invalid_request', problems.join('; '));
}

/**
 * A human-entered label: trimmed, 1–`max` characters, well-formed Unicode without control
 * characters (Postgres refuses NUL and lone surrogates; they would otherwise surface as 500s).
 */
export function labelSchema(max: number) {
  return z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !/[\p{Cc}\p{Cs}]/u.test(value), {
      error: 'must not contain control characters or broken Unicode',
    });
}

const EARLIEST_INSTANT = Date.UTC(2000, 0, 1);
const LATEST_INSTANT = Date.UTC(2100, 0, 1);

/**
 * A moment sent to the API: RFC 3339 with `Z` or an offset, from 2000 up to (not including)
 * 2100. Nothing the API stores is older or newer, and years like 0000 or 9999 are refused by
 * PostgreSQL or InfluxDB (a 500) rather than matching nothing.
 */
export const instantSchema = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 time like 2026-01-31T12:00:00Z' })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= EARLIEST_INSTANT && date.getTime() < LATEST_INSTANT, {
    error: 'must be a time from 2000-01-01 to 2100-01-01',
  });

/** A window of the last `days` whole days, 1–90 (uptime, profitability). */
export function daysSchema(defaultDays: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(90, { error: 'must be at most 90' })
    .default(defaultDays);
}
