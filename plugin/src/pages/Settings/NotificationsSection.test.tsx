import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn, respond, type ApiRoutes } from '../../../test/fake-api';
import { testIds } from '../../testIds';
import { NotificationsSection } from './NotificationsSection';

const EMAIL_ID = '00000000-0000-4000-8000-000000000001';
const SLACK_ID = '00000000-0000-4000-8000-000000000002';

function channel(overrides: Record<string, unknown>) {
  return {
    id: EMAIL_ID,
    kind: 'email',
    name: 'Inbox',
    target: 'a•••@example.com',
    enabled: true,
    verified: false,
    lastDelivery: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

const channels = [
  channel({}),
  channel({
    id: SLACK_ID,
    kind: 'slack',
    name: 'Ops',
    target: 'https://hooks.slack.com/•••',
    verified: true,
    lastDelivery: { at: '2026-11-24T10:00:00.000Z', ok: false, error: 'HTTP 404' },
  }),
];

function renderSection(routes: ApiRoutes = {}) {
  const { calls } = fakeApi({
    'GET /v1/notification-channels': () => ({ channels }),
    'GET /v1/notification-rules': () => ({ rules: [], quietHours: null }),
    'GET /v1/notifications': () => ({ notifications: [], nextCursor: null }),
    ...routes,
  });
  renderSignedIn(<NotificationsSection />);
  return calls;
}

async function findRow(name: RegExp) {
  const list = await screen.findByRole('list', { name: 'Notification channels' });
  return within(list).getByRole('listitem', { name });
}

describe('NotificationsSection', { timeout: 20_000 }, () => {
  it('lists channels with masked targets, verified state and the last delivery', async () => {
    renderSection();
    const email = await findRow(/^Email Inbox/);
    const slack = await findRow(/^Slack Ops/);
    expect(email).toHaveTextContent('a•••@example.com');
    expect(email).toHaveTextContent('Unverified');
    expect(email).toHaveTextContent('Nothing sent yet');
    expect(within(email).getByRole('button', { name: 'Send test' })).toBeDisabled();
    expect(slack).toHaveTextContent('https://hooks.slack.com/•••');
    expect(slack).toHaveTextContent('Verified');
    expect(slack).toHaveTextContent('failed: HTTP 404');
    expect(within(slack).queryByRole('button', { name: 'Verify' })).not.toBeInTheDocument();
  });

  it('shows a new webhook’s secret once', async () => {
    const created = channel({
      id: '00000000-0000-4000-8000-000000000003',
      kind: 'webhook',
      name: 'Mine',
      target: 'https://example.com/•••',
      verified: true,
      secret: 'whsec_s3cr3t',
    });
    const calls = renderSection({ 'POST /v1/notification-channels': () => respond(201, created) });
    const user = userEvent.setup();
    await screen.findByRole('list', { name: 'Notification channels' });
    await user.click(screen.getByRole('radio', { name: 'Webhook' }));
    await user.type(screen.getByLabelText(/^Name/), 'Mine');
    await user.type(screen.getByLabelText(/^Webhook URL/), 'https://example.com/hook');
    await user.click(screen.getByRole('button', { name: 'Add channel' }));

    const row = await findRow(/^Webhook Mine/);
    expect(within(row).getByTestId(testIds.settings.channelSecret)).toHaveTextContent(
      'whsec_s3cr3t',
    );
    expect(row).toHaveTextContent('it will not be shown again');
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      kind: 'webhook',
      name: 'Mine',
      target: 'https://example.com/hook',
    });
  });

  it('asks no target of Telegram and shows its link', async () => {
    const created = channel({
      id: '00000000-0000-4000-8000-000000000004',
      kind: 'telegram',
      name: 'Telegram',
      target: 'not linked yet',
      linkUrl: 'https://t.me/ioworker_bot?start=abc',
    });
    const calls = renderSection({ 'POST /v1/notification-channels': () => respond(201, created) });
    const user = userEvent.setup();
    await screen.findByRole('list', { name: 'Notification channels' });
    await user.click(screen.getByRole('radio', { name: 'Telegram' }));
    expect(screen.queryByLabelText(/^Email address/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add channel' }));

    const row = await findRow(/^Telegram Telegram/);
    expect(within(row).getByRole('link', { name: /Open the bot/ })).toHaveAttribute(
      'href',
      'https://t.me/ioworker_bot?start=abc',
    );
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ kind: 'telegram' });
  });

  it('verifies an email with its code', async () => {
    const calls = renderSection({
      'POST /v1/notification-channels/:id/verify': () => channel({ verified: true }),
    });
    const user = userEvent.setup();
    const row = await findRow(/^Email Inbox/);
    await user.type(within(row).getByLabelText(/^Code sent to/), '123456');
    await user.click(within(row).getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(row).toHaveTextContent('Verified'));
    expect(row).not.toHaveTextContent('Unverified');
    expect(within(row).queryByRole('button', { name: 'Verify' })).not.toBeInTheDocument();
    expect(calls.find((call) => call.path.endsWith('/verify'))?.body).toEqual({ code: '123456' });
  });

  it('shows a wrong code through the API’s message', async () => {
    renderSection({
      'POST /v1/notification-channels/:id/verify': () =>
        apiError(400, 'invalid_code', 'That code is not right; 4 tries left.'),
    });
    const user = userEvent.setup();
    const row = await findRow(/^Email Inbox/);
    await user.type(within(row).getByLabelText(/^Code sent to/), '000000');
    await user.click(within(row).getByRole('button', { name: 'Verify' }));

    expect(
      await within(row).findByText('That code is not right; 4 tries left.'),
    ).toBeInTheDocument();
    expect(row).toHaveTextContent('Could not verify the address');
  });

  it('sends a test and says so', async () => {
    const calls = renderSection({
      'POST /v1/notification-channels/:id/test': () => respond(202, { deliveryId: 'del-1' }),
    });
    const user = userEvent.setup();
    const row = await findRow(/^Slack Ops/);
    await user.click(within(row).getByRole('button', { name: 'Send test' }));

    expect(await within(row).findByText('Test sent.')).toBeInTheDocument();
    expect(calls.some((call) => call.path === `/v1/notification-channels/${SLACK_ID}/test`)).toBe(
      true,
    );
  });

  it('disables a channel and deletes one after confirmation', async () => {
    const calls = renderSection({
      'PATCH /v1/notification-channels/:id': ({ body }) => ({
        ...channels[1],
        ...(body as object),
      }),
      'DELETE /v1/notification-channels/:id': () => respond(204),
    });
    const user = userEvent.setup();
    const row = await findRow(/^Slack Ops/);
    const toggle = within(row).getByRole('switch', { name: 'Send alerts to Slack Ops' });
    await user.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({ enabled: false });

    await user.click(within(row).getByRole('button', { name: 'Delete Slack Ops' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() => expect(row).not.toBeInTheDocument());
    expect(calls.find((call) => call.method === 'DELETE')?.path).toBe(
      `/v1/notification-channels/${SLACK_ID}`,
    );
  });

  it('shows an API error when a channel cannot be added', async () => {
    renderSection({
      'POST /v1/notification-channels': () =>
        apiError(503, 'email_not_configured', 'Email is not set up on this server.'),
    });
    const user = userEvent.setup();
    await screen.findByRole('list', { name: 'Notification channels' });
    await user.type(screen.getByLabelText(/^Email address/), 'me@example.com');
    await user.click(screen.getByRole('button', { name: 'Add channel' }));

    expect(await screen.findByText('Email is not set up on this server.')).toBeInTheDocument();
    expect(screen.getByText('Could not add the channel')).toBeInTheDocument();
  });
});
