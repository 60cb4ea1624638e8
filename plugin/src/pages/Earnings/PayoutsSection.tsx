import React from 'react';
import { EmptyState } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { Section } from '../../components/Section/Section';
import { useInterval } from '../../hooks/useInterval';
import { usePagedList } from '../../hooks/usePagedList';
import { testIds } from '../../testIds';
import type { Page } from '../../utils/paging';
import { PayoutsTable } from './PayoutsTable';
import type { Payout, PayoutsPage } from './types';

type PayoutList = Page<Payout> & { network: PayoutsPage['network'] };

/** How often payouts on their way are checked again. */
export const PAYOUT_POLL_MS = 15_000;

/** The payouts list; while one is held or on its way it is checked again every 15 s. */
export function PayoutsSection({ onPoll }: { onPoll?: () => void }) {
  const payouts = usePayouts();
  const { page, refresh } = payouts;
  const open = page?.items.some(
    (payout) => payout.status === 'held' || payout.status === 'pending' || payout.status === 'sent',
  );
  useInterval(
    () => {
      void refresh();
      onPoll?.();
    },
    open ? PAYOUT_POLL_MS : undefined,
  );

  return (
    <Section
      title="Payouts"
      description="SOL sent from your balance to your payout address."
      testId={testIds.earnings.payouts}
    >
      <PayoutsBody payouts={payouts} />
    </Section>
  );
}

function PayoutsBody({ payouts }: { payouts: ReturnType<typeof usePayouts> }) {
  const { page, error, reload } = payouts;
  if (error && !page) {
    return <ApiErrorAlert error={error} title="Could not load your payouts" onRetry={reload} />;
  }
  if (!page) return <Skeleton height={36} count={3} />;
  if (page.items.length === 0) {
    return (
      <EmptyState
        variant="call-to-action"
        hideImage
        message="No payouts yet — your balance is paid out once it reaches the payout minimum"
      />
    );
  }
  return (
    <>
      <PayoutsTable payouts={page.items} network={page.network} />
      <LoadMore list={payouts} noun="payouts" />
    </>
  );
}

function usePayouts() {
  return usePagedList<Payout, PayoutList>('payouts', async (client, cursor, signal) => {
    const page = await unwrap(
      client.v1.payouts.$get({ query: cursor ? { cursor } : {} }, { init: { signal } }),
    );
    return { items: page.payouts, nextCursor: page.nextCursor, network: page.network };
  });
}
