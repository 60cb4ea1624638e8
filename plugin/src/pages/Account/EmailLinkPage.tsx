import React, { useEffect, useRef, useState, type ReactNode } from 'react';
import { LoadingPlaceholder } from '@grafana/ui';
import { useApi } from '../../api/ApiContext';
import type { ApiClient } from '../../api/client';
import { toApiError, type ApiRequestError } from '../../api/errors';
import { useSession } from '../../api/SessionContext';
import { withoutFieldName } from '../../utils/forms';
import { AccountCard } from './AccountCard';
import { IncompleteLink } from './IncompleteLink';
import { Outcome } from './Outcome';
import { SignInLink } from './SignInLink';
import { useEmailedToken } from './useEmailedToken';

interface Props {
  title: string;
  /** Sends the link's token to the API. */
  post: (client: ApiClient, token: string) => Promise<unknown>;
  pendingText: string;
  successTitle: string;
  successText: ReactNode;
  failureTitle: string;
  /** What to do when the link no longer works. */
  failureHint: ReactNode;
}

type State =
  { status: 'pending' } | { status: 'done' } | { status: 'failed'; error: ApiRequestError };

/**
 * A page that a mailed link opens and that does its one harmless thing at once (confirming an
 * address), then shows how it went.
 */
export function EmailLinkPage({ title, ...props }: Props) {
  const token = useEmailedToken();
  if (!token) return <IncompleteLink title={title} />;
  return (
    <AccountCard title={title} footer={<SignInLink>Open IO Worker</SignInLink>}>
      <PostedToken key={token} token={token} {...props} />
    </AccountCard>
  );
}

function PostedToken({
  token,
  post,
  pendingText,
  ...text
}: Omit<Props, 'title'> & { token: string }) {
  const { client } = useApi();
  const { refresh } = useSession();
  const [state, setState] = useState<State>({ status: 'pending' });
  const posted = useRef(false);

  useEffect(() => {
    // A token works once: a second post (React's development double effect) would fail it.
    if (posted.current) return;
    posted.current = true;
    post(client, token).then(
      () => {
        setState({ status: 'done' });
        // A tab signed in to this account shows the change (the banner goes, the new address).
        void refresh();
      },
      (error: unknown) => setState({ status: 'failed', error: toApiError(error) }),
    );
  }, [client, token, post, refresh]);

  switch (state.status) {
    case 'pending':
      return <LoadingPlaceholder text={pendingText} />;
    case 'done':
      return (
        <Outcome severity="success" title={text.successTitle}>
          {text.successText}
        </Outcome>
      );
    case 'failed':
      return (
        <Outcome severity="error" title={text.failureTitle}>
          {withoutFieldName(state.error.message)}
          {state.error.code === 'invalid_token' && <> {text.failureHint}</>}
        </Outcome>
      );
  }
}
