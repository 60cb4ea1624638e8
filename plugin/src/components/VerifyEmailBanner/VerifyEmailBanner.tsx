import React, { useEffect, useState } from 'react';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useMe, useSession } from '../../api/SessionContext';
import { testIds } from '../../testIds';

// 202 has no body: resolve to true so that success and failure (undefined) differ.
const resendLink = async (client: ApiClient) => {
  await unwrap(client.v1.auth['verify-email'].resend.$post());
  return true;
};

/** Above every page while the account's address is unverified: payouts wait for it. */
export function VerifyEmailBanner() {
  const me = useMe();
  const { refresh } = useSession();
  const [sent, setSent] = useState(false);
  const { run, pending, error } = useAction(resendLink);
  const verifiedMeanwhile = error?.code === 'already_verified';

  // The link was opened elsewhere: loading the account again takes the banner away.
  useEffect(() => {
    if (verifiedMeanwhile) void refresh();
  }, [verifiedMeanwhile, refresh]);

  if (me.emailVerified) return null;
  return (
    <div data-testid={testIds.verifyEmailBanner}>
      <Alert severity="warning" title="Confirm your email address: payouts need it">
        <Stack direction="column" gap={1} alignItems="flex-start">
          <Text>
            Open the link we mailed to <strong>{me.email}</strong>.
          </Text>
          <div role="status">
            {sent && <Text color="success">A new link is on its way; it works for 24 hours.</Text>}
            {error && !verifiedMeanwhile && (
              <Text color="error">
                {error.message}
                {error.retryAfterSeconds !== undefined &&
                  ` Try again in ${Math.ceil(error.retryAfterSeconds / 60)} min.`}
              </Text>
            )}
          </div>
          <Button
            variant="secondary"
            size="sm"
            icon={pending ? 'spinner' : 'envelope'}
            disabled={pending}
            onClick={async () => setSent(Boolean(await run()))}
          >
            Send the link again
          </Button>
        </Stack>
      </Alert>
    </div>
  );
}
