import React, { useState } from 'react';
import { Button, Text, TextLink } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { prefixRoute, ROUTES } from '../../constants';
import { withoutFieldName } from '../../utils/forms';
import { AccountCard } from './AccountCard';
import { IncompleteLink } from './IncompleteLink';
import { Outcome } from './Outcome';
import { SignInLink } from './SignInLink';
import { useEmailedToken } from './useEmailedToken';

const TITLE = 'End a session';

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const endSession = async (client: ApiClient, token: string) => {
  await unwrap(client.v1.auth.sessions.end.$post({ json: { token } }));
  return true;
};

/**
 * The page a new-sign-in alert links to: `/end-session?token=…`. It waits for a click, because
 * mail scanners open links to check them and must not end anyone's session.
 */
export default function EndSessionPage() {
  const token = useEmailedToken();
  const { run, pending, error } = useAction(endSession);
  const [ended, setEnded] = useState(false);
  if (!token) return <IncompleteLink title={TITLE} />;

  const resetLink = (
    <TextLink href={prefixRoute(ROUTES.ForgotPassword)} inline>
      choose a new password
    </TextLink>
  );
  return (
    <AccountCard title={TITLE} footer={<SignInLink>Open IO Worker</SignInLink>}>
      {ended && (
        <Outcome severity="success" title="That session has ended">
          Whoever used it is signed out. If that sign-in was not you, {resetLink} now.
        </Outcome>
      )}
      {error && (
        <Outcome severity="error" title="Could not end the session">
          {withoutFieldName(error.message)}
          {error.retryAfterSeconds !== undefined && ` Try again in ${error.retryAfterSeconds} s.`}
        </Outcome>
      )}
      {/* A spent link cannot be tried again; a failure for another reason can. */}
      {!ended && error?.code !== 'invalid_token' && (
        <>
          <p>
            <Text>
              We mailed you this link because someone signed in to your account from a new browser
              or place. If that was not you, end that session: it is signed out at once.
            </Text>
          </p>
          <p>
            <Text color="secondary">
              Then choose a new password, so that whoever it was cannot sign in again.
            </Text>
          </p>
          <Button
            variant="destructive"
            fullWidth
            disabled={pending}
            icon={pending ? 'spinner' : 'signout'}
            onClick={async () => setEnded(Boolean(await run(token)))}
          >
            End that session
          </Button>
        </>
      )}
    </AccountCard>
  );
}
