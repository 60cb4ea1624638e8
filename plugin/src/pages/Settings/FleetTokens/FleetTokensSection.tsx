import React, { useState } from 'react';
import { Button, ConfirmModal, Text } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { unwrap, type ApiClient } from '../../../api/client';
import { useAction, useRequest } from '../../../api/hooks';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert/ApiErrorAlert';
import type { CreatedFleetToken, FleetToken } from '../../../components/FleetToken/fleet-token';
import { FleetTokenInstructions } from '../../../components/FleetToken/FleetTokenInstructions';
import { NewFleetTokenForm } from '../../../components/FleetToken/NewFleetTokenForm';
import { Section } from '../../../components/Section/Section';
import { testIds } from '../../../testIds';
import { SuccessNotice } from '../SuccessNotice';
import { FleetTokenList } from './FleetTokenList';

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const revokeFleetToken = async (client: ApiClient, id: string) => {
  await unwrap(client.v1['fleet-tokens'][':id'].$delete({ param: { id } }));
  return true;
};

type View = { name: 'list' } | { name: 'create' } | { name: 'created'; token: CreatedFleetToken };

/** Fleet tokens for many machines: created, shown once, listed with their use, revoked. */
export function FleetTokensSection() {
  const tokens = useRequest((client) => unwrap(client.v1['fleet-tokens'].$get()), []);
  const [view, setView] = useState<View>({ name: 'list' });
  const [revoking, setRevoking] = useState<FleetToken>();
  const [revoked, setRevoked] = useState<string>();
  const revoke = useAction(revokeFleetToken);
  const showList = () => setView({ name: 'list' });

  function created(token: CreatedFleetToken) {
    const { id, name, preview, maxDevices, usedDevices, createdAt, expiresAt } = token;
    const listed = { id, name, preview, maxDevices, usedDevices, createdAt, expiresAt };
    tokens.setData((current) => ({ fleetTokens: [listed, ...(current?.fleetTokens ?? [])] }));
    setView({ name: 'created', token });
  }

  async function confirmRevoke() {
    if (!revoking) return;
    const { id, name } = revoking;
    setRevoking(undefined);
    if (await revoke.run(id)) {
      tokens.setData(
        (current) =>
          current && { fleetTokens: current.fleetTokens.filter((token) => token.id !== id) },
      );
      setRevoked(name);
    }
  }

  function render() {
    switch (view.name) {
      case 'create':
        return (
          <NewFleetTokenForm
            idPrefix="settings-fleet-token"
            onCreated={created}
            onCancel={showList}
          />
        );
      case 'created':
        return (
          <>
            <FleetTokenInstructions created={view.token} />
            <Button onClick={showList}>I have copied it</Button>
          </>
        );
      case 'list':
        return (
          <>
            {tokens.data?.fleetTokens.length === 0 ? (
              <p>
                <Text color="secondary">No fleet tokens yet.</Text>
              </p>
            ) : (
              tokens.data && (
                <FleetTokenList
                  tokens={tokens.data.fleetTokens}
                  now={Date.now()}
                  onRevoke={setRevoking}
                />
              )
            )}
            <Button
              icon="plus"
              onClick={() => {
                setRevoked(undefined);
                setView({ name: 'create' });
              }}
            >
              Create a fleet token
            </Button>
          </>
        );
    }
  }

  return (
    <Section
      variant="card"
      testId={testIds.settings.fleetTokens}
      title="Fleet tokens"
      description="Enrol many machines, or a Kubernetes cluster's GPU nodes, with one token: each machine becomes one device."
    >
      {revoked && (
        <SuccessNotice title="Fleet token revoked" onRemove={() => setRevoked(undefined)}>
          No more machines can enrol with “{revoked}”; those enrolled keep working.
        </SuccessNotice>
      )}
      {revoke.error && (
        <ApiErrorAlert error={revoke.error} title="Could not revoke the fleet token" />
      )}
      {tokens.error && !tokens.data ? (
        <ApiErrorAlert
          error={tokens.error}
          title="Could not load your fleet tokens"
          onRetry={tokens.reload}
        />
      ) : !tokens.data ? (
        <Skeleton count={2} height={44} />
      ) : (
        render()
      )}
      <ConfirmModal
        isOpen={revoking !== undefined}
        title="Revoke this fleet token?"
        body={
          revoking &&
          `No more machines can enrol with “${revoking.name}” (${revoking.preview}); the ${revoking.usedDevices} already enrolled keep working. This cannot be undone.`
        }
        confirmText="Revoke"
        onConfirm={() => void confirmRevoke()}
        onDismiss={() => setRevoking(undefined)}
      />
    </Section>
  );
}
