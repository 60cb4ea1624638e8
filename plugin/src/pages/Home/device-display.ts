import type { Device } from '../../api/client';

// The vendor prefix repeats on every row and pushes the part that differs out of view.
const VENDOR_PREFIX = /^(NVIDIA\s+)?(GeForce\s+)?/i;

export function shortGpuModel(model: string): string {
  return model.replace(VENDOR_PREFIX, '').trim() || model;
}

/**
 * `2 × RTX 4090`, `3 GPUs (mixed)` or `No GPUs`, with the full list for a tooltip. A pending
 * device has not reported its GPUs yet: they are unknown, not absent.
 */
export function gpuSummary(
  gpus: Device['gpus'],
  status: Device['status'] = 'online',
): { text: string; detail: string | undefined } {
  if (gpus.length === 0) {
    return status === 'pending'
      ? { text: '—', detail: 'Reported when the device enrolls.' }
      : { text: 'No GPUs', detail: undefined };
  }
  const models = [...new Set(gpus.map((gpu) => gpu.model))];
  const detail = gpus.map((gpu) => `GPU ${gpu.index}: ${gpu.model}`).join('\n');
  if (models.length === 1 && models[0]) {
    return { text: `${gpus.length} × ${shortGpuModel(models[0])}`, detail };
  }
  return { text: `${gpus.length} GPUs (mixed)`, detail };
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}
