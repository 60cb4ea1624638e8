import { writeSolanaKeypairFile } from '@ioworker/tools/solana-keypair';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config.js';
import { request } from '../../test/http.js';
import { payableAccount } from '../../test/payable-account.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';
import {
  LEADS,
  startWorkerProcess,
  waitUntil,
  type WorkerProcess,
} from '../../test/worker-process.js';

const folder = mkdtempSync(path.join(tmpdir(), 'iow-worker-'));
const treasuryFile = path.join(folder, 'treasury.json');
const PAYOUT_MIN = '100000000';
const PAYOUT_MAX = '1000000000';
let api: TestApi;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  writeSolanaKeypairFile(treasuryFile);
  // The API is given a treasury path that does not exist: it starts, so it never reads it.
  api = await startTestApi({
    ROLE: 'api',
    TREASURY_KEYPAIR: path.join(folder, 'absent.json'),
    PAYOUT_MIN_LAMPORTS: PAYOUT_MIN,
  });
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await api.close();
});

function startWorker(name: string): WorkerProcess {
  const worker = startWorkerProcess({
    DATABASE_URL: api.env.DATABASE_URL,
    DATA_DIR: path.join(folder, name),
    TREASURY_KEYPAIR: treasuryFile,
    PAYOUT_MIN_LAMPORTS: PAYOUT_MIN,
    PAYOUT_MAX_LAMPORTS: PAYOUT_MAX,
  });
  workers.push(worker);
  return worker;
}

function runPayouts() {
  return request(api.url, 'POST', '/v1/admin/payouts/run', { bearer: ROLE_TOKENS.ADMIN_TOKEN });
}

describe('ROLE: the API and the worker apart', () => {
  it('refuses api and worker without PostgreSQL: the embedded database is one process’s', () => {
    for (const role of ['api', 'worker']) {
      expect(() => parseConfig({ ROLE: role })).toThrow(ConfigError);
    }
    expect(parseConfig({ ROLE: 'all' }).role).toBe('all');
  });

  it('an API holds no treasury and runs nothing scheduled', async () => {
    expect(api.leads()).toBe(false);
    const ready = await request(api.url, 'GET', '/readyz');
    expect(ready.body).toMatchObject({ treasury: 'not_configured' });
  });

  it('one worker leads; killed, another takes over within 30 s, and nothing is paid twice', async () => {
    const first = startWorker('first');
    await waitUntil(() => first.messages.includes(LEADS), 30_000);
    const second = startWorker('second');
    const secondUrl = await second.url;
    // A worker serves its health checks only.
    expect((await fetch(`${secondUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${secondUrl}/v1/overview`)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(second.messages).not.toContain(LEADS);

    const { user } = await payableAccount(api, 250_000_000n);
    const paid = await runPayouts();
    expect(paid.status).toBe(200);
    expect(paid.body.payouts).toEqual([
      expect.objectContaining({ amountLamports: '250000000', status: 'confirmed' }),
    ]);

    first.child.kill('SIGKILL');
    const tookOverMs = await waitUntil(() => second.messages.includes(LEADS), 30_000);
    expect(tookOverMs).toBeLessThan(30_000);

    const again = await runPayouts();
    expect(again.status).toBe(200);
    expect(again.body.payouts).toEqual([]);
    const payouts = await api.db
      .selectFrom('payouts')
      .select('status')
      .where('account_id', '=', user.id)
      .execute();
    expect(payouts).toEqual([{ status: 'confirmed' }]);

    // Above the cap a payout is held; the API hands its approval to the worker, which sends
    // it and starts no payout the approval did not ask for.
    await payableAccount(api, 2_000_000_000n);
    const held = await runPayouts();
    expect(held.body.payouts).toEqual([
      expect.objectContaining({ status: 'held', holdReason: 'over_payout_cap' }),
    ]);
    const later = await payableAccount(api, 300_000_000n);
    const approved = await request(
      api.url,
      'POST',
      `/v1/admin/payouts/${held.body.payouts[0].id}/approve`,
      { bearer: ROLE_TOKENS.ADMIN_TOKEN },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.payout).toMatchObject({
      amountLamports: '2000000000',
      status: 'confirmed',
    });
    expect(
      await api.db.selectFrom('payouts').where('account_id', '=', later.user.id).execute(),
    ).toEqual([]);
  }, 90_000);
});
