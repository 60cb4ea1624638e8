/** The fleet strip's data: the API's hours as one small frame per chart. */
import { FieldType, toDataFrame, type DataFrame, type FieldConfig } from '@grafana/data';
import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';

export type FleetHour = InferResponseType<
  ApiClient['v1']['fleet']['history']['$get'],
  200
>['hours'][number];

export const FLEET_RANGES = [
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
] as const;
export type FleetRange = (typeof FLEET_RANGES)[number]['value'];

export const HOUR_MS = 3_600_000;
const LAMPORTS_PER_SOL = 1_000_000_000;

export type FleetChart = { id: string; title: string; frame: DataFrame };

function chart(
  id: string,
  title: string,
  hours: FleetHour[],
  values: number[],
  config: FieldConfig,
): FleetChart {
  const frame = toDataFrame({
    fields: [
      { name: 'Hour', type: FieldType.time, values: hours.map((hour) => Date.parse(hour.hour)) },
      { name: title, type: FieldType.number, values, config },
    ],
  });
  return { id, title, frame };
}

/** Online devices, total power and SOL earned, one chart each, hour by hour. */
export function fleetCharts(hours: FleetHour[]): FleetChart[] {
  return [
    chart(
      'online',
      'Online devices',
      hours,
      hours.map((hour) => hour.onlineDevices),
      { unit: 'none', decimals: 0, min: 0 },
    ),
    chart(
      'power',
      'Total power',
      hours,
      hours.map((hour) => hour.powerW),
      { unit: 'watt', min: 0 },
    ),
    chart(
      'earned',
      'Earned per hour',
      hours,
      hours.map((hour) => Number(hour.earnedLamports) / LAMPORTS_PER_SOL),
      { unit: 'SOL', decimals: 4 },
    ),
  ];
}
