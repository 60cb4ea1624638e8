import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { giveElementsABox } from '../../../test/element-size';
import { API_URL, fakeApi, renderSignedIn } from '../../../test/fake-api';
import { account } from '../../../test/fixtures';
import { testIds } from '../../testIds';
import { StatementSection } from './StatementSection';

const statement = (month: string) => ({
  month,
  timezone: 'Europe/Berlin',
  from: '2026-09-30T22:00:00.000Z',
  to: '2026-10-31T23:00:00.000Z',
  complete: true,
  generatedAt: '2026-11-25T12:00:00.000Z',
  openingBalanceLamports: '1000000000',
  creditsLamports: '500000000',
  payoutsLamports: '-1200000000',
  closingBalanceLamports: '300000000',
  devices: [
    {
      deviceId: 'd1',
      name: 'rig-one',
      jobLamports: '500000000',
      adjustmentLamports: '0',
      creditsLamports: '500000000',
      energyKwh: 12.5,
      energyCost: '3.125',
    },
  ],
  unassignedCreditsLamports: '0',
  payouts: [
    {
      payoutId: 'p1',
      at: '2026-10-15T10:00:00.000Z',
      amountLamports: '1200000000',
      ledgerLamports: '-1200000000',
      address: '9bZqtb7QKdKUJw3JoJrRzqcSNWtDL11ArvpbV3n5N4q6',
      status: 'confirmed',
      signature: '5xSig',
      explorerUrl: 'https://solscan.io/tx/5xSig',
      failureReason: null,
      reconciliation: {
        status: 'mismatch',
        checkedAt: '2026-11-25T12:00:00.000Z',
        problems: [
          {
            code: 'amount_differs',
            message: 'The chain moved 1100000000 lamports; the payout is 1200000000.',
            expected: '1200000000',
            actual: '1100000000',
          },
        ],
      },
    },
  ],
  energy: { kwh: 12.5, cost: '3.125', currency: 'EUR', electricityPrice: '0.25' },
  reconciliation: {
    status: 'mismatch',
    matched: 0,
    mismatches: 1,
    unchecked: 0,
    unverifiable: 0,
    network: 'solana',
  },
});

function stack() {
  return fakeApi({
    'GET /v1/me': () => account({ timezone: 'Europe/Berlin' }),
    'GET /v1/statements': () => ({
      timezone: 'Europe/Berlin',
      months: [
        { month: '2026-11', complete: false },
        { month: '2026-10', complete: true },
      ],
    }),
    'GET /v1/statements/2026-11': () => ({ ...statement('2026-11'), complete: false }),
    'GET /v1/statements/2026-10': () => statement('2026-10'),
  });
}

beforeEach(() => giveElementsABox());
describe('StatementSection', () => {
  it('shows the newest month, flags a mismatched payout, links the CSV and prints', async () => {
    const api = stack();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    renderSignedIn(<StatementSection />);
    const section = await screen.findByTestId(testIds.earnings.statement);
    expect(await within(section).findByText(/Statement 2026-11/)).toHaveTextContent(
      'month in progress',
    );
    expect(within(section).getByText('1 payout(s) do not match the chain')).toBeInTheDocument();
    expect(
      within(section).getByText('The chain moved 1100000000 lamports; the payout is 1200000000.'),
    ).toBeInTheDocument();
    expect(within(section).getByText('rig-one')).toBeInTheDocument();
    expect(within(section).getByRole('link', { name: /5xSig/ })).toHaveAttribute(
      'href',
      'https://solscan.io/tx/5xSig',
    );
    const csv = new URL(
      within(section).getByTestId(testIds.earnings.statementCsv).getAttribute('href') ?? '',
    );
    expect(`${csv.origin}${csv.pathname}`).toBe(`${API_URL}/v1/statements/2026-11`);
    expect(csv.searchParams.get('format')).toBe('csv');
    await userEvent.click(within(section).getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
    expect(api.callsTo('/v1/statements/2026-11')).toHaveLength(1);
  });

  it('loads another month when picked', async () => {
    const api = stack();
    renderSignedIn(<StatementSection />);
    const picker = await screen.findByRole('combobox', { name: 'Statement month' });
    await userEvent.click(picker);
    await userEvent.click(await screen.findByRole('option', { name: '2026-10' }));
    await waitFor(() => expect(api.callsTo('/v1/statements/2026-10')).toHaveLength(1));
    expect(await screen.findByText('Statement 2026-10 (Europe/Berlin)')).toBeInTheDocument();
  });
});
