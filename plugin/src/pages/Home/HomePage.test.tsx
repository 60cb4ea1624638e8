import React, { type ReactNode } from 'react';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../api/ApiContext';
import type { Device, Overview } from '../../api/client';
import { SessionProvider, useSession } from '../../api/SessionContext';
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

const GPU = { index: 0, model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 };

function device(overrides: Partial<Device> & Pick<Device, 'id' | 'name'>): Device {
  return {
    os: 'ubuntu',
    status: 'online',
    activity: 'idle',
    hostname: null,
    lastSeenAt: new Date().toISOString(),
    createdAt: '2026-11-01T00:00:00.000Z',
    gpus: [GPU],
    ...overrides,
  };
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

const me = {
  id: 'u1',
  email: 'a@example.com',
  createdAt: '2026-11-01T00:00:00.000Z',
  settings: { electricityPrice: '0.2', currency: 'USD', solPrice: null, timezone: 'UTC' },
};

class FakeEventSource {
  static current: FakeEventSource | undefined;
  private readonly listeners = new Map<string, Set<(event: MessageEvent) => void>>();
  constructor() {
    FakeEventSource.current = this;
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.get(type)?.delete(listener);
  }
  close() {}
  emit(type: string, data: unknown) {
    const event = new MessageEvent(type, { data: JSON.stringify(data) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function SignedIn({ children }: { children: ReactNode }) {
  return useSession().state.status === 'signed-in' ? <>{children}</> : null;
}

describe('HomePage', () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const method = (input instanceof Request ? input.method : init?.method) ?? 'GET';
      if (url.pathname === '/v1/me') return json(me);
      if (url.pathname === '/v1/overview') return json(overview);
      if (url.pathname === '/v1/devices') return json({ devices });
      if (url.pathname === '/v1/devices/d3' && method === 'DELETE') {
        return new Response(null, { status: 204 });
      }
      return json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
    });
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  function renderPage() {
    render(
      <ApiProvider baseUrl="http://api.test">
        <SessionProvider>
          <SignedIn>
            <HomePage />
          </SignedIn>
        </SessionProvider>
      </ApiProvider>,
      { wrapper: MemoryRouter },
    );
    return userEvent.setup();
  }

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
    act(() => {
      FakeEventSource.current?.emit('device.sample', {
        deviceId: 'd1',
        at: new Date().toISOString(),
        gpus: [{ index: 0, temperatureC: 77, powerW: 1234, utilizationPct: 88 }],
      });
    });
    await waitFor(() => expect(alphaRow()).toHaveTextContent('77 °C'));
    expect(alphaRow()).toHaveTextContent('1,234 W');
    expect(alphaRow()).toHaveTextContent('88%');
    expect(new Set(renderedRows())).toEqual(new Set(['d1']));
    // Patched in place: the list was loaded once.
    const listLoads = fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/v1/devices'));
    expect(listLoads).toHaveLength(1);
  });

  it('reloads the list when a device it does not know comes online', async () => {
    renderPage();
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    act(() => {
      FakeEventSource.current?.emit('device.status', {
        deviceId: 'new-one',
        status: 'online',
        lastSeenAt: new Date().toISOString(),
      });
    });
    await waitFor(() => {
      const loads = fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/v1/devices'));
      expect(loads).toHaveLength(2);
    });
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
    fetchMock.mockImplementation(async (input: RequestInfo | URL) => {
      const path = new URL(String(input)).pathname;
      if (path === '/v1/me') return json(me);
      if (path === '/v1/overview') return json(overview);
      return json({ error: { code: 'internal', message: 'The database is down.' } }, 500);
    });
    const user = renderPage();
    expect(await screen.findByText('The database is down.')).toBeInTheDocument();
    expect(screen.getByText('Could not load your devices')).toBeInTheDocument();

    fetchMock.mockImplementation(async (input: RequestInfo | URL) => {
      const path = new URL(String(input)).pathname;
      return path === '/v1/devices' ? json({ devices }) : json(path === '/v1/me' ? me : overview);
    });
    await user.click(screen.getByRole('button', { name: /Try again/ }));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
  });
});
