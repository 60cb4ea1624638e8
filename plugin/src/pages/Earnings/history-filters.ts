import type { HistoryQuery } from './types';

/** What the user picked above the history table; dates are `YYYY-MM-DD` in the account's zone. */
export interface HistoryFilters {
  deviceId: string | null;
  fromDate: string;
  toDate: string;
}

export const NO_FILTERS: HistoryFilters = { deviceId: null, fromDate: '', toDate: '' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why the filters cannot be applied, or undefined when they can. */
export function filtersProblem(filters: HistoryFilters): string | undefined {
  if (filters.fromDate && !DATE.test(filters.fromDate)) return 'From is not a date.';
  if (filters.toDate && !DATE.test(filters.toDate)) return 'To is not a date.';
  if (filters.fromDate && filters.toDate && filters.fromDate > filters.toDate) {
    return 'From must be on or before To.';
  }
  return undefined;
}

/**
 * The API's query for the filters. Days are whole days in the account's time zone, and `to`
 * is exclusive on the API, so a "to" date becomes the next day's midnight.
 */
export function historyQuery(filters: HistoryFilters, timeZone: string): HistoryQuery {
  const query: HistoryQuery = {};
  if (filters.deviceId) query.deviceId = filters.deviceId;
  if (filters.fromDate) query.from = zonedMidnight(filters.fromDate, timeZone).toISOString();
  if (filters.toDate) query.to = zonedMidnight(nextDate(filters.toDate), timeZone).toISOString();
  return query;
}

/** The instant a calendar day starts in a time zone (DST-safe: the offset is checked twice). */
export function zonedMidnight(date: string, timeZone: string): Date {
  const [year, month, day] = parseDate(date);
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - zoneOffsetMs(wall, timeZone);
  return new Date(wall - zoneOffsetMs(first, timeZone));
}

/** Today's date, `YYYY-MM-DD`, in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  const parts = zonedParts(now.getTime(), timeZone);
  return [parts.year, parts.month, parts.day]
    .map((value, index) => String(value).padStart(index === 0 ? 4 : 2, '0'))
    .join('-');
}

function nextDate(date: string): string {
  const [year, month, day] = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

function parseDate(date: string): [number, number, number] {
  const match = DATE.exec(date);
  if (!match) throw new Error(`Not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = zonedParts(instant, timeZone);
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

function zonedParts(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

export function isFiltered(filters: HistoryFilters): boolean {
  return filters.deviceId !== null || filters.fromDate !== '' || filters.toDate !== '';
}
