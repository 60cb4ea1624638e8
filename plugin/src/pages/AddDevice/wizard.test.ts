import { describe, expect, it } from 'vitest';
import { newDevice, RTX_4090 } from '../../../test/fixtures';
import {
  currentStep,
  deviceNameProblem,
  formatRemaining,
  initialWizardState,
  secondsLeft,
  wizardReducer,
  type Enrollment,
  type WizardEvent,
  type WizardState,
} from './wizard';

const device = newDevice();
const enrollment: Enrollment = {
  token: 'iowe_first',
  expiresAt: '2026-11-25T13:00:00.000Z',
  commands: { ubuntu: 'curl … iowe_first', windows: 'powershell … iowe_first' },
};
const renewed: Enrollment = { ...enrollment, token: 'iowe_second' };
const gpu = RTX_4090;

const details: WizardState = initialWizardState;
const install: WizardState = { step: 'install', device, enrollment, copied: false };
const connected: WizardState = { step: 'connected', device: { ...device, status: 'online' } };

describe('wizardReducer', () => {
  const cases: Array<[string, WizardState, WizardEvent, WizardState]> = [
    [
      'created → install',
      details,
      { type: 'created', device, enrollment },
      { step: 'install', device, enrollment, copied: false },
    ],
    [
      'created after the details step is ignored',
      install,
      { type: 'created', device, enrollment: renewed },
      install,
    ],
    [
      'a renewed enrollment replaces the command',
      install,
      { type: 'enrollmentRenewed', enrollment: renewed },
      { ...install, enrollment: renewed },
    ],
    [
      'copying marks the command as copied',
      install,
      { type: 'commandCopied' },
      { ...install, copied: true },
    ],
    [
      'a poll of a pending device keeps waiting but keeps what it learnt',
      install,
      { type: 'deviceLoaded', device: { ...device, hostname: 'gpu-box' } },
      { ...install, device: { ...device, hostname: 'gpu-box' } },
    ],
    [
      'a poll that finds the device online connects',
      install,
      { type: 'deviceLoaded', device: { ...device, status: 'online', gpus: [gpu] } },
      { step: 'connected', device: { ...device, status: 'online', gpus: [gpu] } },
    ],
    [
      'a poll that finds a sample already gone quiet still connects',
      install,
      {
        type: 'deviceLoaded',
        device: { ...device, status: 'offline', lastSeenAt: '2026-11-25T12:01:00.000Z' },
      },
      {
        step: 'connected',
        device: { ...device, status: 'offline', lastSeenAt: '2026-11-25T12:01:00.000Z' },
      },
    ],
    [
      'a poll of another device is ignored',
      install,
      { type: 'deviceLoaded', device: { ...device, id: 'dev-2', status: 'online' } },
      install,
    ],
    [
      'a poll after connecting updates the device (its GPUs)',
      connected,
      { type: 'deviceLoaded', device: { ...device, status: 'online', gpus: [gpu] } },
      { step: 'connected', device: { ...device, status: 'online', gpus: [gpu] } },
    ],
    [
      'live status online connects',
      install,
      { type: 'statusChanged', deviceId: 'dev-1', status: 'online' },
      { step: 'connected', device: { ...device, status: 'online' } },
    ],
    [
      'live status offline keeps waiting',
      install,
      { type: 'statusChanged', deviceId: 'dev-1', status: 'offline' },
      install,
    ],
    [
      'live status of another device is ignored',
      install,
      { type: 'statusChanged', deviceId: 'dev-2', status: 'online' },
      install,
    ],
    [
      'the first live sample connects',
      install,
      { type: 'sampleReceived', deviceId: 'dev-1', at: '2026-11-25T12:02:00.000Z' },
      {
        step: 'connected',
        device: { ...device, status: 'online', lastSeenAt: '2026-11-25T12:02:00.000Z' },
      },
    ],
    [
      'a sample of another device is ignored',
      install,
      { type: 'sampleReceived', deviceId: 'dev-2', at: 'x' },
      install,
    ],
    [
      'a sample after connecting changes nothing',
      connected,
      { type: 'sampleReceived', deviceId: 'dev-1', at: 'x' },
      connected,
    ],
    [
      'events before a device exists are ignored',
      details,
      { type: 'sampleReceived', deviceId: 'dev-1', at: 'x' },
      details,
    ],
    ['reset starts over', connected, { type: 'reset' }, details],
  ];

  it.each(cases)('%s', (_name, state, event, expected) => {
    expect(wizardReducer(state, event)).toEqual(expected);
  });
});

describe('currentStep', () => {
  const cases: Array<[string, WizardState, string]> = [
    ['details', details, 'details'],
    ['install before copying', install, 'install'],
    ['waiting once copied', { ...install, copied: true }, 'waiting'],
    [
      'waiting once the machine used its token',
      { ...install, device: { ...device, hostname: 'gpu-box' } },
      'waiting',
    ],
    ['connected', connected, 'connected'],
  ];
  it.each(cases)('%s', (_name, state, expected) => {
    expect(currentStep(state)).toBe(expected);
  });
});

describe('deviceNameProblem', () => {
  const cases: Array<[string, string | undefined]> = [
    ['rig-01', undefined],
    ['  Office 4090  ', undefined],
    ['x'.repeat(64), undefined],
    ['', 'Enter a name for the device.'],
    ['   ', 'Enter a name for the device.'],
    ['x'.repeat(65), 'Use at most 64 characters (this has 65).'],
    [` ${'x'.repeat(64)} `, undefined],
    ['rig\u000701', 'Remove control characters from the name.'],
    ['rig\uD800', 'Remove control characters from the name.'],
  ];
  it.each(cases)('%j → %s', (name, expected) => {
    expect(deviceNameProblem(name)).toBe(expected);
  });
});

describe('token expiry', () => {
  const now = Date.parse('2026-11-25T12:00:00.000Z');
  it.each([
    ['2026-11-25T13:00:00.000Z', 3600, 'in 60 min'],
    ['2026-11-25T12:00:59.000Z', 59, 'in 59 s'],
    ['2026-11-25T12:01:01.000Z', 61, 'in 2 min'],
    ['2026-11-25T11:59:00.000Z', 0, 'in 0 s'],
  ])('%s → %i s, %s', (expiresAt, seconds, text) => {
    expect(secondsLeft(expiresAt, now)).toBe(seconds);
    expect(formatRemaining(secondsLeft(expiresAt, now))).toBe(text);
  });
});
