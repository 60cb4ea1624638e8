import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createTheme } from '@grafana/data';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { giveElementsABox } from '../../../test/element-size';
import { API_URL, apiError, fakeLiveEvents, renderSignedIn } from '../../../test/fake-api';
import { testIds } from '../../testIds';
import EarningsPage from './EarningsPage';
import { ADDRESS, DEVICE_1, DEVICE_2, payout, stack } from './earnings-page.fixtures';

beforeEach(() => giveElementsABox());
afterEach(() => vi.useRealTimers());

describe('EarningsPage', () => {
  it('shows the summary in SOL with its value, and the wallet hold', async () => {
    stack();
    renderSignedIn(<EarningsPage />);
    const cards = await screen.findByTestId(testIds.earnings.summary);
    await within(cards).findByText('0.0722 SOL');
    expect(within(cards).getByText('Balance')).toBeInTheDocument();
    // 0.07223 SOL at 150 USD/SOL
    expect(within(cards).getByText('≈ 10.84 USD')).toBeInTheDocument();
    const wallet = screen.getByTestId(testIds.earnings.wallet);
    expect(await within(wallet).findByText(ADDRESS)).toBeInTheDocument();
    expect(
      within(wallet).getByText(/Payouts to this address start after 1 Jan 2999/),
    ).toBeInTheDocument();
  });

  it('charts earnings per day for the days chosen, with each device’s total', async () => {
    const api = stack();
    renderSignedIn(<EarningsPage />);
    const chart = await screen.findByTestId(testIds.earnings.chart);
    const totals = await within(chart).findByRole('table', { name: /by device/ });
    const rows = within(totals).getAllByRole('row').slice(1);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    await waitFor(() =>
      expect(rows.map(cells)).toEqual([
        ['rig-two', '2 SOL', '67 %', '0.025 SOL', '0.0667 SOL'],
        ['rig-one', '1 SOL', '33 %', '—', '—'],
      ]),
    );
    const account = within(chart).getByTestId(testIds.earnings.efficiency);
    expect(account).toHaveTextContent(/Per GPU-hour\s*0\.025 SOL\s*over 120 GPU-h/);
    expect(account).toHaveTextContent(/Per kWh\s*0\.075 SOL\s*over 40 kWh/);
    const bars = () => within(chart).getByTestId(testIds.earnings.dailyBars);
    expect(bars()).toHaveAttribute('data-points', '30');
    expect(bars().dataset.bars?.split(' ').slice(0, 2)).toEqual([
      '2026-11-01=3000000000',
      '2026-11-02=0',
    ]);
    await userEvent.click(within(chart).getByRole('radio', { name: '90 days' }));
    await waitFor(() => expect(bars()).toHaveAttribute('data-points', '90'));
    await waitFor(() =>
      expect(
        api.callsTo('/v1/earnings/daily').map((call) => call.url.searchParams.get('days')),
      ).toEqual(['30', '90']),
    );
    expect(
      api.callsTo('/v1/earnings/efficiency').map((call) => call.url.searchParams.get('days')),
    ).toEqual(['30', '90']);
  });

  it('shows the error when the earnings per GPU-hour cannot load, and the chart still', async () => {
    stack({
      'GET /v1/earnings/efficiency': () => apiError(500, 'internal', 'The energy rows are down.'),
    });
    renderSignedIn(<EarningsPage />);
    const chart = await screen.findByTestId(testIds.earnings.chart);
    expect(
      await within(chart).findByText('Could not load the earnings per GPU-hour and kWh'),
    ).toBeInTheDocument();
    expect(within(chart).getByRole('table', { name: /by device/ })).toBeInTheDocument();
  });

  it('signs and colours amounts: credits green with +, payouts with −', async () => {
    stack();
    renderSignedIn(<EarningsPage />);
    const history = await screen.findByTestId(testIds.earnings.history);
    const credit = await within(history).findByText('+0.0401 SOL');
    const debit = within(history).getByText('−0.128 SOL');
    const theme = createTheme();
    expect(credit).toHaveAttribute('data-direction', 'credit');
    expect(credit).toHaveStyle({ color: theme.colors.success.text });
    expect(debit).toHaveAttribute('data-direction', 'debit');
    expect(debit).not.toHaveStyle({ color: theme.colors.success.text });
    // Device names come from /v1/devices and link to the device page.
    expect(within(history).getByRole('link', { name: 'rig-one' })).toHaveAttribute(
      'href',
      `/a/ioworker-worker-app/devices/${DEVICE_1}`,
    );
    expect(within(history).getByTitle(`Payout ${payout.id}`)).toHaveTextContent('Payout d06fdfbf');
  });

  it('sends the date filters as account-zone instants, to the table and the CSV link', async () => {
    const api = stack();
    renderSignedIn(<EarningsPage />);
    await screen.findByText('+0.0401 SOL');
    expect(screen.getByTestId(testIds.earnings.downloadCsv)).toHaveAttribute(
      'href',
      `${API_URL}/v1/earnings/history.csv`,
    );
    fireEvent.change(screen.getByLabelText('From (Europe/Berlin)'), {
      target: { value: '2026-07-01' },
    });
    fireEvent.change(screen.getByLabelText('To (Europe/Berlin)'), {
      target: { value: '2026-07-31' },
    });
    await waitFor(() => {
      const last = api.callsTo('/v1/earnings/history').at(-1);
      expect(last?.url.searchParams.get('from')).toBe('2026-06-30T22:00:00.000Z');
      expect(last?.url.searchParams.get('to')).toBe('2026-07-31T22:00:00.000Z');
    });
    const csv = new URL(
      screen.getByTestId(testIds.earnings.downloadCsv).getAttribute('href') ?? '',
    );
    expect(`${csv.origin}${csv.pathname}`).toBe(`${API_URL}/v1/earnings/history.csv`);
    expect(csv.searchParams.get('from')).toBe('2026-06-30T22:00:00.000Z');
    expect(csv.searchParams.get('to')).toBe('2026-07-31T22:00:00.000Z');
    expect(screen.getByTestId(testIds.earnings.downloadCsv)).toHaveAttribute('download');
  });

  it('refuses a reversed date range inline, without asking the API', async () => {
    const api = stack();
    renderSignedIn(<EarningsPage />);
    await screen.findByText('+0.0401 SOL');
    const before = api.callsTo('/v1/earnings/history').length;
    fireEvent.change(screen.getByLabelText('To (Europe/Berlin)'), {
      target: { value: '2026-07-01' },
    });
    await waitFor(() => expect(api.callsTo('/v1/earnings/history')).toHaveLength(before + 1));
    fireEvent.change(screen.getByLabelText('From (Europe/Berlin)'), {
      target: { value: '2026-07-02' },
    });
    expect(await screen.findByText('From must be on or before To.')).toBeInTheDocument();
    expect(api.callsTo('/v1/earnings/history')).toHaveLength(before + 1);
  });

  it('filters by device', async () => {
    const api = stack();
    renderSignedIn(<EarningsPage />);
    await screen.findByText('+0.0401 SOL');
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Device'));
    await user.click(await screen.findByRole('option', { name: 'rig-two' }));
    await waitFor(() =>
      expect(api.callsTo('/v1/earnings/history').at(-1)?.url.searchParams.get('deviceId')).toBe(
        DEVICE_2,
      ),
    );
    const csv = new URL(
      screen.getByTestId(testIds.earnings.downloadCsv).getAttribute('href') ?? '',
    );
    expect(csv.searchParams.get('deviceId')).toBe(DEVICE_2);
  });

  it('loads the next page with the cursor and appends it', async () => {
    const api = stack();
    renderSignedIn(<EarningsPage />);
    await screen.findByText('+0.0401 SOL');
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('+0.005 SOL')).toBeInTheDocument();
    expect(screen.getByText('+0.0401 SOL')).toBeInTheDocument();
    expect(api.callsTo('/v1/earnings/history').at(-1)?.url.searchParams.get('cursor')).toBe(
      'page-2',
    );
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('lists payouts with their status and a Solscan link that opens safely', async () => {
    stack();
    renderSignedIn(<EarningsPage />);
    const payouts = await screen.findByTestId(testIds.earnings.payouts);
    const link = await within(payouts).findByRole('link', { name: 'View transaction on Solscan' });
    expect(link).toHaveAttribute('href', payout.explorerUrl);
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(within(payouts).getByText('Confirmed')).toBeInTheDocument();
    expect(within(payouts).getByText('9bZq…N4q6')).toBeInTheDocument();
    expect(
      within(payouts).getByRole('button', { name: `Copy address ${ADDRESS}` }),
    ).toBeInTheDocument();
  });

  it('checks a payout on its way every 15 s until it settles', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const statuses = ['sent', 'confirmed'];
    const api = stack({
      'GET /v1/payouts': () => ({
        payouts: [{ ...payout, status: statuses.shift() ?? 'confirmed' }],
        nextCursor: null,
        network: 'solana',
      }),
    });
    renderSignedIn(<EarningsPage />);
    const payouts = await screen.findByTestId(testIds.earnings.payouts);
    expect(await within(payouts).findByText('Sent')).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await within(payouts).findByText('Confirmed')).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(api.callsTo('/v1/payouts')).toHaveLength(2);
  });

  it('reloads the summary and the first history page once for a burst of live events', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const live = fakeLiveEvents();
    const api = stack();
    renderSignedIn(<EarningsPage />);
    await screen.findByText('+0.0401 SOL');
    const before = {
      summary: api.callsTo('/v1/earnings/summary').length,
      history: api.callsTo('/v1/earnings/history').length,
    };
    const earning = { jobId: 'j', deviceId: DEVICE_1, amountLamports: '1' };
    live.emit('earning', earning);
    live.emit('job', { id: 'j' });
    live.emit('earning', earning);
    await vi.advanceTimersByTimeAsync(1_500);
    await waitFor(() =>
      expect(api.callsTo('/v1/earnings/summary')).toHaveLength(before.summary + 1),
    );
    const history = api.callsTo('/v1/earnings/history');
    expect(history).toHaveLength(before.history + 1);
    expect(history.at(-1)?.url.searchParams.get('cursor')).toBeNull();
  });

  it('shows the empty states and a wallet still to set', async () => {
    stack({
      'GET /v1/earnings/history': () => ({ entries: [], nextCursor: null }),
      'GET /v1/payouts': () => ({ payouts: [], nextCursor: null, network: null }),
      'GET /v1/wallet': () => ({ address: null, holdUntil: null }),
    });
    renderSignedIn(<EarningsPage />);
    expect(
      await screen.findByText('No earnings yet — your devices earn when they run jobs'),
    ).toBeInTheDocument();
    expect(await screen.findByText(/No payouts yet/)).toBeInTheDocument();
    expect(screen.getByText('No payout address yet.')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Set your payout address in Settings' }),
    ).toHaveAttribute('href', '/a/ioworker-worker-app/settings');
  });

  it("shows the API's error when the summary cannot load", async () => {
    stack({ 'GET /v1/earnings/summary': () => apiError(500, 'internal', 'The ledger is down.') });
    renderSignedIn(<EarningsPage />);
    expect(await screen.findByText('Could not load your earnings')).toBeInTheDocument();
    expect(screen.getByText('The ledger is down.')).toBeInTheDocument();
  });
});
