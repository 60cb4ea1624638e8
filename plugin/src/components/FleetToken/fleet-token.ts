import type { InferRequestType, InferResponseType } from 'hono/client';
import { FLEET_TOKEN_MAX_DEVICES } from '@ioworker/contract';
import { unwrap, type ApiClient } from '../../api/client';

export type NewFleetToken = InferRequestType<ApiClient['v1']['fleet-tokens']['$post']>['json'];
export type CreatedFleetToken = InferResponseType<ApiClient['v1']['fleet-tokens']['$post'], 201>;
export type FleetToken = InferResponseType<
  ApiClient['v1']['fleet-tokens']['$get'],
  200
>['fleetTokens'][number];

export const createFleetToken = (client: ApiClient, json: NewFleetToken) =>
  unwrap(client.v1['fleet-tokens'].$post({ json }));

/** The Secret and overlay of deploy/kubernetes: the DaemonSet enrols each GPU node with it. */
export const KUBERNETES_NAMESPACE = 'ioworker';
export const KUBERNETES_SECRET = 'ioworker-fleet-token';
export const KUBERNETES_OVERLAY = 'deploy/kubernetes/overlays/production';

export function kubernetesCommands(token: string): string {
  return [
    `kubectl create namespace ${KUBERNETES_NAMESPACE}`,
    `kubectl -n ${KUBERNETES_NAMESPACE} create secret generic ${KUBERNETES_SECRET} --from-literal=token=${token}`,
    `kubectl apply -k ${KUBERNETES_OVERLAY}`,
  ].join('\n');
}

/** What is wrong with the device limit as typed, in a sentence; undefined when it is fine. */
export function maxDevicesProblem(value: string): string | undefined {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 1) {
    return 'Enter how many machines may enrol, a whole number from 1.';
  }
  if (number > FLEET_TOKEN_MAX_DEVICES) {
    return `A token enrols at most ${FLEET_TOKEN_MAX_DEVICES.toLocaleString('en-GB')} machines.`;
  }
  return undefined;
}
