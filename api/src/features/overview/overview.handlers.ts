import { createRouter } from '../../router.js';
import { sampleSummary } from '../devices/device.presenter.js';
import { listDevices, type DeviceListRow } from '../devices/devices.queries.js';
import { earningsSummary } from '../earnings/earnings.queries.js';
import { deviceStatus } from '../status/device-connection.js';
import { overviewRoute } from './overview.routes.js';

function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Devices by status, GPUs, and the online devices' temperature and power. */
function fleetSummary(rows: DeviceListRow[], now: number) {
  const counts = { total: rows.length, online: 0, offline: 0, pending: 0 };
  let gpus = 0;
  let totalPowerW = 0;
  const temperatures: number[] = [];
  for (const row of rows) {
    const status = deviceStatus(row, now);
    counts[status] += 1;
    gpus += row.gpus.length;
    if (status !== 'online') continue;
    const sample = sampleSummary(row.sample_gpus);
    totalPowerW += sample.powerW ?? 0;
    if (sample.temperature !== undefined) temperatures.push(sample.temperature);
  }
  const avgTemperature =
    temperatures.length > 0
      ? roundToTenth(temperatures.reduce((sum, value) => sum + value, 0) / temperatures.length)
      : null;
  return { devices: counts, gpus, avgTemperature, totalPowerW: roundToTenth(totalPowerW) };
}

export const overviewRoutes = createRouter().openapi(overviewRoute, async (c) => {
  const { db } = c.var.deps;
  const [rows, earnings] = await Promise.all([
    listDevices(db, c.var.user.accountId),
    earningsSummary(db, c.var.user.accountId),
  ]);
  return c.json(
    {
      ...fleetSummary(rows, Date.now()),
      earnings: {
        todayLamports: earnings.todayLamports,
        last7dLamports: earnings.last7dLamports,
        balanceLamports: earnings.balanceLamports,
      },
    },
    200,
  );
});
