import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRateCard } from './rate-card.js';

const book = loadRateCard();
const rateCard = book.card;
const findRateCardEntry = (model: string) => book.find(model);

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

describe('RATE_CARD_FILE', () => {
  it('replaces the repo card, and a malformed card is refused at start-up', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iow-rate-card-'));
    const file = path.join(dir, 'card.json');
    writeFileSync(
      file,
      JSON.stringify({
        updated: '2026-11-01',
        currency: 'USD',
        note: 'our own negotiated rates',
        models: [
          {
            model: 'B200',
            aliases: ['NVIDIA B200'],
            usdPerGpuHour: '4.10',
            powerW: 1000,
            source: 'contract, 2026',
          },
        ],
      }),
    );
    const custom = loadRateCard(file);
    expect(custom.find('nvidia b200')?.usdPerGpuHour).toBe('4.10');
    expect(custom.find('RTX 4090')).toBeUndefined();
    writeFileSync(file, JSON.stringify({ updated: 'yesterday', models: [] }));
    expect(() => loadRateCard(file)).toThrow();
  });
});
