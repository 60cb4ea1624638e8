import { generateKeyPairSigner, type Address, type KeyPairSigner } from '@solana/kit';
import { sql } from 'kysely';
import { parseConfig } from '../config.js';
import { createLocalEventBus } from '../events/event-bus.js';
import type { AccountEvent } from '../features/live/live-events.js';
import type { Chain } from '../features/payouts/chain/chain.js';
import type { createLocalLedger } from '../features/payouts/chain/local-ledger.js';
import { runPayouts } from '../features/payouts/payout-runner.js';
import {
  createLocalPayoutService,
  type PayoutService,
} from '../features/payouts/payout-service.js';
import { createLogger } from '../lib/logger.js';
import { request } from './http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from './test-api.js';

export const SOL = 1_000_000_000n;
export const silentLogger = createLogger('silent');
const started: TestApi[] = [];

/**
 * A test API on its own database (the daily cap counts every payout of the last 24 hours), a
 * payout config with `caps`, and a payout service on `chain` (an embedded ledger by default).
 */
export async function cappedSetup(
  caps: Record<string, string>,
  { chain, treasury }: { chain?: Chain; treasury?: KeyPairSigner } = {},
) {
  const api = await startTestApi();
  started.push(api);
  const config = parseConfig({ PAYOUT_MIN_LAMPORTS: '100000000', ...caps, ...ROLE_TOKENS });
  const signer = treasury ?? (await generateKeyPairSigner());
  const service = await createLocalPayoutService(signer, silentLogger, chain);
  const deps = {
    db: api.db,
    events: createLocalEventBus<AccountEvent>(),
    logger: silentLogger,
    config,
  };
  return { api, config, service, deps, run: () => runPayouts(service, deps) };
}

/** Closes every API `cappedSetup` started (afterAll). */
export async function closeCappedSetups(): Promise<void> {
  for (const api of started.splice(0)) await api.close();
}

/** What an address holds on the embedded ledger behind `service` (its chain, or a wrapper of it). */
export function onLedger(service: PayoutService, address: Address): bigint {
  return (service.chain as ReturnType<typeof createLocalLedger>).svm.getBalance(address) ?? 0n;
}

/** An account's payouts, oldest first, with how they were held, approved and released. */
export function holdsOf(api: Pick<TestApi, 'db'>, accountId: string) {
  return api.db
    .selectFrom('payouts')
    .select(['id', 'status', 'hold_reason', 'approved_at', 'released_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}

/** An admin's approval (or, with `action`, decline) of a held payout over HTTP. */
export function adminOnPayout(
  url: string,
  payoutId: string,
  action: 'approve' | 'decline' = 'approve',
  bearer = ROLE_TOKENS.ADMIN_TOKEN,
) {
  return request(url, 'POST', `/v1/admin/payouts/${payoutId}/${action}`, { bearer });
}

/** Moves the daily cap's window a day on: everything sent so far is out of it. */
export async function aDayLater(api: Pick<TestApi, 'db'>): Promise<void> {
  await sql`UPDATE payouts SET released_at = released_at - interval '25 hours',
              updated_at = updated_at - interval '25 hours'
            WHERE released_at IS NOT NULL`.execute(api.db);
}
