import React from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderSignedIn, respond } from '../../../test/fake-api';
import { MuteControl } from './MuteControl';

const HOUR_MS = 3_600_000;

function renderMute(mutedUntil: string | null = null) {
  const api = fakeApi({
    'GET /v1/devices/d1/notification-rules': () => ({ overrides: [], effective: [], mutedUntil }),
    'POST /v1/devices/d1/mute': ({ body }) => ({ mutedUntil: (body as { until: string }).until }),
    'DELETE /v1/devices/d1/mute': () => respond(204),
  });
  renderSignedIn(<MuteControl deviceId="d1" deviceName="rig-alpha" timeZone="Asia/Tokyo" />);
  return api;
}

const posts = (api: ReturnType<typeof fakeApi>) =>
  api.callsTo('/v1/devices/d1/mute').filter((call) => call.method === 'POST');

describe('MuteControl', { timeout: 20_000 }, () => {
  it('mutes for a preset from now, then unmutes', async () => {
    const api = renderMute();
    await userEvent.click(await screen.findByRole('button', { name: 'Mute alerts' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('radio', { name: '4 h' }));
    const before = Date.now();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mute' }));

    expect(await screen.findByText(/^Alerts muted until/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const [post] = posts(api);
    const until = Date.parse((post?.body as { until: string }).until);
    expect(until).toBeGreaterThanOrEqual(before + 4 * HOUR_MS);
    expect(until).toBeLessThan(Date.now() + 4 * HOUR_MS + 1000);

    await userEvent.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(await screen.findByRole('button', { name: 'Mute alerts' })).toBeInTheDocument();
    expect(screen.queryByText(/^Alerts muted until/)).not.toBeInTheDocument();
    expect(api.calls.filter((call) => call.method === 'DELETE').map((call) => call.path)).toEqual([
      '/v1/devices/d1/mute',
    ]);
  });

  it('mutes until a custom time on the account’s clock, never one in the past', async () => {
    const api = renderMute();
    await userEvent.click(await screen.findByRole('button', { name: 'Mute alerts' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('radio', { name: 'Until…' }));
    const input = within(dialog).getByLabelText('Until (Asia/Tokyo)');

    fireEvent.change(input, { target: { value: '2020-01-01T10:00' } });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mute' }));
    expect(within(dialog).getByText('Choose a time in the future.')).toBeInTheDocument();
    expect(posts(api)).toEqual([]);

    // A month ahead; Tokyo keeps UTC+9 all year.
    const day = new Date(Date.now() + 30 * 24 * HOUR_MS).toISOString().slice(0, 10);
    fireEvent.change(input, { target: { value: `${day}T10:00` } });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mute' }));

    expect(await screen.findByText(/^Alerts muted until/)).toHaveTextContent(/, 10:00$/);
    expect(posts(api).map((call) => call.body)).toEqual([{ until: `${day}T01:00:00.000Z` }]);
  });

  it('says until when a muted device stays muted', async () => {
    renderMute(new Date(Date.UTC(2099, 0, 2, 3, 4)).toISOString());
    expect(await screen.findByText('Alerts muted until 2 Jan 2099, 12:04')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Unmute' })).toBeInTheDocument();
  });
});
