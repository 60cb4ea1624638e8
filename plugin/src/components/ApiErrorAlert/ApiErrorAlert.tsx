import React from 'react';
import { Alert, Button } from '@grafana/ui';
import type { ApiRequestError } from '../../api/errors';

interface Props {
  error: ApiRequestError;
  /** What failed, e.g. "Could not load your devices". */
  title: string;
  onRetry?: () => void;
}

/** The API's own message in a Grafana alert; 401s never get here (they sign the user out). */
export function ApiErrorAlert({ error, title, onRetry }: Props) {
  return (
    <Alert severity="error" title={title}>
      <div>{error.message}</div>
      {error.retryAfterSeconds !== undefined && (
        <div>Try again in {error.retryAfterSeconds} s.</div>
      )}
      {onRetry && (
        <Button variant="secondary" size="sm" icon="sync" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}
