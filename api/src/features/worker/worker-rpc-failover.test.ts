import { writeSolanaKeypairFile } from '@ioworker/tools/solana-keypair';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payableAccount } from '../../test/payable-account.js';
import { ledgerBalance, payoutsOf } from '../../test/payout-checks.js';
import { startSolanaRpcServer, type SolanaRpcServer } from '../../test/solana-rpc-server.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';
import {
  LEADS,
  startWorkerProcess,
  waitUntil,
  type WorkerProcess,
} from '../../test/worker-process.js';
import { loadTreasury } from '../payouts/treasury.js';

const folder = mkdtempSync(path.join(tmpdir(), 'iow-rpc-failover-'));
const treasuryFile = path.join(folder, 'treasury.json');
const PAYOUT_MIN = '100000000';
let api: TestApi;
let server: SolanaRpcServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  writeSolanaKeypairFile(treasuryFile);
  server = await startSolanaRpcServer();
  server.airdrop((await loadTreasury(treasuryFile)).address, 1_000_000_000_000n);
  api = await startTestApi({
    ROLE: 'api',
    TREASURY_KEYPAIR: path.join(folder, 'absent.json'),
    PAYOUT_MIN_LAMPORTS: PAYOUT_MIN,
  });
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await api.close();
  await server.close();
});

function startWorker(name: string): WorkerProcess {
  const worker = startWorkerProcess({
    DATABASE_URL: api.env.DATABASE_URL,
    DATA_DIR: path.join(folder, name),
    TREASURY_KEYPAIR: treasuryFile,
    SOLANA_RPC_URL: server.url,
    PAYOUT_MIN_LAMPORTS: PAYOUT_MIN,
  });
  workers.push(worker);
  return worker;
}

describe('worker failover in the middle of a transfer over JSON-RPC', () => {
  it('the leader is killed while its send is in flight; the next leader settles it, paid once', async () => {
    const first = startWorker('first');
    await waitUntil(() => first.messages.includes(LEADS), 30_000);
    const second = startWorker('second');
    const account = await payableAccount(api, 450_000_000n);
    // The node runs the transfer but holds its answer: the kill lands while the leader waits.
    server.faults.delay('sendTransaction', 60_000);
    // Its answer never comes (the worker that took the run dies): the request is dropped at the end.
    const asking = new AbortController();
    void fetch(`${api.url}/v1/admin/payouts/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ROLE_TOKENS.ADMIN_TOKEN}` },
      signal: asking.signal,
    }).catch(() => undefined);
    await waitUntil(() => server.calls('sendTransaction') === 1, 30_000);
    first.child.kill('SIGKILL');
    expect((await payoutsOf(api.db, account.user.id))[0]).toMatchObject({
      status: 'pending',
      signature: expect.any(String),
    });

    await waitUntil(() => second.messages.includes(LEADS), 30_000);
    await waitUntil(
      async () => (await payoutsOf(api.db, account.user.id))[0]?.status === 'confirmed',
      15_000,
    );
    expect(server.transfersTo(account.wallet)).toHaveLength(1);
    expect(server.balance(account.wallet)).toBe(450_000_000n);
    expect(server.calls('sendTransaction')).toBe(1);
    expect(await ledgerBalance(api.db, account.user.id)).toBe(0n);
    asking.abort();
  }, 90_000);
});
