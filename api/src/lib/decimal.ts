import { z } from '@hono/zod-openapi';

const DECIMAL = /^\d{1,12}(\.\d{1,6})?$/;

/** A fiat figure: a decimal string (a JSON number is accepted and read as written). */
export const decimalSchema = z
  .union([z.string(), z.number()], { error: 'must be a decimal string like "0.25"' })
  .transform((value) => String(value).trim())
  .refine((value) => DECIMAL.test(value), {
    error: 'must be a non-negative decimal with at most 6 decimal places, like "0.25"',
  })
  .openapi({ type: 'string', example: '0.25' });

/** Postgres prints numeric(18,6) with six places; users read "0.15", not "0.150000". */
export function formatDecimal(value: string): string {
  const [whole = '0', fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${whole}.${trimmed}`;
}
