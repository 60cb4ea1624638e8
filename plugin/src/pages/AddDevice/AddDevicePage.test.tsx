import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, fakeLiveEvents, renderSignedIn, respond } from '../../../test/fake-api';
import { newDevice, RTX_4090 } from '../../../test/fixtures';
import { testIds } from '../../testIds';
import AddDevicePage from './AddDevicePage';
import { CommandPanel } from './CommandPanel';
import type { Enrollment } from './wizard';

const enrollment: Enrollment = {
  token: 'iowe_abc123',
  expiresAt: '2026-11-25T13:00:00.000Z',
  commands: {
    ubuntu:
      'curl -fsSL http://api.test/install.sh | sudo bash -s -- --api http://api.test --token iowe_abc123',
    windows:
      "powershell -NoProfile -ExecutionPolicy Bypass -Command \"& ([scriptblock]::Create((irm 'http://api.test/install.ps1'))) -Api 'http://api.test' -Token 'iowe_abc123'\"",
  },
};
const beforeExpiry = Date.parse('2026-11-25T12:10:00.000Z');
const afterExpiry = Date.parse('2026-11-25T13:00:01.000Z');

function renderPanel(props: Partial<React.ComponentProps<typeof CommandPanel>> = {}) {
  const handlers = { onCopied: vi.fn(), onRenew: vi.fn() };
  render(
    <CommandPanel
      enrollment={enrollment}
      os="ubuntu"
      now={beforeExpiry}
      timeZone="UTC"
      enrolled={false}
      renewing={false}
      {...handlers}
      {...props}
    />,
  );
  return handlers;
}

describe('CommandPanel', () => {
  it.each([
    ['ubuntu', enrollment.commands.ubuntu],
    ['windows', enrollment.commands.windows],
  ] as const)('shows the %s command first, with a copy button', (os, command) => {
    renderPanel({ os });
    expect(screen.getByTestId(testIds.addDevice.command)).toHaveTextContent(command, {
      normalizeWhitespace: false,
    });
    expect(screen.getByRole('button', { name: /copy/i })).toBeEnabled();
    expect(screen.getByText(/single use: expires at 13:00 \(in 50 min\)/)).toBeInTheDocument();
  });

  it('switches to the other system’s command', async () => {
    renderPanel({ os: 'ubuntu' });
    await userEvent.click(screen.getByRole('tab', { name: 'Windows' }));
    expect(screen.getByTestId(testIds.addDevice.command)).toHaveTextContent(
      enrollment.commands.windows,
    );
    expect(screen.getByText(/as the Windows service io-worker-collector/)).toBeInTheDocument();
  });

  it('offers a new command once the token has expired', async () => {
    const { onRenew } = renderPanel({ now: afterExpiry });
    expect(screen.getByText('This command has expired')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Get a new command' }));
    expect(onRenew).toHaveBeenCalledOnce();
  });
});

const pending = newDevice({ os: 'windows' });
const details = {
  services: [],
  traffic: { rxBytesPerSec: null, txBytesPerSec: null, rxTotal: null, txTotal: null },
};

describe('AddDevicePage', { timeout: 20_000 }, () => {
  it('validates, creates the device, and turns to Connected on its first live sample', async () => {
    const live = fakeLiveEvents();
    let connected = false;
    const { calls } = fakeApi({
      'POST /v1/devices': () => respond(201, { device: pending, enrollment }),
      'GET /v1/devices/:id': () =>
        connected
          ? {
              ...pending,
              ...details,
              status: 'online',
              hostname: 'gpu-box',
              lastSeenAt: '2026-11-25T12:05:00.000Z',
              gpus: [RTX_4090],
            }
          : { ...pending, ...details },
    });
    const user = userEvent.setup();
    renderSignedIn(<AddDevicePage />);

    await user.click(await screen.findByRole('button', { name: 'Continue' }));
    expect(screen.getByLabelText(/^Device name/)).toHaveAccessibleDescription(
      'Enter a name for the device.',
    );
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    await user.type(screen.getByLabelText(/^Device name/), '  rig-01 ');
    await user.click(screen.getByRole('radio', { name: 'Windows' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    expect(await screen.findByTestId(testIds.addDevice.command)).toHaveTextContent(
      enrollment.commands.windows,
    );
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      name: 'rig-01',
      os: 'windows',
    });
    await waitFor(() => expect(calls.some((call) => call.path === '/v1/devices/dev-1')).toBe(true));
    expect(screen.getByTestId(testIds.addDevice.status)).toHaveTextContent(
      'Waiting for your device…',
    );

    live.emit('device.sample', { deviceId: 'dev-2', at: 'x', gpus: [] });
    expect(screen.getByTestId(testIds.addDevice.status)).toHaveTextContent('Waiting');

    connected = true;
    live.emit('device.sample', { deviceId: 'dev-1', at: '2026-11-25T12:05:00.000Z', gpus: [] });
    expect(screen.getByTestId(testIds.addDevice.status)).toHaveTextContent('Connected');
    expect(await screen.findByText('NVIDIA GeForce RTX 4090')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open device/ })).toHaveAttribute(
      'href',
      '/a/ioworker-worker-app/devices/dev-1',
    );
  });
});

describe('AddDevicePage: many machines / Kubernetes', { timeout: 20_000 }, () => {
  it('creates a fleet token and shows the enroll command and the Kubernetes steps', async () => {
    const token = 'iowf_fleet0123456789';
    const enrollCommand = `io-worker-collector enroll --api http://api.test --fleet-token ${token}`;
    const { calls } = fakeApi({
      'POST /v1/fleet-tokens': () =>
        respond(201, {
          id: 'ft-1',
          name: 'k8s-eu',
          preview: 'iowf_…6789',
          maxDevices: 10,
          usedDevices: 0,
          createdAt: '2026-11-25T12:00:00.000Z',
          expiresAt: '2026-12-02T12:00:00.000Z',
          token,
          enrollCommand,
        }),
    });
    const user = userEvent.setup();
    renderSignedIn(<AddDevicePage />);
    await user.click(await screen.findByRole('radio', { name: 'Many machines / Kubernetes' }));
    expect(screen.queryByTestId(testIds.addDevice.steps)).toBeNull();
    await user.type(screen.getByLabelText(/^Name/), 'k8s-eu');
    await user.click(screen.getByRole('button', { name: 'Create the fleet token' }));

    expect(await screen.findByTestId(testIds.fleetToken.command)).toHaveTextContent(enrollCommand);
    const kubernetes = screen.getByTestId(testIds.fleetToken.kubernetes);
    expect(kubernetes).toHaveTextContent(`--from-literal=token=${token}`);
    expect(kubernetes).toHaveTextContent('kubectl apply -k deploy/kubernetes/overlays/production');
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      name: 'k8s-eu',
      maxDevices: 10,
      expiresInDays: 7,
    });
  });
});
