// The Earnings page's API, as the page test fakes it: an account in Berlin paid in SOL, two
// devices, one payout, a page of history and a second one behind a cursor.
import { fakeApi, type ApiRoutes } from '../../../test/fake-api';
import { account } from '../../../test/fixtures';

export const DEVICE_1 = '0c870e3d-d300-45fa-a216-ed416f67df7c';
export const DEVICE_2 = 'd470b3e8-1e71-4738-b569-e07ecc76744e';
export const ADDRESS = '9bZqtb7QKdKUJw3JoJrRzqcSNWtDL11ArvpbV3n5N4q6';

const summary = {
  balanceLamports: '72239712',
  todayLamports: '200271118',
  last7dLamports: '200271118',
  last30dLamports: '200271118',
  lifetimeLamports: '200271118',
  pendingPayoutLamports: '0',
};

const entry = (id: string, over: Record<string, unknown>) => ({
  id,
  at: '2026-11-25T11:58:31.846Z',
  kind: 'job',
  amountLamports: '40150105',
  deviceId: DEVICE_1,
  jobId: `job-${id}`,
  payoutId: null,
  note: null,
  ...over,
});

const devices = {
  devices: [
    { id: DEVICE_1, name: 'rig-one', gpus: [] },
    { id: DEVICE_2, name: 'rig-two', gpus: [] },
  ],
};

export const payout = {
  id: 'd06fdfbf-8ad1-482e-9def-04aa60a3df18',
  createdAt: '2026-11-25T11:58:21.841Z',
  amountLamports: '128031406',
  address: ADDRESS,
  status: 'confirmed',
  signature: '3a5Z',
  explorerUrl: 'https://solscan.io/tx/3a5Z?cluster=devnet',
  failureReason: null,
};

const figures = (lamports: string, gpuHours: number, kwh: number, perGpuHour: string | null) => ({
  earnedLamports: lamports,
  gpuHours,
  kwh,
  lamportsPerGpuHour: perGpuHour,
  lamportsPerKwh: perGpuHour && String(Math.round(Number(lamports) / kwh)),
});

const efficiency = {
  from: '2026-10-31T23:00:00.000Z',
  account: figures('3000000000', 120, 40, '25000000'),
  devices: [
    { deviceId: DEVICE_2, ...figures('2000000000', 80, 30, '25000000') },
    // Earned, but measured nothing yet: no rate.
    { deviceId: DEVICE_1, ...figures('1000000000', 0, 0, null) },
  ],
};

export function stack(over: ApiRoutes = {}) {
  return fakeApi({
    'GET /v1/me': () => account({ solPrice: '150', timezone: 'Europe/Berlin' }),
    'GET /v1/earnings/summary': () => summary,
    'GET /v1/earnings/daily': ({ url }) => ({
      days: Array.from({ length: Number(url.searchParams.get('days')) }, (_, index) => ({
        date: new Date(Date.UTC(2026, 10, index + 1)).toISOString().slice(0, 10),
        lamports: index === 0 ? '3000000000' : '0',
        byDevice:
          index === 0
            ? [
                { deviceId: DEVICE_2, lamports: '2000000000' },
                { deviceId: DEVICE_1, lamports: '1000000000' },
              ]
            : [],
      })),
    }),
    'GET /v1/earnings/efficiency': () => efficiency,
    'GET /v1/wallet': () => ({ address: ADDRESS, holdUntil: '2999-01-01T00:00:00.000Z' }),
    'GET /v1/devices': () => devices,
    'GET /v1/payouts': () => ({ payouts: [payout], nextCursor: null, network: 'solana' }),
    'GET /v1/earnings/history': ({ url }) =>
      url.searchParams.get('cursor') === 'page-2'
        ? { entries: [entry('e3', { amountLamports: '5000000' })], nextCursor: null }
        : {
            entries: [
              entry('e1', {}),
              entry('e2', {
                kind: 'payout',
                amountLamports: '-128031406',
                deviceId: null,
                jobId: null,
                payoutId: payout.id,
              }),
            ],
            nextCursor: 'page-2',
          },
    ...over,
  });
}
