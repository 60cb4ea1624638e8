import React from 'react';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderSignedIn } from '../../../test/fake-api';
import { ServicesTab } from './ServicesTab';
import type { ServiceHistoryResponse } from './service-history';

const history: ServiceHistoryResponse = {
  from: '2026-11-24T10:00:00.000Z',
  to: '2026-11-25T10:00:00.000Z',
  services: [
    {
      name: 'docker',
      intervals: [{ from: '2026-11-24T10:00:00.000Z', to: '2026-11-25T10:00:00.000Z', up: true }],
    },
    {
      name: 'systemd:ray-worker',
      intervals: [
        { from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T16:00:00.000Z', up: null },
        { from: '2026-11-24T16:00:00.000Z', to: '2026-11-25T04:00:00.000Z', up: true },
        { from: '2026-11-25T04:00:00.000Z', to: '2026-11-25T10:00:00.000Z', up: false },
      ],
    },
  ],
};

describe('ServicesTab', () => {
  it('draws each service’s 24 h strip with labelled segments and its current state', async () => {
    const api = fakeApi({ 'GET /v1/devices/d1/services': () => history });
    renderSignedIn(<ServicesTab deviceId="d1" timeZone="UTC" />);

    const ray = await screen.findByRole('listitem', { name: 'systemd:ray-worker' });
    expect(within(ray).getByText('Down')).toBeInTheDocument();
    expect(within(ray).getByText('Up 66.6% · down 1 time')).toBeInTheDocument();
    const strip = within(ray).getByRole('list', { name: /systemd:ray-worker history/ });
    const segments = within(strip).getAllByRole('listitem');
    expect(segments.map((segment) => segment.getAttribute('aria-label'))).toEqual([
      'Unknown from 24 Nov 2026, 10:00 to 24 Nov 2026, 16:00',
      'Up from 24 Nov 2026, 16:00 to 25 Nov 2026, 04:00',
      'Down from 25 Nov 2026, 04:00 to 25 Nov 2026, 10:00',
    ]);
    expect(segments[1]).toHaveStyle({ left: '25%', width: '50%' });

    const docker = screen.getByRole('listitem', { name: 'docker' });
    expect(within(docker).getByText('Up 100%')).toBeInTheDocument();
    expect(screen.getByText(/--watch systemd:ray-worker/)).toBeInTheDocument();
    expect(api.callsTo('/v1/devices/d1/services')[0]?.url.searchParams.get('hours')).toBe('24');
  });

  it('says so when nothing was reported', async () => {
    fakeApi({ 'GET /v1/devices/d1/services': () => ({ ...history, services: [] }) });
    renderSignedIn(<ServicesTab deviceId="d1" timeZone="UTC" />);
    expect(await screen.findByText('No service reported in the last 24 h.')).toBeInTheDocument();
  });
});
