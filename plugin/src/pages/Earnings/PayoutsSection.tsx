import React, { useEffect } from 'react';
import { Button, EmptyState } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { testIds } from '../../testIds';
import { PayoutsTable } from './PayoutsTable';
import { Section } from './Section';
import { usePagedList } from './use-paged-list';
import type { Page } from './paging';
import type { Payout, PayoutsPage } from './types';

type PayoutList = Page<Payout> & { network: PayoutsPage['network'] };

/** How often payouts on their way are checked again. */
export const PAYOUT_POLL_MS = 15_000;

/** The payouts list; while one is on its way it is checked again every 15 s. */
export function PayoutsSection({ onPoll }: { onPoll?: () => void }) {
  const payouts = usePayouts();
  const { page, refresh } = payouts;
  const open = page?.items.some(
    (payout) => payout.status === 'pending' || payout.status === 'sent',
  );
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => {
      void refresh();
      onPoll?.();
    }, PAYOUT_POLL_MS);
    return () => clearInterval(timer);
  }, [open, refresh, onPoll]);

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
      {page.nextCursor && (
        <Button
          variant="secondary"
          onClick={() => void payouts.loadMore()}
          disabled={payouts.loadingMore}
        >
          {payouts.loadingMore ? 'Loading…' : 'Load more payouts'}
        </Button>
      )}
      {payouts.loadMoreError && (
        <ApiErrorAlert error={payouts.loadMoreError} title="Could not load more payouts" />
      )}
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
