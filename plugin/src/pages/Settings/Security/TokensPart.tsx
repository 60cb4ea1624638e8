import React, { useState } from 'react';
import { Button, ConfirmModal, Text } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type ApiClient, type PersonalToken } from '../../../api/client';
import { useAction, useRequest } from '../../../api/hooks';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert/ApiErrorAlert';
import { testIds } from '../../../testIds';
import type { SecondFactorMethods } from '../../../utils/second-factor';
import { SuccessNotice } from '../SuccessNotice';
import { CreatedToken } from './CreatedToken';
import { NewTokenForm, type CreatedApiToken } from './NewTokenForm';
import { SecurityPart } from './SecurityPart';
import { TokenList } from './TokenList';

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const revokeToken = async (client: ApiClient, id: string) => {
  await unwrap(client.v1.me.tokens[':id'].$delete({ param: { id } }));
  return true;
};

type View = { name: 'list' } | { name: 'create' } | { name: 'created'; token: CreatedApiToken };

/** Personal API tokens for scripts and dashboards: created, shown once, revoked. */
export function TokensPart({ methods }: { methods: SecondFactorMethods }) {
  const tokens = useRequest((client) => unwrap(client.v1.me.tokens.$get()), []);
  const [view, setView] = useState<View>({ name: 'list' });
  const [revoking, setRevoking] = useState<PersonalToken>();
  const [revoked, setRevoked] = useState<string>();
  const revoke = useAction(revokeToken);
  const showList = () => setView({ name: 'list' });

  function created({ token, ...listed }: CreatedApiToken) {
    tokens.setData((current) => ({ tokens: [listed, ...(current?.tokens ?? [])] }));
    setView({ name: 'created', token: { ...listed, token } });
  }

  async function confirmRevoke() {
    if (!revoking) return;
    const { id, name } = revoking;
    setRevoking(undefined);
    if (await revoke.run(id)) {
      tokens.setData((current) => current && { tokens: current.tokens.filter((t) => t.id !== id) });
      setRevoked(name);
    }
  }

  function render() {
    switch (view.name) {
      case 'create':
        return <NewTokenForm methods={methods} onCreated={created} onCancel={showList} />;
      case 'created':
        return <CreatedToken name={view.token.name} token={view.token.token} onDone={showList} />;
      case 'list':
        return (
          <>
            {tokens.data?.tokens.length === 0 ? (
              <p>
                <Text color="secondary">No API tokens yet.</Text>
              </p>
            ) : (
              tokens.data && <TokenList tokens={tokens.data.tokens} onRevoke={setRevoking} />
            )}
            <Button
              icon="plus"
              onClick={() => {
                setRevoked(undefined);
                setView({ name: 'create' });
              }}
            >
              Create a token
            </Button>
          </>
        );
    }
  }

  return (
    <SecurityPart
      title="API tokens"
      description="For scripts and dashboards that read your fleet (or change it) without your password."
      testId={testIds.settings.apiTokens}
    >
      {revoked && (
        <SuccessNotice title="Token revoked" onRemove={() => setRevoked(undefined)}>
          “{revoked}” stopped working; programs using it are signed out.
        </SuccessNotice>
      )}
      {revoke.error && <ApiErrorAlert error={revoke.error} title="Could not revoke the token" />}
      {tokens.error && !tokens.data ? (
        <ApiErrorAlert
          error={tokens.error}
          title="Could not load your API tokens"
          onRetry={tokens.reload}
        />
      ) : !tokens.data ? (
        <Skeleton count={2} height={44} />
      ) : (
        render()
      )}
      <ConfirmModal
        isOpen={revoking !== undefined}
        title="Revoke this token?"
        body={
          revoking &&
          `Programs using “${revoking.name}” (${revoking.preview}) stop working at once. This cannot be undone.`
        }
        confirmText="Revoke"
        onConfirm={() => void confirmRevoke()}
        onDismiss={() => setRevoking(undefined)}
      />
    </SecurityPart>
  );
}
