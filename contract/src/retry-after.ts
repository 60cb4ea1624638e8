/**
 * A `Retry-After` value in milliseconds: delay-seconds or an HTTP date (then relative to `now`,
 * never negative). Undefined when absent or unreadable. Read by the collector (InfluxDB and our
 * gateway's 429/503) and by the API's alert senders (receivers' 429/503).
 */
export function retryAfterMs(
  headerValue: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const raw = (Array.isArray(headerValue) ? headerValue[0] : headerValue)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // Date.parse reads bare numbers like "1.5" as dates, so an HTTP date must name a day or month.
  if (!/[a-z]/i.test(raw)) return undefined;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
