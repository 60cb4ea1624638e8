import React, { useState } from 'react';
import { Button, Text, TextLink } from '@grafana/ui';
import { prefixRoute, ROUTES } from '../../constants';
import type { CreatedFleetToken } from '../../components/FleetToken/fleet-token';
import { FleetTokenInstructions } from '../../components/FleetToken/FleetTokenInstructions';
import { NewFleetTokenForm } from '../../components/FleetToken/NewFleetTokenForm';

/** Many machines or a Kubernetes cluster: one fleet token, the command, the manifests. */
export function FleetPath() {
  const [created, setCreated] = useState<CreatedFleetToken>();
  return (
    <section aria-labelledby="add-device-fleet-heading">
      <h2 id="add-device-fleet-heading">Add many machines</h2>
      {created ? (
        <>
          <FleetTokenInstructions created={created} />
          <Text color="secondary" element="p">
            Each machine shows up in your device list, named after its hostname, as it enrols.
            Manage the token in <TextLink href={prefixRoute(ROUTES.Settings)}>Settings</TextLink>.
          </Text>
          <Button variant="secondary" onClick={() => setCreated(undefined)}>
            Create another token
          </Button>
        </>
      ) : (
        <>
          <Text color="secondary" element="p">
            One fleet token enrols many machines, or every GPU node of a Kubernetes cluster: each
            machine becomes one device, and enrolling it again never makes a second one.
          </Text>
          <NewFleetTokenForm idPrefix="add-device-fleet" onCreated={setCreated} />
        </>
      )}
    </section>
  );
}
