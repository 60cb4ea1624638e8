import { generateKeyPairSigner } from '@solana/kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { openDatabase } from '../../db/connect.js';
import {
  aDayLater,
  adminOnPayout,
  onLedger,
  silentLogger,
  SOL,
} from '../../test/capped-payouts.js';
import { request } from '../../test/http.js';
import { inProcessApp, serveOnSocket } from '../../test/in-process-app.js';
import { payableAccount } from '../../test/payable-account.js';
import { ledgerBalance } from '../../test/payout-checks.js';
import { ROLE_TOKENS, type TestApi } from '../../test/test-api.js';
import { createLocalPayoutService } from './payout-service.js';

describe('caps on embedded PGlite (one connection)', () => {
  it('holds, approves and releases over HTTP, with approvals racing runs, paying each payout once', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'iow-pglite-caps-'));
    const handle = await openDatabase({ databaseUrl: undefined, dataDir });
    const config = parseConfig({
      PAYOUT_MIN_LAMPORTS: '100000000',
      PAYOUT_MAX_LAMPORTS: String(SOL),
      PAYOUT_DAILY_MAX_LAMPORTS: String(SOL),
      DATA_DIR: dataDir,
      ...ROLE_TOKENS,
    });
    const service = await createLocalPayoutService(await generateKeyPairSigner(), silentLogger);
    const server = await serveOnSocket(
      inProcessApp({ db: handle.db, config, logger: silentLogger, payouts: service }),
    );
    const embedded = { url: server.url, db: handle.db } as TestApi;
    const runOverHttp = () =>
      request(server.url, 'POST', '/v1/admin/payouts/run', { bearer: ROLE_TOKENS.ADMIN_TOKEN });
    try {
      const big = await payableAccount(embedded, 3n * SOL);
      const fits = await payableAccount(embedded, (6n * SOL) / 10n);
      const waits = await payableAccount(embedded, (6n * SOL) / 10n);
      expect((await runOverHttp()).status).toBe(200);
      const rows = await handle.db
        .selectFrom('payouts')
        .select(['id', 'account_id', 'status', 'hold_reason'])
        .execute();
      const byAccount = new Map(rows.map((row) => [row.account_id, row]));
      expect(byAccount.get(big.user.id)).toMatchObject({
        status: 'held',
        hold_reason: 'over_payout_cap',
      });
      // One of the two 0.6 SOL payouts fits the 1 SOL window (by account order), the other waits.
      const heldDaily = [fits, waits].filter(
        ({ user }) => byAccount.get(user.id)?.hold_reason === 'over_daily_cap',
      );
      expect(heldDaily).toHaveLength(1);

      const bigId = byAccount.get(big.user.id)!.id;
      const replies = await Promise.all([
        adminOnPayout(server.url, bigId),
        runOverHttp(),
        adminOnPayout(server.url, bigId),
        runOverHttp(),
      ]);
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 200, 409]);
      await aDayLater(embedded);
      expect((await runOverHttp()).status).toBe(200);
      expect(onLedger(service, big.wallet)).toBe(3n * SOL);
      expect(onLedger(service, fits.wallet)).toBe((6n * SOL) / 10n);
      expect(onLedger(service, waits.wallet)).toBe((6n * SOL) / 10n);
      for (const { user } of [big, fits, waits]) {
        expect(await ledgerBalance(handle.db, user.id)).toBe(0n);
      }
    } finally {
      await server.close();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
