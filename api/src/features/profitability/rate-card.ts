import { z } from '@hono/zod-openapi';
import { readFileSync } from 'node:fs';

const RateCardEntrySchema = z.object({
  model: z.string().min(1),
  aliases: z.array(z.string().min(1)),
  usdPerGpuHour: z.string().regex(/^\d{1,6}(\.\d{1,6})?$/),
  powerW: z.number().positive(),
  source: z.string().min(1),
});

const RateCardSchema = z.object({
  updated: z.iso.date(),
  currency: z.literal('USD'),
  note: z.string().min(1),
  models: z.array(RateCardEntrySchema).min(1),
});

export type RateCardEntry = z.infer<typeof RateCardEntrySchema>;
export type RateCard = z.infer<typeof RateCardSchema>;

export const DEFAULT_RATE_CARD = new URL('./rate-card.json', import.meta.url);

/**
 * Reads a rate card (the one in the repo, or RATE_CARD_FILE); a malformed card stops the API
 * at start-up rather than giving odd estimates.
 */
export function loadRateCard(file: string | URL = DEFAULT_RATE_CARD): RateCardBook {
  const card = RateCardSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const terms: Term[] = card.models.flatMap((entry) =>
    [entry.model, ...entry.aliases].map((name) => ({ entry, tokens: tokens(name) })),
  );
  return {
    card,
    find: (gpuModel) => findEntry(terms, gpuModel),
    knownModels: () => card.models.map((entry) => entry.model),
  };
}

export type RateCardBook = {
  card: RateCard;
  find(gpuModel: string): RateCardEntry | undefined;
  knownModels(): string[];
};

/**
 * Lower-case words, split at punctuation and between letters and digits, so that "RTX4090",
 * "rtx 4090" and "NVIDIA GeForce RTX 4090" share the tokens of "RTX 4090", and
 * "A100-SXM4-80GB" (as nvidia-smi names it) those of "A100 80GB".
 */
function tokens(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/)
    .filter((token) => token.length > 0);
}

type Term = { entry: RateCardEntry; tokens: string[] };

/**
 * The rate card entry for a GPU model as a user or nvidia-smi writes it: every token of one of
 * the entry's names must appear. The most specific name wins ("A100 40GB" over "A100",
 * "H100 PCIe" over "H100"); among equals, the card's order.
 *
 * @example loadRateCard().find('NVIDIA GeForce RTX 4090')?.model // "RTX 4090"
 */
function findEntry(terms: Term[], gpuModel: string): RateCardEntry | undefined {
  const given = new Set(tokens(gpuModel));
  let best: Term | undefined;
  for (const term of terms) {
    if (!term.tokens.every((token) => given.has(token))) continue;
    if (!best || term.tokens.length > best.tokens.length) best = term;
  }
  return best?.entry;
}
