import { z } from '@hono/zod-openapi';

const EARLIEST_YEAR = 2000;

/** A statement month as the API takes it: `YYYY-MM`, from 2000 on. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month as YYYY-MM, e.g. 2026-05' })
  .refine((text) => Number(text.slice(0, 4)) >= EARLIEST_YEAR, {
    error: `must be ${EARLIEST_YEAR}-01 or later`,
  })
  .openapi({ example: '2026-05', description: "a month in the account's time zone" });

export function parseMonth(text: string): { year: number; month: number } {
  return { year: Number(text.slice(0, 4)), month: Number(text.slice(5, 7)) };
}

/** The month `at` falls in, in `timeZone`, as `YYYY-MM`. */
export function monthAt(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .formatToParts(at)
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}`;
}
