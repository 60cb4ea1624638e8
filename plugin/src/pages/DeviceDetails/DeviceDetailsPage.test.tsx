import React from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, fakeLiveEvents, renderSignedIn, type ApiRoutes } from '../../../test/fake-api';
import { account, delivery, notification } from '../../../test/fixtures';
import { testIds } from '../../testIds';
import DeviceDetailsPage from './DeviceDetailsPage';

const NOW = new Date().toISOString();

const device = {
  id: 'd1',
  name: 'rig-alpha',
  os: 'ubuntu',
  status: 'online',
  activity: 'busy',
  state: 'busy',
  pausedAt: null,
  hostname: 'alpha.local',
  lastSeenAt: NOW,
  createdAt: '2026-11-01T00:00:00Z',
  gpus: [
    { index: 1, model: 'NVIDIA RTX 3090', memoryTotalMiB: 24576 },
    { index: 0, model: 'NVIDIA RTX 4090', memoryTotalMiB: 24564 },
  ],
  temperature: 70,
  powerW: 600,
  utilization: 90,
  services: [
    { name: 'docker', up: true, checkedAt: NOW },
    { name: 'agent', up: false, checkedAt: NOW },
  ],
  traffic: { rxBytesPerSec: 1500, txBytesPerSec: 250, rxTotal: 2_000_000_000, txTotal: 6_000_000 },
};

const job = (id: string, deviceId = 'd1') => ({
  id,
  externalId: `ext-${id}`,
  deviceId,
  status: 'completed',
  startedAt: '2026-11-25T10:00:00Z',
  endedAt: '2026-11-25T10:01:30Z',
  earningsLamports: '1500000000',
  createdAt: '2026-11-25T10:00:00Z',
  updatedAt: '2026-11-25T10:01:30Z',
});

const accountInEuro: ApiRoutes = {
  'GET /v1/me': () => account({ electricityPrice: '0.30', currency: 'EUR' }),
};

const deviceRoutes: ApiRoutes = {
  ...accountInEuro,
  'GET /v1/devices/d1': () => device,
  'GET /v1/devices/d1/metrics': () => ({
    from: NOW,
    to: NOW,
    step: '10s',
    series: [
      { name: 'temperature', unit: '°C', gpu: '0', points: [[NOW, 66]] },
      { name: 'memory', unit: 'MiB', gpu: '0', points: [[NOW, 2048]] },
      { name: 'rxRate', unit: 'B/s', points: [[NOW, 10]] },
      { name: 'txRate', unit: 'B/s', points: [[NOW, 20]] },
    ],
  }),
  'GET /v1/devices/d1/uptime': ({ url }) => ({
    days: Array.from({ length: Number(url.searchParams.get('days')) }, (_, index) => ({
      date: new Date(Date.UTC(2026, 0, index + 1)).toISOString().slice(0, 10),
      uptimeRatio: 1,
    })),
  }),
  'GET /v1/devices/d1/notifications': () => ({
    notifications: [
      {
        id: 'n1',
        deviceId: 'd1',
        kind: 'device.online',
        severity: 'info',
        title: 'rig-alpha is online',
        message: 'rig-alpha is reporting again.',
        alert: null,
        deliveries: [],
        createdAt: '2026-11-25T09:00:00Z',
      },
    ],
    nextCursor: null,
  }),
  'GET /v1/devices/d1/notification-rules': () => ({
    overrides: [],
    effective: [],
    mutedUntil: null,
  }),
  'GET /v1/devices/d1/jobs': ({ url }) =>
    url.searchParams.get('cursor') === 'page-2'
      ? { jobs: [job('j3')], nextCursor: null }
      : { jobs: [job('j1'), job('j2')], nextCursor: 'page-2' },
};

function nth<T>(list: T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`nothing at ${index}`);
  return item;
}

function renderPage(url = '/devices/d1') {
  return renderSignedIn(<DeviceDetailsPage />, { url, routePath: 'devices/:id' });
}

let live: ReturnType<typeof fakeLiveEvents>;
beforeEach(() => {
  live = fakeLiveEvents();
});
describe('DeviceDetailsPage', () => {
  it('shows the device: header, GPUs by index, traffic, services, uptime and charts', async () => {
    fakeApi(deviceRoutes);
    renderPage();

    const header = await screen.findByTestId(testIds.device.header);
    expect(within(header).getByRole('heading', { level: 1 })).toHaveTextContent('rig-alpha');
    // The badge and the connectivity card.
    expect(within(header).getAllByText('Online')).toHaveLength(2);
    expect(within(header).getByText(/Busy/)).toBeInTheDocument();
    expect(within(header).getByText(/host alpha\.local/)).toBeInTheDocument();
    expect(within(header).getByText('since 25 Nov 2026, 09:00')).toBeInTheDocument();
    expect(within(header).getByText('600 W')).toBeInTheDocument();
    expect(await within(header).findByRole('button', { name: 'Mute alerts' })).toBeEnabled();

    const gpuRows = within(screen.getByTestId(testIds.device.gpuTable)).getAllByRole('row');
    expect(gpuRows.slice(1).map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^#0NVIDIA RTX 4090/),
      expect.stringMatching(/^#1NVIDIA RTX 3090/),
    ]);
    expect(await within(nth(gpuRows, 1)).findByText('66 °C')).toBeInTheDocument();
    expect(within(nth(gpuRows, 1)).getByText('2 GiB / 24 GiB')).toBeInTheDocument();

    const traffic = screen.getByTestId(testIds.device.traffic);
    expect(within(traffic).getByText('1.5 KB/s')).toBeInTheDocument();
    expect(within(traffic).getByText('2 GB in total')).toBeInTheDocument();
    const services = screen.getByTestId(testIds.device.services);
    expect(within(services).getByText('Up')).toBeInTheDocument();
    expect(within(services).getByText('Down')).toBeInTheDocument();

    const uptime = screen.getByTestId(testIds.device.uptimeBar);
    expect(await within(uptime).findAllByRole('listitem', { name: /uptime$/ })).toHaveLength(30);

    expect(screen.getByRole('tab', { name: 'Charts' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId(testIds.device.chart('temperature'))).toHaveAttribute(
      'data-points',
      '1',
    );
    expect(screen.getByTestId(testIds.device.chart('traffic'))).toHaveAttribute('data-points', '2');
    expect(screen.getByTestId(testIds.device.chart('fan'))).toHaveAttribute('data-points', '0');
  });

  it('says "Device not found" with a way back when the API answers 404', async () => {
    fakeApi(accountInEuro);
    renderPage('/devices/gone');
    expect(await screen.findByText('Device not found')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /back to your devices/i })).toHaveAttribute(
      'href',
      '/a/ioworker-worker-app',
    );
    expect(screen.queryByTestId(testIds.device.header)).not.toBeInTheDocument();
  });

  it('pages jobs with the cursor and puts live jobs of this device first', async () => {
    const api = fakeApi(deviceRoutes);
    renderPage('/devices/d1?tab=jobs');

    const jobs = await screen.findByTestId(testIds.device.jobs);
    expect(await within(jobs).findAllByText('ext-j1')).toHaveLength(1);
    expect(within(jobs).getAllByText('1.5 SOL')).toHaveLength(2);
    expect(within(jobs).getAllByText('1 min 30 s')).toHaveLength(2);

    await userEvent.click(within(jobs).getByRole('button', { name: 'Load more jobs' }));
    expect(await within(jobs).findByText('ext-j3')).toBeInTheDocument();
    expect(
      api
        .callsTo('/v1/devices/d1/jobs')
        .some((call) => call.url.searchParams.get('cursor') === 'page-2'),
    ).toBe(true);
    expect(within(jobs).queryByRole('button', { name: /load more/i })).not.toBeInTheDocument();

    live.emit('job', { ...job('j9'), status: 'running', endedAt: null });
    live.emit('job', job('other', 'd2'));
    const rows = within(jobs).getAllByRole('row').slice(1);
    expect(rows.map((row) => nth(within(row).getAllByRole('cell'), 1).textContent)).toEqual([
      'ext-j9',
      'ext-j1',
      'ext-j2',
      'ext-j3',
    ]);
    expect(within(nth(rows, 0)).getByText('Running')).toBeInTheDocument();
  });

  it('updates the GPU table and the header from live samples of this device only', async () => {
    fakeApi(deviceRoutes);
    renderPage();
    const table = await screen.findByTestId(testIds.device.gpuTable);
    expect(await within(table).findByText('66 °C')).toBeInTheDocument();

    const later = new Date(Date.now() + 60_000).toISOString();
    live.emit('device.sample', {
      deviceId: 'd2',
      at: later,
      gpus: [{ index: 0, temperatureC: 12 }],
    });
    expect(within(table).queryByText('12 °C')).not.toBeInTheDocument();

    live.emit('device.sample', {
      deviceId: 'd1',
      at: later,
      gpus: [
        { index: 0, temperatureC: 91, powerW: 450, utilizationPct: 99 },
        { index: 1, temperatureC: 50, powerW: 100, utilizationPct: 1 },
      ],
    });
    expect(within(table).getByText('91 °C')).toBeInTheDocument();
    const header = screen.getByTestId(testIds.device.header);
    expect(within(header).getByText('550 W')).toBeInTheDocument();
    expect(within(header).getByText('50%')).toBeInTheDocument();
  });

  it('shows a device that went offline as offline since its last sample', async () => {
    fakeApi(deviceRoutes);
    renderPage();
    const header = await screen.findByTestId(testIds.device.header);
    live.emit('device.status', {
      deviceId: 'd1',
      status: 'offline',
      lastSeenAt: '2026-11-25T08:00:00Z',
    });
    expect(within(header).getAllByText('Offline')).toHaveLength(2);
    expect(within(header).getByText(/^since 25 Nov 2026, 08:00/)).toBeInTheDocument();
    expect(within(header).queryByText(/Busy/)).not.toBeInTheDocument();
  });

  it('pauses the device after asking, resumes it, and follows pauses made elsewhere', async () => {
    const pausedAt = '2026-11-25T10:00:00Z';
    const calls: string[] = [];
    fakeApi({
      ...deviceRoutes,
      'POST /v1/devices/d1/pause': () => {
        calls.push('pause');
        return { ...device, state: 'paused', pausedAt };
      },
      'POST /v1/devices/d1/resume': () => {
        calls.push('resume');
        return { ...device, state: 'busy', pausedAt: null };
      },
    });
    renderPage();
    const header = await screen.findByTestId(testIds.device.header);
    await userEvent.click(within(header).getByRole('button', { name: 'Pause' }));
    expect(calls).toEqual([]);
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Pause' }),
    );
    expect(await within(header).findByText('Paused')).toBeInTheDocument();
    expect(calls).toEqual(['pause']);

    await userEvent.click(within(header).getByRole('button', { name: 'Resume' }));
    expect(await within(header).findByText('Busy')).toBeInTheDocument();
    expect(calls).toEqual(['pause', 'resume']);

    live.emit('device.state', { deviceId: 'd1', state: 'paused', pausedAt });
    expect(await within(header).findByRole('button', { name: 'Resume' })).toBeInTheDocument();
    live.emit('device.state', { deviceId: 'd2', state: null, pausedAt: null });
    expect(within(header).getByText('Paused')).toBeInTheDocument();
  });

  it('lists an alert on the Notifications tab with the outcome of each delivery', async () => {
    fakeApi({
      ...deviceRoutes,
      'GET /v1/devices/d1/notifications': () => ({
        notifications: [
          notification({
            deliveries: [
              delivery(),
              delivery({
                channelId: 'c2',
                channelKind: 'discord',
                channelName: 'Rigs',
                status: 'failed',
                attempts: 5,
                error: 'HTTP 401',
              }),
            ],
          }),
        ],
        nextCursor: null,
      }),
    });
    renderPage('/devices/d1?tab=notifications');

    const tab = await screen.findByTestId(testIds.device.notifications);
    const deliveries = await within(tab).findByRole('list', { name: 'Deliveries' });
    expect(
      within(deliveries)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Email · Inbox:Sent', 'Discord · Rigs:Failed: HTTP 401']);
    expect(tab).toHaveTextContent('rig-alpha is offline');
  });
});
