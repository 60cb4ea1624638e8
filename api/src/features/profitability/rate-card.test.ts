import { describe, expect, it } from 'vitest';
import { findRateCardEntry, rateCard } from './rate-card.js';

describe('rate card', () => {
  it('lists current cards, each with a source', () => {
    expect(rateCard.models.length).toBeGreaterThanOrEqual(15);
    for (const entry of rateCard.models) expect(entry.source).toMatch(/indicative/i);
  });

  it.each([
    ['NVIDIA H100 80GB HBM3', 'H100 SXM 80GB'],
    ['NVIDIA H100 PCIe', 'H100 PCIe'],
    ['h200', 'H200'],
    ['NVIDIA A100-SXM4-80GB', 'A100 80GB'],
    ['NVIDIA A100-PCIE-40GB', 'A100 40GB'],
    ['NVIDIA L40S', 'L40S'],
    ['NVIDIA L4', 'L4'],
    ['NVIDIA RTX 6000 Ada Generation', 'RTX 6000 Ada'],
    ['NVIDIA RTX A6000', 'RTX A6000'],
    ['NVIDIA GeForce RTX 4080 SUPER', 'RTX 4080'],
    ['NVIDIA A10G', 'A10G'],
    ['Tesla T4', 'T4'],
    ['Tesla V100-SXM2-32GB', 'V100'],
  ])('%s is %s', (given, model) => {
    expect(findRateCardEntry(given)?.model).toBe(model);
  });

  it('knows nothing of cards it does not list', () => {
    for (const given of ['Quadro RTX 6000', 'GTX 1080', 'rtx', '']) {
      expect(findRateCardEntry(given)).toBeUndefined();
    }
  });
});
