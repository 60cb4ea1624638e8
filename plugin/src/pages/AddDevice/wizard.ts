import type { InferResponseType } from 'hono/client';
import type { ApiClient, Device } from '../../api/client';

type Created = InferResponseType<ApiClient['v1']['devices']['$post'], 201>;
export type Enrollment = Created['enrollment'];

/** Where the add-device wizard stands. */
export type WizardState =
  | { step: 'details' }
  | { step: 'install'; device: Device; enrollment: Enrollment; copied: boolean }
  | { step: 'connected'; device: Device };

export type WizardEvent =
  | { type: 'created'; device: Device; enrollment: Enrollment }
  | { type: 'enrollmentRenewed'; enrollment: Enrollment }
  | { type: 'commandCopied' }
  /** A fresh copy of the device from the API (the 5 s poll). */
  | { type: 'deviceLoaded'; device: Device }
  | { type: 'statusChanged'; deviceId: string; status: 'online' | 'offline' }
  | { type: 'sampleReceived'; deviceId: string; at: string }
  | { type: 'reset' };

export const initialWizardState: WizardState = { step: 'details' };

export function wizardReducer(state: WizardState, event: WizardEvent): WizardState {
  switch (event.type) {
    case 'created':
      return state.step === 'details'
        ? { step: 'install', device: event.device, enrollment: event.enrollment, copied: false }
        : state;
    case 'enrollmentRenewed':
      return state.step === 'install' ? { ...state, enrollment: event.enrollment } : state;
    case 'commandCopied':
      return state.step === 'install' ? { ...state, copied: true } : state;
    case 'deviceLoaded':
      if (state.step === 'details' || event.device.id !== state.device.id) return state;
      if (state.step === 'connected') return { step: 'connected', device: event.device };
      // A device that has ever sent a sample is connected, even if it went quiet since.
      return hasReported(event.device)
        ? { step: 'connected', device: event.device }
        : { ...state, device: event.device };
    case 'statusChanged':
      if (state.step !== 'install' || event.deviceId !== state.device.id) return state;
      return event.status === 'online'
        ? { step: 'connected', device: { ...state.device, status: 'online' } }
        : state;
    case 'sampleReceived':
      if (state.step !== 'install' || event.deviceId !== state.device.id) return state;
      return {
        step: 'connected',
        device: { ...state.device, status: 'online', lastSeenAt: event.at },
      };
    case 'reset':
      return initialWizardState;
  }
}

function hasReported(device: Device): boolean {
  return device.status === 'online' || device.lastSeenAt !== null;
}

export type StepId = 'details' | 'install' | 'waiting' | 'connected';

export const STEPS: ReadonlyArray<{ id: StepId; label: string }> = [
  { id: 'details', label: 'Name & OS' },
  { id: 'install', label: 'Install' },
  { id: 'waiting', label: 'Waiting' },
  { id: 'connected', label: 'Connected' },
];

/**
 * The step the indicator highlights. Install and waiting share a screen: once the command was
 * copied, or the machine has used its token, the user is waiting rather than installing.
 */
export function currentStep(state: WizardState): StepId {
  if (state.step !== 'install') return state.step;
  return state.copied || isEnrolled(state.device) ? 'waiting' : 'install';
}

/** The machine has redeemed its token (it reported its hostname) but may not have sent data. */
export function isEnrolled(device: Device): boolean {
  return device.hostname !== null;
}

export const DEVICE_NAME_MAX_LENGTH = 64;

/** The API's rules for a device name (a trimmed label of 1–64 characters), as a sentence. */
export function deviceNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name for the device.';
  if (trimmed.length > DEVICE_NAME_MAX_LENGTH) {
    return `Use at most ${DEVICE_NAME_MAX_LENGTH} characters (this has ${trimmed.length}).`;
  }
  if (/[\p{Cc}\p{Cs}]/u.test(trimmed)) return 'Remove control characters from the name.';
  return undefined;
}

/** Seconds until the enrollment token expires; 0 once it has. */
export function secondsLeft(expiresAt: string, now: number): number {
  return Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000));
}

/** `in 58 min`, `in 42 s`. */
export function formatRemaining(seconds: number): string {
  return seconds >= 60 ? `in ${Math.ceil(seconds / 60)} min` : `in ${seconds} s`;
}

/** `14:05` in the given time zone. */
export function formatClock(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
  });
}
