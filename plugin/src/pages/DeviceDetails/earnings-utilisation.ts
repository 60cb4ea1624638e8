/**
 * The device's daily earnings beside its GPU utilisation: the days as one frame (SOL bars on
 * the left axis, the day's mean utilisation as a line on the right) and a one-line summary.
 */
import { FieldType, toDataFrame, type DataFrame } from '@grafana/data';
import { AxisPlacement, BarAlignment, DrawStyle, PointVisibility } from '@grafana/ui';
import { formatSol } from '../../utils/format';
import type { MetricSeries } from './types';

export const EARNINGS_DAYS = [7, 30] as const;
export type EarningsDays = (typeof EARNINGS_DAYS)[number];

export const DAY_MS = 86_400_000;
const LAMPORTS_PER_SOL = 1_000_000_000;
// The plugin targets ES2019 (Grafana's build): no bigint literals.
const ZERO = BigInt(0);

/** One day of `/v1/earnings/daily`; asked with `deviceId`, `lamports` is that device's alone. */
export interface EarningsDay {
  date: string;
  lamports: string;
}

/** Per date (`YYYY-MM-DD` in the account's time zone): the sum and count of hourly GPU means. */
export type UtilisationByDay = Map<string, { sum: number; count: number }>;

export interface DayFigures {
  date: string;
  lamports: bigint;
  /** The mean of the day's hourly per-GPU means; null when the device sent no samples. */
  utilisationPct: number | null;
}

/**
 * The metrics query for a window of days: hourly points, which the API reads from its 1-hour
 * rollup. One day more than asked, since the account's first day can start before `now − days`.
 *
 * @example
 * utilisationQuery(30, Date.now()); // { from: …31 days ago, to: …now, step: '1h' }
 */
export function utilisationQuery(days: EarningsDays, now: number) {
  return {
    from: new Date(now - (days + 1) * DAY_MS).toISOString(),
    to: new Date(now).toISOString(),
    step: '1h',
  };
}

/** Every GPU's hourly utilisation, gathered by the date each hour starts on in `timeZone`. */
export function utilisationByDay(series: readonly MetricSeries[], timeZone: string) {
  const days: UtilisationByDay = new Map();
  const dateOf = dateIn(timeZone);
  for (const { name, points } of series) {
    if (name !== 'utilization') continue;
    for (const [at, value] of points) {
      const date = dateOf(Date.parse(at));
      const day = days.get(date) ?? { sum: 0, count: 0 };
      days.set(date, { sum: day.sum + value, count: day.count + 1 });
    }
  }
  return days;
}

/** The earnings days, oldest first, each with its utilisation. */
export function dayFigures(
  earnings: readonly EarningsDay[],
  utilisation: UtilisationByDay,
): DayFigures[] {
  return earnings.map(({ date, lamports }) => {
    const day = utilisation.get(date);
    return {
      date,
      lamports: BigInt(lamports),
      utilisationPct: day && day.count > 0 ? day.sum / day.count : null,
    };
  });
}

/**
 * "Earned 1.23 SOL at 54% average utilisation". The average weighs every GPU-hour with samples
 * alike, rather than each day, so a day the device was off for half does not count double.
 */
export function summaryLine(days: readonly DayFigures[], utilisation: UtilisationByDay): string {
  const earned = formatSol(days.reduce((sum, day) => sum + day.lamports, ZERO));
  let sum = 0;
  let count = 0;
  for (const { date } of days) {
    const day = utilisation.get(date);
    sum += day?.sum ?? 0;
    count += day?.count ?? 0;
  }
  if (count === 0) return `Earned ${earned}; no utilisation measured in these days`;
  return `Earned ${earned} at ${Math.round(sum / count)}% average utilisation`;
}

/** Whether there is anything to draw: a day that earned or a GPU-hour measured. */
export function hasFigures(days: readonly DayFigures[]): boolean {
  return days.some((day) => day.lamports !== ZERO || day.utilisationPct !== null);
}

/**
 * One frame: the days at midnight UTC (drawn in UTC, so each bar is its own date), the SOL
 * earned as bars on the left axis and the utilisation as a line on the right one.
 */
export function dayFrame(days: readonly DayFigures[]): DataFrame {
  return toDataFrame({
    fields: [
      { name: 'Day', type: FieldType.time, values: days.map((day) => midnightUtc(day.date)) },
      {
        name: 'Earned',
        type: FieldType.number,
        values: days.map((day) => Number(day.lamports) / LAMPORTS_PER_SOL),
        config: {
          unit: 'SOL',
          decimals: 4,
          min: 0,
          custom: {
            drawStyle: DrawStyle.Bars,
            barAlignment: BarAlignment.Center,
            fillOpacity: 80,
            lineWidth: 0,
            axisPlacement: AxisPlacement.Left,
            axisLabel: 'SOL',
            insertNulls: false,
          },
        },
      },
      {
        name: 'Utilisation',
        type: FieldType.number,
        values: days.map((day) => day.utilisationPct),
        config: {
          unit: 'percent',
          decimals: 0,
          min: 0,
          max: 100,
          custom: {
            drawStyle: DrawStyle.Line,
            lineWidth: 2,
            fillOpacity: 0,
            showPoints: PointVisibility.Always,
            pointSize: 5,
            axisPlacement: AxisPlacement.Right,
            axisLabel: 'utilisation',
            // A day without samples is a gap in the line, not a fall to zero.
            insertNulls: false,
            spanNulls: false,
          },
        },
      },
    ],
  });
}

function midnightUtc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** `YYYY-MM-DD` of an instant in a time zone; one formatter for all the points. */
function dateIn(timeZone: string): (instant: number) => string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (instant) => {
    const parts = format.formatToParts(instant);
    const get = (type: Intl.DateTimeFormatPartTypes) =>
      parts.find((part) => part.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  };
}
