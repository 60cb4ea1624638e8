import type { DailyRow } from './earnings-daily.queries.js';
import type { DeviceUseRow } from './earnings-efficiency.queries.js';

export type Efficiency = {
  earnedLamports: string;
  gpuHours: number;
  kwh: number;
  lamportsPerGpuHour: string | null;
  lamportsPerKwh: string | null;
};

type Totals = { lamports: bigint; gpuHours: number; kwh: number };

const ZERO_TOTALS: Totals = { lamports: 0n, gpuHours: 0, kwh: 0 };

/** Whole lamports per unit; null without any unit to divide by. */
function perUnit(lamports: bigint, units: number): string | null {
  return units > 0 ? BigInt(Math.round(Number(lamports) / units)).toString() : null;
}

function toEfficiency({ lamports, gpuHours, kwh }: Totals): Efficiency {
  return {
    earnedLamports: lamports.toString(),
    gpuHours: Number(gpuHours.toFixed(3)),
    kwh: Number(kwh.toFixed(3)),
    lamportsPerGpuHour: perUnit(lamports, gpuHours),
    lamportsPerKwh: perUnit(lamports, kwh),
  };
}

/**
 * The account's and each device's earnings over GPU-hours and kWh. Earnings are the daily
 * rows summed (so they match the days' totals to the lamport); a device appears if it earned
 * or ran, most earned first. The account's earnings include adjustments made to no device.
 */
export function efficiencyOf(earnings: DailyRow[], use: DeviceUseRow[]) {
  const devices = new Map<string, Totals>();
  let accountLamports = 0n;
  for (const row of earnings) {
    if (row.scope === 'account') accountLamports += BigInt(row.lamports);
    if (row.scope !== 'device') continue;
    const device = devices.get(row.device_id) ?? { ...ZERO_TOTALS };
    devices.set(row.device_id, { ...device, lamports: device.lamports + BigInt(row.lamports) });
  }
  for (const row of use) {
    const device = devices.get(row.device_id) ?? { ...ZERO_TOTALS };
    devices.set(row.device_id, { ...device, gpuHours: row.gpu_hours, kwh: row.kwh });
  }
  const all = [...devices.values()];
  const account = {
    lamports: accountLamports,
    gpuHours: all.reduce((sum, device) => sum + device.gpuHours, 0),
    kwh: all.reduce((sum, device) => sum + device.kwh, 0),
  };
  return {
    account: toEfficiency(account),
    devices: [...devices.entries()]
      .sort(([, a], [, b]) =>
        a.lamports === b.lamports ? b.gpuHours - a.gpuHours : a.lamports < b.lamports ? 1 : -1,
      )
      .map(([deviceId, totals]) => ({ deviceId, ...toEfficiency(totals) })),
  };
}
