import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../api/errors';
import { LoadMore } from './LoadMore';

const list = (over: Partial<React.ComponentProps<typeof LoadMore>['list']> = {}) => ({
  hasMore: true,
  loadMore: vi.fn(async () => {}),
  loadingMore: false,
  loadMoreError: undefined,
  ...over,
});

describe('LoadMore', () => {
  it('names the button after what the list holds, or after its own label', async () => {
    const jobs = list();
    const { rerender } = render(<LoadMore list={jobs} noun="jobs" />);
    await userEvent.click(screen.getByRole('button', { name: 'Load more jobs' }));
    expect(jobs.loadMore).toHaveBeenCalledOnce();
    rerender(<LoadMore list={jobs} noun="entries" label="Load more" status="Showing 50" />);
    expect(screen.getByRole('button', { name: 'Load more' })).toBeInTheDocument();
    expect(screen.getByText('Showing 50')).toBeInTheDocument();
  });

  it('has no button once everything is loaded, and waits while a page loads', () => {
    const { rerender } = render(<LoadMore list={list({ hasMore: false })} noun="jobs" />);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    rerender(<LoadMore list={list({ loadingMore: true })} noun="jobs" />);
    expect(screen.getByRole('button', { name: 'Loading…' })).toBeDisabled();
  });

  it('offers to try again when a page failed', async () => {
    const failed = list({
      loadMoreError: new ApiRequestError('api', 500, 'internal', 'The database is down.'),
    });
    render(<LoadMore list={failed} noun="payouts" />);
    expect(screen.getByText('Could not load more payouts')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Load more/ })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Try again/ }));
    expect(failed.loadMore).toHaveBeenCalledOnce();
  });
});
