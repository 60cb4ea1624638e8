import { z } from '@hono/zod-openapi';

const INT64_MAX = 2n ** 63n - 1n;

/**
 * An amount in lamports: a decimal string (or a safe JSON integer), never a float.
 * Parsed to bigint; amounts are carried as strings everywhere they leave the API.
 */
export const lamportsSchema = z
  .union([z.string(), z.number()], {
    error: 'must be a whole number of lamports as a string, like "1500000000"',
  })
  .transform((value, ctx) => {
    const text = String(value).trim();
    const valid =
      /^\d{1,19}$/.test(text) && (typeof value === 'string' || Number.isSafeInteger(value));
    if (!valid || BigInt(text) > INT64_MAX) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a whole number of lamports as a string, like "1500000000"',
      });
      return z.NEVER;
    }
    return BigInt(text);
  })
  .openapi({ type: 'string', example: '1500000000' });

/** bigint from the database (string from pg, number from PGlite), as the API's decimal string. */
export function lamportsText(value: string | number | bigint | null): string {
  return value === null ? '0' : BigInt(value).toString();
}
