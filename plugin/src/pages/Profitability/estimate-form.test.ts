import { describe, expect, it } from 'vitest';
import { modelSuggestions, validateEstimate, type EstimateFormValues } from './estimate-form';

const valid: EstimateFormValues = {
  gpuModel: ' RTX 4090 ',
  gpuCount: '2',
  powerW: '',
  electricityPrice: '0.15',
  hoursPerDay: '20',
};

describe('validateEstimate', () => {
  it('builds the request, leaving an empty power out', () => {
    expect(validateEstimate(valid)).toEqual({
      request: { gpuModel: 'RTX 4090', gpuCount: 2, electricityPrice: '0.15', hoursPerDay: '20' },
    });
    expect(validateEstimate({ ...valid, powerW: '420.5' }).request?.powerW).toBe('420.5');
  });

  it('names every field that is wrong', () => {
    const { errors } = validateEstimate({
      gpuModel: '  ',
      gpuCount: '65',
      powerW: '0',
      electricityPrice: '0,15',
      hoursPerDay: '25',
    });
    expect(Object.keys(errors ?? {}).sort()).toEqual([
      'electricityPrice',
      'gpuCount',
      'gpuModel',
      'hoursPerDay',
      'powerW',
    ]);
  });

  it('accepts the bounds', () => {
    expect(validateEstimate({ ...valid, gpuCount: '64', hoursPerDay: '0' }).errors).toBeUndefined();
    expect(validateEstimate({ ...valid, gpuCount: '1.5' }).errors?.gpuCount).toBeDefined();
  });
});

describe('modelSuggestions', () => {
  it('lists each model once, the most common first', () => {
    const gpus = (...models: string[]) => ({ gpus: models.map((model) => ({ model })) });
    expect(
      modelSuggestions([gpus('A10'), gpus('RTX 4090', 'RTX 4090'), gpus('A10', 'RTX 4090')]),
    ).toEqual(['RTX 4090', 'A10']);
  });
});
