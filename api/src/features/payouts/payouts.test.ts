import { generateKeyPairSigner, type Address, type KeyPairSigner } from '@solana/kit';
import { writeSolanaKeypairFile } from '@ioworker/tools/solana-keypair';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { createLocalEventBus } from '../../events/event-bus.js';
import type { AccountEvent } from '../live/live-events.js';
import { createLogger } from '../../lib/logger.js';
import { createDevice, PASSWORD, registerUser, request } from '../../test/http.js';
import { payableAccount } from '../../test/payable-account.js';
import { ledgerBalance, payoutsOf } from '../../test/payout-checks.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';
import { createLocalLedger } from './chain/local-ledger.js';
import { forgetLocalLedgerPayouts, runPayouts, treasuryCoversNextRun } from './payout-runner.js';
import { createLocalPayoutService, type PayoutService } from './payout-service.js';
import type { PayoutFaults } from './payout-steps.js';

let api: TestApi;
let treasury: KeyPairSigner;
const logger = createLogger('silent');

beforeAll(async () => {
  api = await startTestApi();
  treasury = await generateKeyPairSigner();
});
afterAll(() => api.close());

function depsFor() {
  return {
    db: api.db,
    events: createLocalEventBus<AccountEvent>(),
    logger,
    config: parseConfig({ PAYOUT_MIN_LAMPORTS: '100000000' }),
  };
}

function onChain(service: PayoutService, address: Address): bigint {
  return (service.chain as ReturnType<typeof createLocalLedger>).svm.getBalance(address) ?? 0n;
}

const crash = () => {
  throw new Error('simulated crash');
};

describe('payout runs on the embedded ledger', () => {
  it('pays an eligible balance once, confirmed on chain, and leaves the ledger at zero', async () => {
    const service = await createLocalPayoutService(treasury, logger);
    const { user, wallet } = await payableAccount(api, 2_000_000_000n);
    const result = await runPayouts(service, depsFor());
    expect(result.ran).toBe(true);
    expect(onChain(service, wallet)).toBe(2_000_000_000n);
    expect(await ledgerBalance(api.db, user.id)).toBe(0n);
    expect((await payoutsOf(api.db, user.id)).map((row) => row.status)).toEqual(['confirmed']);
    await runPayouts(service, depsFor());
    expect(onChain(service, wallet)).toBe(2_000_000_000n);
    const notes = await request(api.url, 'GET', '/v1/notifications', { bearer: user.token });
    expect(notes.body.notifications.map((item: { kind: string }) => item.kind)).toEqual([
      'payout.confirmed',
      'payout.sent',
    ]);
  });

  it.each([
    'afterRowWritten',
    'afterSigned',
    'afterSignatureStored',
    'afterSent',
    'afterConfirmed',
  ] as const)(
    'survives a crash %s: after reconciling, exactly one transfer of the right amount',
    async (point) => {
      const service = await createLocalPayoutService(treasury, logger);
      const { user, wallet } = await payableAccount(api, 1_234_567_890n);
      const faults: PayoutFaults = { [point]: crash };
      await expect(runPayouts(service, depsFor(), faults)).rejects.toThrow('simulated crash');
      await runPayouts(service, depsFor());
      await runPayouts(service, depsFor());
      expect(onChain(service, wallet)).toBe(1_234_567_890n);
      expect(await ledgerBalance(api.db, user.id)).toBe(0n);
      expect((await payoutsOf(api.db, user.id)).map((row) => row.status)).toEqual(['confirmed']);
    },
  );

  it('reconciles without paying anyone new when asked to (start-up on a real chain)', async () => {
    const service = await createLocalPayoutService(treasury, logger);
    const open = await payableAccount(api, 600_000_000n);
    await expect(runPayouts(service, depsFor(), { afterSignatureStored: crash })).rejects.toThrow();
    const fresh = await payableAccount(api, 800_000_000n);
    const result = await runPayouts(service, depsFor(), {}, { payNew: false });
    expect(result).toEqual({ ran: true, payoutIds: [], skippedForTreasury: 0 });
    expect(onChain(service, open.wallet)).toBe(600_000_000n);
    expect(onChain(service, fresh.wallet)).toBe(0n);
    await runPayouts(service, depsFor());
    expect(onChain(service, fresh.wallet)).toBe(800_000_000n);
  });

  it('rebuilds only when the stored transaction can provably no longer land', async () => {
    const service = await createLocalPayoutService(treasury, logger);
    const { user, wallet } = await payableAccount(api, 300_000_000n);
    await expect(runPayouts(service, depsFor(), { afterSignatureStored: crash })).rejects.toThrow();
    const [stored] = await payoutsOf(api.db, user.id);
    (service.chain as ReturnType<typeof createLocalLedger>).expireBlockhash();
    await runPayouts(service, depsFor());
    const [final] = await payoutsOf(api.db, user.id);
    expect(final?.status).toBe('confirmed');
    expect(final?.signature).not.toBe(stored?.signature);
    expect(onChain(service, wallet)).toBe(300_000_000n);
  });

  it('lets one of two concurrent runs pay on the real PostgreSQL', async () => {
    const service = await createLocalPayoutService(treasury, logger);
    const { user, wallet } = await payableAccount(api, 500_000_000n);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = runPayouts(service, depsFor(), { afterRowWritten: () => gate });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await runPayouts(service, depsFor());
    expect(second.ran).toBe(false);
    release();
    expect((await first).ran).toBe(true);
    expect(onChain(service, wallet)).toBe(500_000_000n);
    expect(await payoutsOf(api.db, user.id)).toHaveLength(1);
  });

  it('waits out the hold after an address change and pays nothing below the minimum', async () => {
    const service = await createLocalPayoutService(treasury, logger);
    const held = await payableAccount(api, 900_000_000n, 24);
    const small = await payableAccount(api, 99_999_999n);
    await runPayouts(service, depsFor());
    expect(await payoutsOf(api.db, held.user.id)).toEqual([]);
    expect(await payoutsOf(api.db, small.user.id)).toEqual([]);
    expect(onChain(service, held.wallet)).toBe(0n);
  });

  it('fails and credits back what was signed for a local ledger lost in a restart, then pays again', async () => {
    const before = await createLocalPayoutService(treasury, logger);
    const { user, wallet } = await payableAccount(api, 700_000_000n);
    await expect(runPayouts(before, depsFor(), { afterSent: crash })).rejects.toThrow();
    const restarted = await createLocalPayoutService(treasury, logger, createLocalLedger());
    await forgetLocalLedgerPayouts(restarted, depsFor());
    expect((await payoutsOf(api.db, user.id)).map((row) => row.status)).toEqual(['failed']);
    expect(await ledgerBalance(api.db, user.id)).toBe(700_000_000n);
    await runPayouts(restarted, depsFor());
    expect(onChain(restarted, wallet)).toBe(700_000_000n);
    expect(await ledgerBalance(api.db, user.id)).toBe(0n);
  });

  it('skips, and reports, what the treasury cannot cover', async () => {
    const poor = await generateKeyPairSigner();
    const chain = createLocalLedger();
    await chain.airdrop?.(poor.address, 50_000_000n);
    const service = { chain, treasury: poor };
    const { user } = await payableAccount(api, 400_000_000n);
    expect(await treasuryCoversNextRun(service, depsFor())).toMatchObject({
      covered: false,
      balance: 50_000_000n,
    });
    const result = await runPayouts(service, depsFor());
    expect(result).toMatchObject({ ran: true, skippedForTreasury: expect.any(Number) });
    expect(result.ran && result.skippedForTreasury).toBeGreaterThan(0);
    expect(await payoutsOf(api.db, user.id)).toEqual([]);
  });
});

describe('payouts over HTTP', () => {
  it('runs with the admin token and lists payouts with a Solscan link, labelled as the local ledger', async () => {
    const keypairFile = path.join(
      mkdtempSync(path.join(tmpdir(), 'iow-treasury-')),
      'treasury.json',
    );
    writeSolanaKeypairFile(keypairFile);
    const paying = await startTestApi({ TREASURY_KEYPAIR: keypairFile, WALLET_HOLD_HOURS: '0' });
    try {
      const user = await registerUser(paying.url);
      const address = (await generateKeyPairSigner()).address;
      expect(
        (
          await request(paying.url, 'PUT', '/v1/wallet', {
            bearer: user.token,
            body: { address, password: PASSWORD },
          })
        ).status,
      ).toBe(200);
      const deviceId = (await createDevice(paying.url, user)).device.id;
      const job = await request(paying.url, 'POST', '/v1/jobs', {
        bearer: ROLE_TOKENS.SERVICE_TOKEN,
        body: {
          externalId: `pay-${Date.now()}`,
          deviceId,
          status: 'completed',
          startedAt: new Date().toISOString(),
          earningsLamports: '250000000',
        },
      });
      expect(job.status).toBe(201);
      const run = await request(paying.url, 'POST', '/v1/admin/payouts/run', {
        bearer: ROLE_TOKENS.ADMIN_TOKEN,
      });
      expect(run.status).toBe(200);
      expect(run.body.network).toBe('local-ledger');
      expect(run.body.payouts).toHaveLength(1);
      expect(run.body.payouts[0]).toMatchObject({
        amountLamports: '250000000',
        address,
        status: 'confirmed',
      });
      expect(run.body.payouts[0].explorerUrl).toMatch(
        /^https:\/\/solscan\.io\/tx\/\w+\?cluster=devnet$/,
      );
      const listed = await request(paying.url, 'GET', '/v1/payouts', { bearer: user.token });
      expect(listed.body.payouts.map((payout: { id: string }) => payout.id)).toEqual([
        run.body.payouts[0].id,
      ]);
      const summary = await request(paying.url, 'GET', '/v1/earnings/summary', {
        bearer: user.token,
      });
      expect(summary.body).toMatchObject({
        balanceLamports: '0',
        lifetimeLamports: '250000000',
        pendingPayoutLamports: '0',
      });
    } finally {
      await paying.close();
    }
    expect(
      (await request(api.url, 'POST', '/v1/admin/payouts/run', { bearer: ROLE_TOKENS.ADMIN_TOKEN }))
        .status,
    ).toBe(503);
  });
});
