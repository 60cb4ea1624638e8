import React, { type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import type { PagedList } from '../../hooks/usePagedList';
import { ApiErrorAlert } from '../ApiErrorAlert/ApiErrorAlert';

interface Props {
  list: Pick<PagedList<unknown>, 'hasMore' | 'loadMore' | 'loadingMore' | 'loadMoreError'>;
  /** What the list holds, e.g. "jobs": the button says "Load more jobs". */
  noun: string;
  /** The button's text when it is not "Load more {noun}". */
  label?: string;
  /** Beside the button, e.g. how many rows are shown. */
  status?: ReactNode;
}

/** The next page of a cursor-paged list, on request; a failure offers to try again. */
export function LoadMore({ list, noun, label = `Load more ${noun}`, status }: Props) {
  const styles = useStyles2(getStyles);
  const { hasMore, loadMore, loadingMore, loadMoreError } = list;
  return (
    <div className={status === undefined ? styles.centered : styles.spread}>
      {status}
      {loadMoreError && (
        <ApiErrorAlert
          error={loadMoreError}
          title={`Could not load more ${noun}`}
          onRetry={() => void loadMore()}
        />
      )}
      {hasMore && !loadMoreError && (
        <Button
          variant="secondary"
          size="sm"
          icon={loadingMore ? 'fa fa-spinner' : 'angle-down'}
          disabled={loadingMore}
          onClick={() => void loadMore()}
        >
          {loadingMore ? 'Loading…' : label}
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const footer = {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1.5),
  } as const;
  return {
    centered: css({ ...footer, justifyContent: 'center' }),
    spread: css({ ...footer, justifyContent: 'space-between' }),
  };
};
