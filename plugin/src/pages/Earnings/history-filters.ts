import { wallTimeIn, zonedInstant } from '../../utils/time-zone';
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

/** The instant a calendar day starts in a time zone. */
export function zonedMidnight(date: string, timeZone: string): Date {
  const midnight = zonedInstant(`${date}T00:00`, timeZone);
  if (!midnight) throw new Error(`Not a date: ${date}`);
  return midnight;
}

/** Today's date, `YYYY-MM-DD`, in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return wallTimeIn(now, timeZone).slice(0, 10);
}

function nextDate(date: string): string {
  const match = DATE.exec(date);
  if (!match) throw new Error(`Not a date: ${date}`);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

export function isFiltered(filters: HistoryFilters): boolean {
  return filters.deviceId !== null || filters.fromDate !== '' || filters.toDate !== '';
}
