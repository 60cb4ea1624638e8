import React from 'react';
import Skeleton from 'react-loading-skeleton';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { testIds } from '../../testIds';
import type { Channel } from './channels';
import { RulesForm } from './RulesForm';

/** Which alert events are sent, where, past which thresholds, and when non-critical ones wait. */
export function NotificationRules({ channels }: { channels: Channel[] | undefined }) {
  const rules = useRequest(
    (client, signal) => unwrap(client.v1['notification-rules'].$get({}, { init: { signal } })),
    [],
  );
  return (
    <div data-testid={testIds.settings.notificationRules}>
      {rules.error && !rules.data ? (
        <ApiErrorAlert
          error={rules.error}
          title="Could not load your alert rules"
          onRetry={rules.reload}
        />
      ) : !rules.data ? (
        <Skeleton count={3} height={40} />
      ) : (
        <RulesForm
          initial={rules.data}
          channels={channels}
          onSaved={(saved) => rules.setData(() => saved)}
        />
      )}
    </div>
  );
}
