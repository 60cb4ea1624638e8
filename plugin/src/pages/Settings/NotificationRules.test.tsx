import React from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn, type ApiRoutes } from '../../../test/fake-api';
import type { Channel } from './channels';
import { NotificationRules } from './NotificationRules';
import type { ParamSpec, Rule, Rules } from './rules';

const EMAIL_ID = '00000000-0000-4000-8000-000000000001';
const SLACK_ID = '00000000-0000-4000-8000-000000000002';

const channels: Channel[] = [
  {
    id: EMAIL_ID,
    kind: 'email',
    name: 'Inbox',
    target: 'a•••@example.com',
    enabled: true,
    verified: true,
    lastDelivery: null,
    createdAt: '2026-11-20T10:00:00.000Z',
  },
  {
    id: SLACK_ID,
    kind: 'slack',
    name: 'Ops',
    target: 'https://hooks.slack.com/•••',
    enabled: true,
    verified: true,
    lastDelivery: null,
    createdAt: '2026-11-20T10:00:00.000Z',
  },
];

const forMinutes = (max: number): ParamSpec => ({
  label: 'For at least',
  unit: 'min',
  min: 1,
  max,
  default: 5,
});

const OFFLINE = 'A device sent nothing for a while, and when it reports again.';
const HOT = 'A GPU stayed past a temperature, or throttled, for a while.';
const NEW_LOGIN = 'Someone signed in from a browser or an IP address not seen before.';

const rules: Rules = {
  rules: [
    {
      event: 'device.offline',
      description: OFFLINE,
      security: false,
      enabled: true,
      channelIds: null,
      params: { forMinutes: 5 },
      paramSpecs: { forMinutes: forMinutes(1440) },
    },
    {
      event: 'gpu.hot',
      description: HOT,
      security: false,
      enabled: true,
      channelIds: null,
      params: { temperatureC: 85, forMinutes: 5 },
      paramSpecs: {
        temperatureC: { label: 'Temperature', unit: '°C', min: 50, max: 110, default: 85 },
        forMinutes: forMinutes(120),
      },
    },
    {
      event: 'auth.new_login',
      description: NEW_LOGIN,
      security: true,
      enabled: true,
      channelIds: null,
      params: {},
      paramSpecs: {},
    },
  ],
  quietHours: null,
};

function renderRules(routes: ApiRoutes = {}) {
  const api = fakeApi({
    'GET /v1/notification-rules': () => rules,
    'PUT /v1/notification-rules': ({ body }) => {
      const sent = body as { rules: Array<Partial<Rule> & { event: string }> };
      return {
        rules: rules.rules.map((rule) => ({
          ...rule,
          ...sent.rules.find((item) => item.event === rule.event),
        })),
        quietHours: (body as Rules).quietHours,
      };
    },
    ...routes,
  });
  renderSignedIn(<NotificationRules channels={channels} />);
  return api;
}

async function findRule(description: string) {
  const list = await screen.findByRole('list', { name: 'Alert rules' });
  return within(list).getByRole('listitem', { name: description });
}

async function retype(input: HTMLElement, value: string) {
  await userEvent.clear(input);
  if (value !== '') await userEvent.type(input, value);
}

const save = () => userEvent.click(screen.getByRole('button', { name: 'Save alert rules' }));
const puts = (api: ReturnType<typeof fakeApi>) => api.calls.filter((call) => call.method === 'PUT');

describe('NotificationRules', { timeout: 20_000 }, () => {
  it('sends each rule with its params, its channels and the quiet hours', async () => {
    const api = renderRules();
    const offline = await findRule(OFFLINE);
    const hot = await findRule(HOT);

    await retype(within(offline).getByLabelText('For at least (minutes)'), '10');
    await retype(within(hot).getByLabelText('Temperature (°C)'), '90');
    await userEvent.click(within(hot).getByRole('radio', { name: 'Chosen channels' }));
    const chosen = within(hot).getByRole('group', { name: 'Channels' });
    expect(within(chosen).getByRole('checkbox', { name: 'Slack Ops' })).toBeChecked();
    await userEvent.click(within(chosen).getByRole('checkbox', { name: 'Email Inbox' }));
    await userEvent.click(screen.getByRole('switch', { name: /^Quiet hours/ }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '23:30' } });
    await save();

    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(puts(api).map((call) => call.body)).toEqual([
      {
        rules: [
          {
            event: 'device.offline',
            enabled: true,
            channelIds: null,
            params: { forMinutes: 10 },
          },
          {
            event: 'gpu.hot',
            enabled: true,
            channelIds: [SLACK_ID],
            params: { temperatureC: 90, forMinutes: 5 },
          },
          { event: 'auth.new_login', enabled: true, channelIds: null },
        ],
        quietHours: { start: '23:30', end: '07:00' },
      },
    ]);
  });

  it('sends a rule turned off as off', async () => {
    const api = renderRules();
    await userEvent.click(within(await findRule(OFFLINE)).getByRole('switch', { name: OFFLINE }));
    await save();

    await screen.findByText('Saved.');
    expect(puts(api)[0]?.body).toMatchObject({
      rules: [{ event: 'device.offline', enabled: false }, {}, {}],
    });
  });

  it('shows a security event always on, to every channel, with nothing to change', async () => {
    const api = renderRules();
    const security = await findRule(NEW_LOGIN);
    const toggle = within(security).getByRole('switch', { name: NEW_LOGIN });
    expect(toggle).toBeDisabled();
    expect(toggle).toBeChecked();
    expect(security).toHaveTextContent('Security: always on');
    expect(security).toHaveTextContent('every channel');
    expect(within(security).queryByRole('radio')).not.toBeInTheDocument();
    expect(within(security).queryByRole('spinbutton')).not.toBeInTheDocument();

    await save();
    await screen.findByText('Saved.');
    expect(puts(api)[0]?.body).toMatchObject({
      rules: [{}, {}, { event: 'auth.new_login', enabled: true, channelIds: null }],
    });
  });

  it('says what is wrong with a param out of its range, and sends nothing', async () => {
    const api = renderRules();
    const hot = await findRule(HOT);
    const minutes = within(hot).getByLabelText('For at least (minutes)');
    await retype(minutes, '500');

    expect(hot).toHaveTextContent('Enter a whole number from 1 to 120 (minutes).');
    expect(minutes).toHaveAttribute('aria-invalid', 'true');
    await save();
    expect(screen.getByText(/Some alert rules cannot be saved/)).toBeInTheDocument();
    expect(puts(api)).toEqual([]);

    await retype(minutes, '');
    await save();
    expect(hot).toHaveTextContent('Enter a whole number from 1 to 120 (minutes).');
    expect(puts(api)).toEqual([]);

    await retype(minutes, '30');
    expect(screen.queryByText(/Some alert rules cannot be saved/)).not.toBeInTheDocument();
    await save();
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(puts(api)).toHaveLength(1);
  });

  it('asks for a channel when an event goes to chosen channels and none is ticked', async () => {
    const api = renderRules();
    const offline = await findRule(OFFLINE);
    await userEvent.click(within(offline).getByRole('radio', { name: 'Chosen channels' }));
    await userEvent.click(within(offline).getByRole('checkbox', { name: 'Email Inbox' }));
    await userEvent.click(within(offline).getByRole('checkbox', { name: 'Slack Ops' }));

    expect(offline).toHaveTextContent('Choose at least one channel, or send to every channel.');
    await save();
    expect(puts(api)).toEqual([]);
  });

  it('shows the API’s refusal', async () => {
    renderRules({
      'PUT /v1/notification-rules': () =>
        apiError(400, 'invalid_request', 'rules.0.channelIds: no channel x'),
    });
    await findRule(OFFLINE);
    await save();

    expect(await screen.findByText('Could not save the alert rules')).toBeInTheDocument();
    expect(screen.getByText('rules.0.channelIds: no channel x')).toBeInTheDocument();
  });
});
