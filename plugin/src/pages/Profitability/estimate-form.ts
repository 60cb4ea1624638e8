import type { EstimateRequest } from './types';

export interface EstimateFormValues {
  gpuModel: string;
  gpuCount: string;
  powerW: string;
  electricityPrice: string;
  hoursPerDay: string;
}

export type EstimateField = keyof EstimateFormValues;
export type EstimateErrors = Partial<Record<EstimateField, string>>;

const DECIMAL = /^\d{1,6}(\.\d{1,6})?$/;

/**
 * The form checked as the API checks it, so that a mistake is named next to its field before
 * a request is sent. The API stays the judge: its 400 message is shown as well.
 */
export function validateEstimate(
  values: EstimateFormValues,
):
  | { request: EstimateRequest; errors?: undefined }
  | { request?: undefined; errors: EstimateErrors } {
  const errors: EstimateErrors = {};
  const gpuModel = values.gpuModel.trim();
  if (!gpuModel) errors.gpuModel = 'Enter a GPU model, like RTX 4090.';
  else if (gpuModel.length > 100) errors.gpuModel = 'Use at most 100 characters.';

  const count = values.gpuCount.trim();
  if (!/^\d{1,2}$/.test(count) || Number(count) < 1 || Number(count) > 64) {
    errors.gpuCount = 'Enter a whole number from 1 to 64.';
  }

  const powerW = values.powerW.trim();
  if (powerW && (!DECIMAL.test(powerW) || Number(powerW) <= 0 || Number(powerW) > 3000)) {
    errors.powerW = 'Enter watts per GPU, more than 0 and at most 3000, or leave it empty.';
  }

  const price = values.electricityPrice.trim();
  if (!DECIMAL.test(price)) {
    errors.electricityPrice = 'Enter a price like 0.25 (at most 6 decimal places).';
  }

  const hours = values.hoursPerDay.trim();
  if (!DECIMAL.test(hours) || Number(hours) > 24) errors.hoursPerDay = 'Enter hours from 0 to 24.';

  if (Object.keys(errors).length > 0) return { errors };
  return {
    request: {
      gpuModel,
      gpuCount: Number(count),
      ...(powerW ? { powerW } : {}),
      electricityPrice: price,
      hoursPerDay: hours,
    },
  };
}

/** The GPU models of the user's own devices, most common first, as suggestions. */
export function modelSuggestions(
  devices: ReadonlyArray<{ gpus: ReadonlyArray<{ model: string }> }>,
) {
  const counts = new Map<string, number>();
  for (const device of devices) {
    for (const gpu of device.gpus) counts.set(gpu.model, (counts.get(gpu.model) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([model]) => model);
}
