import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import type { ApiRequestError } from '../../api/errors';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';

interface Props {
  list: {
    hasMore: boolean;
    loadMore: () => Promise<void>;
    loadingMore: boolean;
    loadMoreError: ApiRequestError | undefined;
  };
  /** What the list holds, e.g. "jobs". */
  noun: string;
}

/** The next page of a cursor-paged list, on request. */
export function LoadMore({ list, noun }: Props) {
  const styles = useStyles2(getStyles);
  const { hasMore, loadMore, loadingMore, loadMoreError } = list;
  return (
    <div className={styles.footer}>
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
          {loadingMore ? 'Loading…' : `Load more ${noun}`}
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  footer: css({ marginTop: theme.spacing(1.5), display: 'flex', justifyContent: 'center' }),
});
