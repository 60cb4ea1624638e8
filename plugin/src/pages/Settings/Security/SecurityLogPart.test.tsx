import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { account } from '../../../../test/fixtures';
import { renderSettings } from '../../../../test/render-settings';
import type { SecurityEvent } from '../../../api/client';
import { testIds } from '../../../testIds';

const CHROME_ON_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function event(id: string, overrides: Partial<SecurityEvent> = {}): SecurityEvent {
  return {
    id,
    action: 'login.succeeded',
    at: '2026-11-25T09:00:00.000Z',
    ip: '203.0.113.7',
    userAgent: CHROME_ON_MAC,
    details: {},
    ...overrides,
  };
}

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('the security log', { timeout: 20_000 }, () => {
  it('words each event, with its time in the account’s zone, its address and browser', async () => {
    const { callsTo, user } = renderSettings({
      'GET /v1/me': () => account({ timezone: 'Europe/Berlin' }),
      'GET /v1/me/security-events': ({ url }) =>
        url.searchParams.get('cursor') === 'page-2'
          ? {
              events: [event('1', { action: 'account.registered', ip: null, userAgent: null })],
              nextCursor: null,
            }
          : {
              events: [
                event('3', {
                  action: 'login.failed',
                  details: { step: 'passkey', refusal: 'counter' },
                }),
                event('2', {
                  action: 'token.created',
                  details: { tokenId: 't1', name: 'ci', scope: 'read' },
                  userAgent: 'curl/8.5.0',
                }),
              ],
              nextCursor: 'page-2',
            },
    });
    const part = await screen.findByTestId(testIds.settings.securityLog);
    const list = await within(part).findByRole('list', { name: 'Security events, newest first' });
    const rows = () => within(list).getAllByRole('listitem');
    expect(rows().map((row) => row.textContent)).toEqual([
      'Failed sign-in with a passkey: a passkey that may have been copied25 Nov 2026, 10:00 · 203.0.113.7 · Chrome on macOS',
      'Read-only API token “ci” created25 Nov 2026, 10:00 · 203.0.113.7 · curl',
    ]);
    expect(list.querySelector('time')).toHaveAttribute('datetime', '2026-11-25T09:00:00.000Z');

    await user.click(within(part).getByRole('button', { name: 'Load more events' }));
    expect(await within(list).findByText('Account created')).toBeInTheDocument();
    expect(rows()[2]).toHaveTextContent('unknown address · Unknown client');
    expect(within(part).queryByRole('button', { name: 'Load more events' })).toBeNull();
    expect(callsTo('/v1/me/security-events').map((call) => call.url.search)).toEqual([
      '?limit=20',
      '?limit=20&cursor=page-2',
    ]);
  });

  it('says so while the account has no history', async () => {
    renderSettings({});
    const part = await screen.findByTestId(testIds.settings.securityLog);
    expect(await within(part).findByText('Nothing has happened yet.')).toBeInTheDocument();
  });
});
