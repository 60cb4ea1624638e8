import { generateKeyPairSigner, type KeyPairSigner, type Signature } from '@solana/kit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { createLocalEventBus } from '../../events/event-bus.js';
import { createLogger } from '../../lib/logger.js';
import { payableAccount } from '../../test/payable-account.js';
import { ledgerBalance, payoutsOf } from '../../test/payout-checks.js';
import { startSolanaRpcServer, type SolanaRpcServer } from '../../test/solana-rpc-server.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import type { AccountEvent } from '../live/live-events.js';
import { createRpcChain } from './chain/rpc-chain.js';
import { RpcTimeoutError } from './chain/rpc-transport.js';
import { runPayouts } from './payout-runner.js';
import type { PayoutService } from './payout-service.js';
import type { PayoutFaults } from './payout-steps.js';

// Short enough for tests; the production deadline is DEFAULT_RPC_TRANSPORT_OPTIONS.timeoutMs.
const TIMEOUT_MS = 300;
const TREASURY_LAMPORTS = 1_000_000_000_000n;

let api: TestApi;
let server: SolanaRpcServer;
let treasury: KeyPairSigner;
const logger = createLogger('silent');

beforeAll(async () => {
  api = await startTestApi();
  treasury = await generateKeyPairSigner();
});
afterAll(() => api.close());
beforeEach(async () => {
  server = await startSolanaRpcServer();
  server.airdrop(treasury.address, TREASURY_LAMPORTS);
});
afterEach(() => server.close());

function rpcService(): PayoutService {
  return { chain: createRpcChain(server.url, { timeoutMs: TIMEOUT_MS }), treasury };
}

function depsFor() {
  return {
    db: api.db,
    events: createLocalEventBus<AccountEvent>(),
    logger,
    config: parseConfig({ PAYOUT_MIN_LAMPORTS: '100000000' }),
  };
}

const crash = () => {
  throw new Error('simulated crash');
};

type Payable = Awaited<ReturnType<typeof payableAccount>>;

/** One transfer of the whole amount on chain, none credited back, the ledger at zero. */
async function expectPaidOnce({ user, wallet }: Payable, lamports: bigint) {
  expect(server.balance(wallet)).toBe(lamports);
  expect(server.transfersTo(wallet)).toEqual([
    { source: treasury.address, destination: wallet, lamports },
  ]);
  expect(await ledgerBalance(api.db, user.id)).toBe(0n);
  expect((await payoutsOf(api.db, user.id)).map((row) => row.status)).toEqual(['confirmed']);
}

async function storedSignature(account: Payable) {
  return (await payoutsOf(api.db, account.user.id))[0]?.signature;
}

async function elapsedMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

describe('payout runs over JSON-RPC (@solana/kit against a LiteSVM node)', () => {
  it('pays an eligible balance once, and a second run pays nothing', async () => {
    const account = await payableAccount(api, 2_000_000_000n);
    expect(await runPayouts(rpcService(), depsFor())).toMatchObject({ ran: true });
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 2_000_000_000n);
  });

  it('reads back what a payout moved, for reconciliation (getTransaction)', async () => {
    const account = await payableAccount(api, 400_000_000n);
    await runPayouts(rpcService(), depsFor());
    const signature = (await storedSignature(account)) as Signature;
    const { chain } = rpcService();
    expect(await chain.status(signature)).toEqual({ kind: 'confirmed' });
    expect(await chain.transaction(signature)).toEqual({
      kind: 'confirmed',
      transfers: [
        { source: treasury.address, destination: account.wallet, lamports: 400_000_000n },
      ],
    });
    const neverSent = '1'.repeat(64) as Signature;
    expect(await chain.transaction(neverSent)).toEqual({ kind: 'unknown' });
    expect(await chain.status(neverSent)).toEqual({ kind: 'unknown' });
  });

  it.each([
    'afterRowWritten',
    'afterSigned',
    'afterSignatureStored',
    'afterSent',
    'afterConfirmed',
  ] as const)('survives a crash %s: exactly one transfer after reconciling', async (point) => {
    const account = await payableAccount(api, 1_234_567_890n);
    const faults: PayoutFaults = { [point]: crash };
    await expect(runPayouts(rpcService(), depsFor(), faults)).rejects.toThrow('simulated crash');
    await runPayouts(rpcService(), depsFor());
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 1_234_567_890n);
  });
});

describe('payout runs against a misbehaving node', () => {
  it('sends a dropped transaction again, byte for byte, while its blockhash may still land', async () => {
    const account = await payableAccount(api, 300_000_000n);
    server.faults.dropSends(1);
    // The crash stands for a run that stopped waiting for the confirmation that never came.
    await expect(runPayouts(rpcService(), depsFor(), { afterSent: crash })).rejects.toThrow();
    const dropped = await storedSignature(account);
    expect(server.transfersTo(account.wallet)).toEqual([]);
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 300_000_000n);
    expect(await storedSignature(account)).toBe(dropped);
  });

  it('signs anew only once a dropped transaction provably cannot land', async () => {
    const account = await payableAccount(api, 310_000_000n);
    server.faults.dropSends(1);
    await expect(runPayouts(rpcService(), depsFor(), { afterSent: crash })).rejects.toThrow();
    const dropped = await storedSignature(account);
    server.expireBlockhash();
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 310_000_000n);
    expect(await storedSignature(account)).not.toBe(dropped);
  });

  it('signs anew in the same run when the blockhash expires on the way to the node', async () => {
    const account = await payableAccount(api, 320_000_000n);
    server.faults.expireBeforeNextSend();
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 320_000_000n);
    expect(server.calls('sendTransaction')).toBe(2);
  });

  it('never credits back a send that landed though its answer was an HTTP 502', async () => {
    const account = await payableAccount(api, 330_000_000n);
    server.faults.failAfterExecuting(1, 502);
    await runPayouts(rpcService(), depsFor());
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 330_000_000n);
  });

  it('never credits back a send that landed though its answer timed out', async () => {
    const account = await payableAccount(api, 340_000_000n);
    server.faults.delay('sendTransaction', 5_000);
    await runPayouts(rpcService(), depsFor());
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 340_000_000n);
  });

  it('takes AlreadyProcessed from a lagging node as success, not as a rejection', async () => {
    const account = await payableAccount(api, 350_000_000n);
    await expect(runPayouts(rpcService(), depsFor(), { afterSent: crash })).rejects.toThrow();
    server.faults.hideStatuses(1);
    await runPayouts(rpcService(), depsFor());
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 350_000_000n);
    expect(server.calls('sendTransaction')).toBe(2);
  });

  it('retries HTTP 429 as Retry-After says and pays in the same run', async () => {
    const account = await payableAccount(api, 360_000_000n);
    server.faults.rateLimit('getLatestBlockhash', 1);
    server.faults.rateLimit('sendTransaction', 2);
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 360_000_000n);
    expect(server.calls('sendTransaction')).toBe(3);
  });

  it('fails a run safely on a 429 that outlasts the retries; a later run pays once', async () => {
    const account = await payableAccount(api, 370_000_000n);
    server.faults.rateLimit('getSignatureStatuses', 4);
    await expect(runPayouts(rpcService(), depsFor())).rejects.toThrow();
    expect(server.calls('sendTransaction')).toBe(0);
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 370_000_000n);
  });

  it('never credits back a send refused with 429 past the retries', async () => {
    const account = await payableAccount(api, 380_000_000n);
    server.faults.rateLimit('sendTransaction', 4);
    await expect(runPayouts(rpcService(), depsFor(), { afterSent: crash })).rejects.toThrow();
    expect(await ledgerBalance(api.db, account.user.id)).toBe(0n);
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 380_000_000n);
  });

  it('ends a run on a hung node within the deadline; a later run pays once', async () => {
    const account = await payableAccount(api, 390_000_000n);
    server.faults.delay('getBlockHeight', 10_000);
    const took = await elapsedMs(() =>
      expect(runPayouts(rpcService(), depsFor())).rejects.toThrow(RpcTimeoutError),
    );
    expect(took).toBeLessThan(3_000);
    await runPayouts(rpcService(), depsFor());
    await expectPaidOnce(account, 390_000_000n);
  });
});
