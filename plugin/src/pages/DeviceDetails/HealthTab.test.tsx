import React from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn } from '../../../test/fake-api';
import { testIds } from '../../testIds';
import { HealthTab } from './HealthTab';
import type { DeviceHealth, GpuHealth } from './types';

const h200: GpuHealth = {
  index: 0,
  uuid: 'GPU-946656f8',
  model: 'NVIDIA H200',
  sampledAt: '2026-11-25T10:00:00Z',
  temperatureC: 81,
  memoryTemperatureC: 52,
  thermalHeadroomC: 6,
  pstate: 0,
  pcie: { gen: 4, genMax: 5, width: 8, widthMax: 16, belowMax: true },
  throttled: { powerCap: 0.2396, thermal: 0.0004, hardware: 0 },
  remappedRowsUncorrectable: 1,
  xid: {
    sinceBoot: 3,
    latest: [
      {
        xid: 79,
        name: 'GPU has fallen off the bus',
        meaning: 'The machine lost contact with the GPU over PCIe.',
        action: 'Reboot. Check the power supply and cables.',
        severity: 'check_hardware',
        source: 'https://docs.nvidia.com/deploy/xid-errors/analyzing-xid-catalog.html',
      },
    ],
  },
};

/** An older card whose driver reports none of the health fields. */
const quadro: GpuHealth = {
  index: 1,
  uuid: null,
  model: 'Quadro P400',
  sampledAt: '2026-11-25T10:00:00Z',
  temperatureC: 33,
  memoryTemperatureC: null,
  thermalHeadroomC: null,
  pstate: null,
  pcie: { gen: null, genMax: null, width: null, widthMax: null, belowMax: null },
  throttled: { powerCap: null, thermal: null, hardware: null },
  remappedRowsUncorrectable: null,
  xid: { sinceBoot: null, latest: [] },
};

const health = (gpus: GpuHealth[]): DeviceHealth => ({
  from: '2026-11-24T10:00:00Z',
  to: '2026-11-25T10:00:00Z',
  gpus,
});

function renderTab() {
  return renderSignedIn(<HealthTab deviceId="d1" timeZone="UTC" />);
}

/** The value a figure or a throttle row shows beside its label (a `<dt>`). */
function valueOf(card: HTMLElement, label: string): string {
  const term = within(card).getByText(label).closest('dt');
  return term?.parentElement?.textContent?.replace(label, '') ?? '';
}

describe('HealthTab', () => {
  it('shows each GPU: headroom, throttle shares, PCIe link and its Xid explained', async () => {
    fakeApi({ 'GET /v1/devices/d1/health': () => health([h200, quadro]) });
    renderTab();

    const [first, second] = await screen.findAllByRole('region', { name: /^GPU #/ });
    if (!first || !second) throw new Error('expected two GPU cards');
    expect(within(first).getByText('NVIDIA H200 · newest sample 25 Nov 2026, 10:00')).toBeVisible();
    expect(valueOf(first, 'Thermal headroom')).toBe('6 °CLow');
    expect(valueOf(first, 'Memory temperature')).toBe('52 °C');
    expect(valueOf(first, 'PCIe link')).toBe(
      'Gen 4 ×8Below maxmax Gen 5 ×16: check the seating, slot and riser',
    );
    expect(valueOf(first, 'Performance state')).toBe('P0');
    expect(valueOf(first, 'Power cap')).toBe('24%');
    expect(valueOf(first, 'Thermal')).toBe('< 0.1%');
    expect(valueOf(first, 'Hardware slowdown')).toBe('0%');
    expect(within(first).getByText(/3 since boot/)).toBeInTheDocument();

    const xid = within(first).getByRole('listitem');
    expect(xid).toHaveTextContent('Xid 79: GPU has fallen off the bus');
    expect(xid).toHaveTextContent('Check the hardware');
    expect(xid).toHaveTextContent('The machine lost contact with the GPU over PCIe.');
    expect(xid).toHaveTextContent('What to do: Reboot. Check the power supply and cables.');
    expect(
      within(xid).getByRole('link', { name: /Xid 79 in NVIDIA’s documentation/ }),
    ).toHaveAttribute('href', h200.xid.latest[0]?.source);

    for (const label of ['Thermal headroom', 'PCIe link', 'Power cap', 'Thermal']) {
      expect(valueOf(second, label), label).toBe('not reported');
    }
    expect(within(second).queryByText('Low')).not.toBeInTheDocument();
    expect(within(second).getByText('No Xid error in the last 24 h.')).toBeInTheDocument();
  });

  it('says so when no GPU reported in the last 24 h', async () => {
    fakeApi({ 'GET /v1/devices/d1/health': () => health([]) });
    renderTab();
    expect(await screen.findByText('No GPU reported in the last 24 h')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.device.health)).not.toBeInTheDocument();
  });

  it('shows the API’s error with a retry', async () => {
    let fail = true;
    fakeApi({
      'GET /v1/devices/d1/health': () =>
        fail
          ? apiError(503, 'metrics_unavailable', 'Metrics storage is not configured.')
          : health([h200]),
    });
    renderTab();
    expect(await screen.findByText('Metrics storage is not configured.')).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'GPU #0' })).toBeInTheDocument();
  });
});
