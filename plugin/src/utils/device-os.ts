import type { Device } from '../api/client';

export type DeviceOs = Device['os'];

const OS_LABELS: Record<DeviceOs, string> = { ubuntu: 'Ubuntu', windows: 'Windows' };

/** `ubuntu` → `Ubuntu`. */
export function osLabel(os: DeviceOs): string {
  return OS_LABELS[os];
}

/** Every system the collector installs on, as options of a picker or tabs. */
export const OS_OPTIONS: Array<{ label: string; value: DeviceOs }> = (
  Object.keys(OS_LABELS) as DeviceOs[]
).map((value) => ({ label: OS_LABELS[value], value }));
