import React from 'react';
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { giveElementsABox } from '../../../test/element-size';
import { fakeApi, renderSignedIn } from '../../../test/fake-api';
import { testIds } from '../../testIds';
import { PayoutsSection } from './PayoutsSection';

const held = (holdReason: 'over_payout_cap' | 'over_daily_cap', id: string) => ({
  id,
  createdAt: '2026-12-05T06:00:00.000Z',
  amountLamports: '3000000000',
  address: '9bZqtb7QKdKUJw3JoJrRzqcSNWtDL11ArvpbV3n5N4q6',
  status: 'held',
  holdReason,
  signature: null,
  explorerUrl: null,
  failureReason: null,
});

beforeEach(() => giveElementsABox());
describe('PayoutsSection', () => {
  it('shows a held payout as held, with why it waits and what happens next', async () => {
    fakeApi({
      'GET /v1/payouts': () => ({
        payouts: [held('over_payout_cap', 'p1'), held('over_daily_cap', 'p2')],
        nextCursor: null,
        network: 'solana',
      }),
    });
    renderSignedIn(<PayoutsSection />);
    const section = await screen.findByTestId(testIds.earnings.payouts);
    expect(await within(section).findAllByText('Held')).toHaveLength(2);
    expect(within(section).getByText(/waits for them to approve it/)).toBeInTheDocument();
    expect(within(section).getByText(/goes out by itself once there is room/)).toBeInTheDocument();
    expect(within(section).getAllByText('Not sent yet')).toHaveLength(2);
  });
});
