import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { respond } from '../../../../test/fake-api';
import { bodyOf, renderSettings } from '../../../../test/render-settings';
import type { FleetToken } from '../../../components/FleetToken/fleet-token';
import { testIds } from '../../../testIds';

const SECRET = 'iowf_0123456789abcdefghijklmnopqrstuv';

function fleetToken(overrides: Partial<FleetToken> = {}): FleetToken {
  return {
    id: 'ft-1',
    name: 'k8s-eu',
    preview: 'iowf_…stuv',
    maxDevices: 10,
    usedDevices: 3,
    createdAt: '2026-11-20T08:00:00.000Z',
    expiresAt: '2099-11-27T08:00:00.000Z',
    ...overrides,
  };
}

const section = () => screen.findByTestId(testIds.settings.fleetTokens);

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('Fleet tokens', { timeout: 20_000 }, () => {
  it('lists each token with its machines used of its limit and its expiry', async () => {
    renderSettings({
      'GET /v1/fleet-tokens': () => ({
        fleetTokens: [
          fleetToken(),
          fleetToken({ id: 'ft-2', name: 'old', expiresAt: '2026-01-01T00:00:00.000Z' }),
        ],
      }),
    });
    const list = within(await section()).getByRole('list', { name: 'Fleet tokens' });
    const [active, expired] = within(list).getAllByRole('listitem');
    expect(active).toHaveTextContent(/k8s-euActiveiowf_…stuv/);
    expect(active).toHaveTextContent('3 of 10 machines · expires 27 Nov 2099, 08:00');
    expect(expired).toHaveTextContent(/oldExpired/);
  });

  it('creates a token, shows it once with the command and the Kubernetes steps', async () => {
    const { calls, user } = renderSettings({
      'POST /v1/fleet-tokens': () =>
        respond(201, {
          ...fleetToken({ usedDevices: 0, maxDevices: 50 }),
          token: SECRET,
          enrollCommand: `io-worker-collector enroll --api http://api.test --fleet-token ${SECRET}`,
        }),
    });
    const part = await section();
    await user.click(await within(part).findByRole('button', { name: 'Create a fleet token' }));
    await user.type(within(part).getByLabelText(/^Name/), 'k8s-eu');
    const machines = within(part).getByLabelText(/^Machines/);
    await user.clear(machines);
    await user.type(machines, '50');
    await user.click(within(part).getByRole('radio', { name: '30 days' }));
    await user.click(within(part).getByRole('button', { name: 'Create the fleet token' }));

    const shown = await within(part).findByTestId(testIds.fleetToken.created);
    expect(shown).toHaveFocus();
    expect(within(shown).getByTestId(testIds.fleetToken.token)).toHaveTextContent(SECRET);
    expect(within(shown).getByTestId(testIds.fleetToken.command)).toHaveTextContent(
      `io-worker-collector enroll --api http://api.test --fleet-token ${SECRET}`,
    );
    expect(within(shown).getByTestId(testIds.fleetToken.kubernetes)).toHaveTextContent(
      `create secret generic ioworker-fleet-token --from-literal=token=${SECRET}`,
    );
    expect(bodyOf(calls, 'POST /v1/fleet-tokens')).toEqual({
      name: 'k8s-eu',
      maxDevices: 50,
      expiresInDays: 30,
    });

    await user.click(within(part).getByRole('button', { name: 'I have copied it' }));
    expect(within(part).queryByText(SECRET)).toBeNull();
    expect(within(part).getByRole('list', { name: 'Fleet tokens' })).toHaveTextContent(
      '0 of 50 machines',
    );
  });

  it('refuses a limit outside 1–10,000 before asking the API', async () => {
    const { calls, user } = renderSettings({});
    const part = await section();
    await user.click(await within(part).findByRole('button', { name: 'Create a fleet token' }));
    await user.type(within(part).getByLabelText(/^Name/), 'big');
    const machines = within(part).getByLabelText(/^Machines/);
    await user.clear(machines);
    await user.type(machines, '10001');
    await user.click(within(part).getByRole('button', { name: 'Create the fleet token' }));
    expect(machines).toHaveAccessibleDescription(/at most 10,000 machines/);
    expect(bodyOf(calls, 'POST /v1/fleet-tokens')).toBeUndefined();
  });

  it('revokes a token after confirmation', async () => {
    const { callsTo, user } = renderSettings({
      'GET /v1/fleet-tokens': () => ({ fleetTokens: [fleetToken()] }),
      'DELETE /v1/fleet-tokens/:id': () => respond(204),
    });
    const part = await section();
    await user.click(await within(part).findByRole('button', { name: 'Revoke k8s-eu' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent(/the 3 already enrolled keep working/);
    expect(callsTo('/v1/fleet-tokens/ft-1')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await within(part).findByText('Fleet token revoked')).toBeInTheDocument();
    expect(callsTo('/v1/fleet-tokens/ft-1').map((call) => call.method)).toEqual(['DELETE']);
    expect(within(part).getByText('No fleet tokens yet.')).toBeInTheDocument();
  });
});
