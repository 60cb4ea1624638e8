import React from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, fakeLiveEvents, renderSignedIn } from '../../../test/fake-api';
import { delivery, notification } from '../../../test/fixtures';
import { RecentAlerts } from './RecentAlerts';

const SLACK_ID = '00000000-0000-4000-8000-000000000002';
const HOOK_ID = '00000000-0000-4000-8000-000000000003';
const BOT_ID = '00000000-0000-4000-8000-000000000004';

const firstPage = [
  notification({
    id: 'n2',
    title: 'Firing: GPU hot on rig-alpha',
    alert: { event: 'gpu.hot', status: 'firing' },
    deliveries: [
      delivery(),
      delivery({
        channelId: SLACK_ID,
        channelKind: 'slack',
        channelName: 'Ops',
        status: 'failed',
        attempts: 5,
        error: 'HTTP 404',
      }),
      delivery({
        channelId: HOOK_ID,
        channelKind: 'webhook',
        channelName: 'Mine',
        status: 'pending',
        attempts: 2,
        error: 'timeout',
        finishedAt: null,
        nextAttemptAt: '2026-11-25T09:10:00.000Z',
      }),
      delivery({
        channelId: BOT_ID,
        channelKind: 'telegram',
        channelName: 'Telegram',
        status: 'pending',
        attempts: 0,
        finishedAt: null,
        nextAttemptAt: '2026-11-25T09:00:30.000Z',
      }),
    ],
  }),
  notification({ id: 'n1', title: 'rig-alpha is offline' }),
];

const olderPage = [
  notification({
    id: 'n0',
    kind: 'device.online',
    severity: 'info',
    title: 'rig-alpha is online',
    alert: null,
  }),
];

let live: ReturnType<typeof fakeLiveEvents>;
beforeEach(() => {
  live = fakeLiveEvents();
});
function renderAlerts() {
  const api = fakeApi({
    'GET /v1/notifications': ({ url }) =>
      url.searchParams.get('cursor') === 'page-2'
        ? { notifications: olderPage, nextCursor: null }
        : { notifications: firstPage, nextCursor: 'page-2' },
  });
  renderSignedIn(<RecentAlerts />);
  return api;
}

/** The notification's row, once it is shown. */
async function findItem(title: string) {
  const list = await screen.findByRole('list', { name: 'Recent alerts, newest first' });
  const item = (await within(list).findByText(title)).closest('li');
  if (!item) throw new Error(`no row for "${title}"`);
  return item;
}

describe('RecentAlerts', { timeout: 20_000 }, () => {
  it('shows each delivery of an alert: sent, failed, retrying or queued', async () => {
    renderAlerts();
    const hot = await findItem('Firing: GPU hot on rig-alpha');
    const chips = within(within(hot).getByRole('list', { name: 'Deliveries' })).getAllByRole(
      'listitem',
    );
    expect(chips.map((chip) => chip.textContent)).toEqual([
      'Email · Inbox:Sent',
      'Slack · Ops:Failed: HTTP 404',
      'Webhook · Mine:Retrying (attempt 3, next at 25 Nov 2026, 09:10)',
      'Telegram · Telegram:Queued',
    ]);
    const offline = await findItem('rig-alpha is offline');
    expect(offline).toHaveTextContent('In the app only: sent to no channel.');
  });

  it('pages with the cursor, and puts a live alert first', async () => {
    const api = renderAlerts();
    await findItem('rig-alpha is offline');
    await userEvent.click(screen.getByRole('button', { name: 'Load more notifications' }));

    const online = await findItem('rig-alpha is online');
    expect(within(online).queryByRole('list', { name: 'Deliveries' })).not.toBeInTheDocument();
    expect(online).not.toHaveTextContent('In the app only');
    const calls = api.callsTo('/v1/notifications');
    expect(calls.some((call) => call.url.searchParams.get('cursor') === 'page-2')).toBe(true);
    expect(calls.every((call) => call.url.searchParams.get('alerts') === 'true')).toBe(true);

    live.emit(
      'notification',
      notification({
        id: 'n3',
        deviceId: 'd2',
        title: 'rig-beta is offline',
        createdAt: new Date().toISOString(),
        deliveries: [delivery({ status: 'pending', attempts: 0, finishedAt: null })],
      }),
    );
    // In-app news that is no alert stays out of the list.
    live.emit('notification', notification({ id: 'n4', title: 'rig-beta is online', alert: null }));
    const list = screen.getByRole('list', { name: 'Recent alerts, newest first' });
    const first = within(list).getAllByRole('listitem')[0];
    expect(first).toHaveTextContent('rig-beta is offline');
    expect(first).toHaveTextContent('Email · Inbox:Queued');
    expect(list).not.toHaveTextContent('rig-beta is online');
  });
});
