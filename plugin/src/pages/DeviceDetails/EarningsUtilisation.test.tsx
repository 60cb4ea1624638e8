import React from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn, type RouteRequest } from '../../../test/fake-api';
import { EarningsUtilisation } from './EarningsUtilisation';

/** `days` dates ending 2026-11-30, each earning `lamports`. */
function earningsDays({ url }: RouteRequest, lamports: string) {
  const days = Number(url.searchParams.get('days'));
  return {
    days: Array.from({ length: days }, (_, index) => {
      const date = new Date(Date.UTC(2026, 10, 30 - days + 1 + index)).toISOString().slice(0, 10);
      return { date, lamports, byDevice: [{ deviceId: 'd1', lamports }] };
    }),
  };
}

const utilisation = (points: Array<[string, number]>) => ({
  from: '2026-11-22T00:00:00Z',
  to: '2026-11-30T12:00:00Z',
  step: '3600s',
  series: [{ name: 'utilization', unit: '%', gpu: '0', points }],
});

function renderSection() {
  return renderSignedIn(<EarningsUtilisation deviceId="d1" timeZone="UTC" />);
}

describe('EarningsUtilisation', () => {
  it('sums the days’ earnings beside the mean utilisation, over 7 or 30 days', async () => {
    const api = fakeApi({
      'GET /v1/earnings/daily': (request) => earningsDays(request, '100000000'),
      'GET /v1/devices/d1/metrics': () =>
        utilisation([
          ['2026-11-29T10:00:00Z', 40],
          ['2026-11-30T10:00:00Z', 68],
        ]),
    });
    renderSection();

    expect(
      await screen.findByText('Earned 0.7 SOL at 54% average utilisation'),
    ).toBeInTheDocument();
    const [daily] = api.callsTo('/v1/earnings/daily');
    expect(Object.fromEntries(daily?.url.searchParams ?? [])).toEqual({
      days: '7',
      deviceId: 'd1',
    });
    const [metrics] = api.callsTo('/v1/devices/d1/metrics');
    expect(metrics?.url.searchParams.get('step')).toBe('1h');

    await userEvent.click(screen.getByRole('radio', { name: '30 days' }));
    expect(await screen.findByText('Earned 3 SOL at 54% average utilisation')).toBeInTheDocument();
    const metricsCalls = api.callsTo('/v1/devices/d1/metrics');
    const last = metricsCalls.at(-1)?.url.searchParams;
    const spanDays =
      (Date.parse(last?.get('to') ?? '') - Date.parse(last?.get('from') ?? '')) / 86_400_000;
    expect(spanDays).toBe(31);
  });

  it('says so when the device neither earned nor reported', async () => {
    fakeApi({
      'GET /v1/earnings/daily': (request) => earningsDays(request, '0'),
      'GET /v1/devices/d1/metrics': () => utilisation([]),
    });
    renderSection();
    expect(await screen.findByText('Nothing earned or measured in 7 days')).toBeInTheDocument();
  });

  it('shows the API’s error with a retry', async () => {
    let fail = true;
    fakeApi({
      'GET /v1/earnings/daily': (request) => earningsDays(request, '100000000'),
      'GET /v1/devices/d1/metrics': () =>
        fail
          ? apiError(503, 'metrics_unavailable', 'Metrics storage is not configured.')
          : utilisation([['2026-11-30T10:00:00Z', 50]]),
    });
    renderSection();
    expect(await screen.findByText('Metrics storage is not configured.')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByText('Earned 0.7 SOL at 50% average utilisation'),
    ).toBeInTheDocument();
  });
});
