import React from 'react';
import { Badge, Button, Stack, Text } from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import type { TwoFactor } from '../../../api/client';
import type { RequestState } from '../../../api/hooks';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert/ApiErrorAlert';

/** Fewer left than this, and the user is told to make new ones. */
const FEW_CODES_LEFT = 3;

interface Props {
  twoFactor: RequestState<TwoFactor>;
  onSetUp: () => void;
  onNewCodes: () => void;
  onTurnOff: () => void;
}

/** Whether TOTP is on, with what can be done from there. */
export function TwoFactorStatus({ twoFactor, onSetUp, onNewCodes, onTurnOff }: Props) {
  const state = twoFactor.data;
  if (!state) {
    return twoFactor.error ? (
      <ApiErrorAlert
        error={twoFactor.error}
        title="Could not load two-factor authentication"
        onRetry={twoFactor.reload}
      />
    ) : (
      <Skeleton height={32} />
    );
  }
  if (!state.totp) {
    return (
      <Button icon="lock" onClick={onSetUp}>
        Set up an authenticator app
      </Button>
    );
  }
  const few = state.recoveryCodesLeft < FEW_CODES_LEFT;
  return (
    <Stack direction="column" gap={1.5} alignItems="flex-start">
      <Stack alignItems="center" gap={1}>
        <Badge color="green" icon="lock" text="On" />
        <Text color={few ? 'warning' : 'secondary'}>
          Recovery codes left: {state.recoveryCodesLeft}
          {few && '. Create new ones soon.'}
        </Text>
      </Stack>
      <Stack gap={1}>
        <Button variant="secondary" icon="sync" onClick={onNewCodes}>
          New recovery codes
        </Button>
        <Button variant="destructive" fill="outline" onClick={onTurnOff}>
          Turn off
        </Button>
      </Stack>
    </Stack>
  );
}
