import React, { type ReactNode } from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, fakeApi, fakeLiveEvents, renderSignedIn, respond } from '../../../test/fake-api';
import { newDevice, RTX_4090 } from '../../../test/fixtures';
import type { Device, Overview } from '../../api/client';
import { testIds } from '../../testIds';
import { DeviceNameCell } from './DeviceNameCell';
import { DeviceTable } from './DeviceTable';
import HomePage from './HomePage';

// Counts renders of each row's name cell, to check that a live update re-renders one row only.
vi.mock('./DeviceNameCell', async (importOriginal) => {
  const actual = await importOriginal<{ DeviceNameCell: (props: never) => ReactNode }>();
  return { ...actual, DeviceNameCell: vi.fn(actual.DeviceNameCell) };
});
const renderedRows = () => vi.mocked(DeviceNameCell).mock.calls.map(([props]) => props.device.id);

/** A device reporting now, with one GPU. */
function device(overrides: Partial<Device> & Pick<Device, 'id' | 'name'>): Device {
  return newDevice({
    status: 'online',
    activity: 'idle',
    lastSeenAt: new Date().toISOString(),
    createdAt: '2026-11-01T00:00:00.000Z',
    gpus: [RTX_4090],
    ...overrides,
  });
}

const devices: Device[] = [
  device({ id: 'd1', name: 'alpha', temperature: 60, powerW: 300, utilization: 50 }),
  device({ id: 'd2', name: 'bravo', temperature: 82, powerW: 420, utilization: 99 }),
  device({ id: 'd3', name: 'charlie', status: 'offline', activity: null, hostname: 'h100-box' }),
];

/** The device names in the order the table shows them. */
function rowNames(): string[] {
  const table = screen.getByTestId(testIds.home.deviceTable);
  return within(table)
    .getAllByRole('rowheader')
    .map((cell) => within(cell).getByRole('link').textContent ?? '');
}

beforeEach(() => sessionStorage.clear());

describe('DeviceTable', () => {
  function renderTable(list = devices, onRename = vi.fn().mockResolvedValue(undefined)) {
    const onDelete = vi.fn();
    render(<DeviceTable devices={list} onRename={onRename} onDelete={onDelete} />, {
      wrapper: MemoryRouter,
    });
    return { onRename, onDelete, user: userEvent.setup() };
  }

  it('sorts by a column when its header is clicked, and back when clicked again', async () => {
    const { user } = renderTable();
    expect(rowNames()).toEqual(['alpha', 'bravo', 'charlie']);
    const header = screen.getByRole('columnheader', { name: /Temperature/ });
    expect(header).not.toHaveAttribute('aria-sort');

    await user.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    expect(rowNames()).toEqual(['bravo', 'alpha', 'charlie']);

    await user.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(rowNames()).toEqual(['alpha', 'bravo', 'charlie']);
  });

  it('sorts from the keyboard', async () => {
    const { user } = renderTable();
    within(screen.getByRole('columnheader', { name: /Name/ }))
      .getByRole('button')
      .focus();
    await user.keyboard('{Enter}');
    expect(rowNames()).toEqual(['charlie', 'bravo', 'alpha']);
  });

  it('filters by status with counts, and searches hostnames', async () => {
    const { user } = renderTable();
    await user.click(screen.getByRole('radio', { name: 'Offline (1)' }));
    expect(rowNames()).toEqual(['charlie']);
    expect(screen.getByText('1 of 3 devices')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'All (3)' }));
    await user.type(screen.getByRole('textbox', { name: /Search devices/ }), 'h100');
    await waitFor(() => expect(rowNames()).toEqual(['charlie']));

    await user.clear(screen.getByRole('textbox', { name: /Search devices/ }));
    await user.type(screen.getByRole('textbox', { name: /Search devices/ }), 'nothing-like-this');
    await user.click(await screen.findByRole('button', { name: 'Clear search and filter' }));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
  });

  it('renames inline: Enter saves through onRename, errors stay beside the input', async () => {
    const onRename = vi
      .fn()
      .mockResolvedValueOnce('name: must be at most 64 characters')
      .mockResolvedValueOnce(undefined);
    const { user } = renderTable(devices, onRename);

    await user.click(screen.getByRole('button', { name: 'Rename bravo' }));
    const input = screen.getByRole('textbox', { name: 'New name for bravo' });
    await user.clear(input);
    await user.type(input, 'bravo-2{Enter}');
    expect(onRename).toHaveBeenLastCalledWith('d2', 'bravo-2');
    expect(await screen.findByRole('alert')).toHaveTextContent('must be at most 64 characters');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveFocus();

    await user.type(input, '{Enter}');
    await waitFor(() => expect(screen.queryByRole('textbox', { name: /New name/ })).toBeNull());
    expect(onRename).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('button', { name: 'Rename bravo' })).toHaveFocus();
  });

  it('cancels a rename with Escape without saving', async () => {
    const { user, onRename } = renderTable();
    await user.click(screen.getByRole('button', { name: 'Rename alpha' }));
    await user.type(screen.getByRole('textbox', { name: 'New name for alpha' }), 'zzz{Escape}');
    expect(screen.queryByRole('textbox', { name: /New name/ })).toBeNull();
    expect(onRename).not.toHaveBeenCalled();
  });

  it('asks for the device to delete', async () => {
    const { user, onDelete } = renderTable();
    await user.click(screen.getByRole('button', { name: 'Delete charlie' }));
    expect(onDelete).toHaveBeenCalledWith(devices[2]);
  });

  it('invites the user to add a first device when there is none', () => {
    renderTable([]);
    expect(screen.getByText('You have no devices yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Add your first device/ })).toHaveAttribute(
      'href',
      '/a/ioworker-worker-app/add-device',
    );
    expect(screen.queryByTestId(testIds.home.deviceTable)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// The page against a fake API and a fake live stream

const overview: Overview = {
  devices: { total: 3, online: 2, offline: 1, pending: 0 },
  gpus: 3,
  avgTemperature: 71,
  totalPowerW: 720,
  earnings: { todayLamports: '1500000000', last7dLamports: '3000000000', balanceLamports: '0' },
};

/** The API's hours for a range: one device online in every other hour. */
function fleetHistory(range: string | null) {
  const count = range === '7d' ? 168 : 24;
  const last = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  return {
    hours: Array.from({ length: count }, (_, index) => ({
      hour: new Date(last - (count - 1 - index) * 3_600_000).toISOString(),
      onlineDevices: index % 2,
      powerW: 300 * (index % 2),
      energyWh: 300 * (index % 2),
      earnedLamports: String(1_000_000 * (index % 2)),
    })),
  };
}

describe('HomePage', () => {
  /** Set by a test: the device list fails while it is true. */
  let databaseDown: boolean;
  let api: ReturnType<typeof fakeApi>;
  let live: ReturnType<typeof fakeLiveEvents>;

  beforeEach(() => {
    databaseDown = false;
    api = fakeApi({
      'GET /v1/overview': () => overview,
      'GET /v1/devices': () =>
        databaseDown ? apiError(500, 'internal', 'The database is down.') : { devices },
      'DELETE /v1/devices/d3': () => respond(204),
      'GET /v1/fleet/history': ({ url }) => fleetHistory(url.searchParams.get('range')),
      'GET /v1/insights': () => ({ insights: [] }),
    });
    live = fakeLiveEvents();
  });

  function renderPage() {
    renderSignedIn(<HomePage />);
    return userEvent.setup();
  }

  const listLoads = () => api.callsTo('/v1/devices').filter((call) => call.method === 'GET');

  it('charts the fleet by hour for 24 h, and for 7 d when asked', async () => {
    const user = renderPage();
    const online = await screen.findByTestId(testIds.home.fleetChart('online'));
    expect(online).toHaveAttribute('data-points', '24');
    expect(online).toHaveTextContent('Online devices');
    expect(screen.getByTestId(testIds.home.fleetChart('power'))).toHaveTextContent('Total power');
    expect(screen.getByTestId(testIds.home.fleetChart('earned'))).toHaveTextContent(
      'Earned per hour',
    );
    await user.click(screen.getByRole('radio', { name: '7 d' }));
    await waitFor(() =>
      expect(screen.getByTestId(testIds.home.fleetChart('online'))).toHaveAttribute(
        'data-points',
        '168',
      ),
    );
    expect(
      api.callsTo('/v1/fleet/history').map((call) => call.url.searchParams.get('range')),
    ).toEqual(['24h', '7d']);
  });

  it('says so when no device reported, and shows the error when the history fails', async () => {
    api = fakeApi({
      'GET /v1/overview': () => overview,
      'GET /v1/devices': () => ({ devices }),
      'GET /v1/fleet/history': ({ url }) =>
        url.searchParams.get('range') === '7d'
          ? apiError(500, 'internal', 'The rollups are down.')
          : {
              hours: fleetHistory('24h').hours.map((hour) => ({
                ...hour,
                onlineDevices: 0,
                earnedLamports: '0',
              })),
            },
    });
    const user = renderPage();
    expect(await screen.findByText('No device reported in these hours.')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.home.fleetChart('online'))).toBeNull();
    await user.click(screen.getByRole('radio', { name: '7 d' }));
    expect(await screen.findByText('Could not load the fleet history')).toBeInTheDocument();
    expect(screen.getByText('The rollups are down.')).toBeInTheDocument();
  });

  it('shows the overview and the devices, then patches a row from a live sample', async () => {
    renderPage();
    const overviewCards = await screen.findByTestId(testIds.home.overview);
    await waitFor(() =>
      expect(overviewCards).toHaveTextContent(/Devices online\s*2\s*of 3 devices/),
    );
    expect(overviewCards).toHaveTextContent('720 W');
    expect(overviewCards).toHaveTextContent('1.5 SOL');
    await waitFor(() => expect(rowNames()).toEqual(['alpha', 'bravo', 'charlie']));
    const alphaRow = () => screen.getByRole('row', { name: /alpha/ });
    expect(alphaRow()).toHaveTextContent('60 °C');

    vi.mocked(DeviceNameCell).mockClear();
    live.emit('device.sample', {
      deviceId: 'd1',
      at: new Date().toISOString(),
      gpus: [{ index: 0, temperatureC: 77, powerW: 1234, utilizationPct: 88 }],
    });
    await waitFor(() => expect(alphaRow()).toHaveTextContent('77 °C'));
    expect(alphaRow()).toHaveTextContent('1,234 W');
    expect(alphaRow()).toHaveTextContent('88%');
    expect(new Set(renderedRows())).toEqual(new Set(['d1']));
    // Patched in place: the list was loaded once.
    expect(listLoads()).toHaveLength(1);
  });

  it('reloads the list when a device it does not know comes online', async () => {
    renderPage();
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    live.emit('device.status', {
      deviceId: 'new-one',
      status: 'online',
      lastSeenAt: new Date().toISOString(),
    });
    await waitFor(() => expect(listLoads()).toHaveLength(2));
  });

  it('deletes a device after confirming, explaining that its credential stops working', async () => {
    const user = renderPage();
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await user.click(screen.getByRole('button', { name: 'Delete charlie' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('credential stops working');
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));
    await waitFor(() => expect(rowNames()).toEqual(['alpha', 'bravo']));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the API error with a retry when the list cannot be loaded', async () => {
    databaseDown = true;
    const user = renderPage();
    expect(await screen.findByText('The database is down.')).toBeInTheDocument();
    expect(screen.getByText('Could not load your devices')).toBeInTheDocument();

    databaseDown = false;
    await user.click(screen.getByRole('button', { name: /Try again/ }));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
  });
});
