import React from 'react';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useMe } from '../../api/SessionContext';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { useNow } from '../../hooks/useNow';
import { CommandPanel } from './CommandPanel';
import { WaitingStatus } from './WaitingStatus';
import { isEnrolled, type WizardEvent, type WizardState } from './wizard';

const renewEnrollment = (client: ApiClient, id: string) =>
  unwrap(client.v1.devices[':id'].enrollment.$post({ param: { id } }));

interface Props {
  state: Extract<WizardState, { step: 'install' }>;
  onEvent: (event: WizardEvent) => void;
}

/** Steps 2 and 3 on one screen: the command above, the device's status below. */
export function InstallStep({ state, onEvent }: Props) {
  const now = useNow(1000);
  const { timezone } = useMe().settings;
  const renew = useAction(renewEnrollment);
  const { device, enrollment } = state;

  async function getNewCommand() {
    const renewed = await renew.run(device.id);
    if (renewed) onEvent({ type: 'enrollmentRenewed', enrollment: renewed });
  }

  return (
    <>
      <CommandPanel
        enrollment={enrollment}
        os={device.os}
        now={now}
        timeZone={timezone}
        enrolled={isEnrolled(device)}
        onCopied={() => onEvent({ type: 'commandCopied' })}
        onRenew={() => void getNewCommand()}
        renewing={renew.pending}
      />
      {renew.error && <ApiErrorAlert error={renew.error} title="Could not get a new command" />}
      <WaitingStatus device={device} onEvent={onEvent} />
    </>
  );
}
