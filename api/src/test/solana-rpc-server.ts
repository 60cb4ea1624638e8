import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Address } from '@solana/kit';
import type { TransferLeg } from '../features/payouts/chain/chain.js';
import { createRpcLedger, type RpcAnswer } from './solana-rpc-ledger.js';

/** One misbehaviour, used up by the first request it applies to. */
type Fault =
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'failAfterExecuting'; httpStatus: number }
  | { kind: 'expireFirst' }
  | { kind: 'hideStatus' };

type JsonRpcRequest = { id: unknown; method: string; params: unknown[] };

export type SolanaRpcServer = {
  url: string;
  airdrop(address: Address, lamports: bigint): void;
  balance(address: Address): bigint;
  /** The System Program transfers to `address` that executed, whoever sent them. */
  transfersTo(address: Address): TransferLeg[];
  /** How many requests of `method` arrived (answered or not). */
  calls(method: string): number;
  /** Advances past every lifetime handed out so far: none of their transactions can land. */
  expireBlockhash(): void;
  faults: {
    /** Answers the next `count` requests of `method` with HTTP 429. */
    rateLimit(method: string, count?: number, retryAfterSeconds?: number): void;
    /** Handles the next `count` requests of `method` at once but answers only after `ms`. */
    delay(method: string, ms: number, count?: number): void;
    /** Answers the next `count` sends with their signature but never runs them (a lost transaction). */
    dropSends(count?: number): void;
    /** Runs the next `count` sends, then answers with an HTTP error: it landed, the client saw a failure. */
    failAfterExecuting(count?: number, httpStatus?: number): void;
    /** The blockhash expires just before the next send reaches the ledger. */
    expireBeforeNextSend(): void;
    /** Answers null for the next `count` signature statuses, as a node that lags behind. */
    hideStatuses(count?: number): void;
  };
  close(): Promise<void>;
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseRequest(body: string): JsonRpcRequest | undefined {
  const parsed: unknown = JSON.parse(body);
  if (!(parsed instanceof Object) || !('method' in parsed) || typeof parsed.method !== 'string') {
    return undefined;
  }
  const params = 'params' in parsed && Array.isArray(parsed.params) ? parsed.params : [];
  return { id: 'id' in parsed ? parsed.id : null, method: parsed.method, params };
}

// Amounts in tests stay far below 2^53, so a u64 goes out as a plain JSON number, as a node writes it.
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? Number(item) : item,
  );
}

/**
 * A Solana JSON-RPC endpoint on 127.0.0.1 backed by LiteSVM, for running the real @solana/kit
 * client in tests, with faults to inject: rate limits, slow answers, lost transactions, answers
 * lost after a transaction landed, a blockhash that expires at send, a lagging node.
 *
 * @example
 * const server = await startSolanaRpcServer();
 * server.faults.dropSends(1);
 * const chain = createRpcChain(server.url);
 */
export async function startSolanaRpcServer(): Promise<SolanaRpcServer> {
  const ledger = createRpcLedger();
  const pending = new Map<string, Fault[]>();
  const callCounts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  function queue(method: string, fault: Fault, count: number) {
    pending.set(method, [...(pending.get(method) ?? []), ...Array<Fault>(count).fill(fault)]);
  }

  function answer(request: JsonRpcRequest, fault: Fault | undefined): RpcAnswer {
    if (request.method === 'sendTransaction') {
      const wire = request.params[0] as string;
      if (fault?.kind === 'drop') return { result: ledger.signatureOf(wire) };
      if (fault?.kind === 'expireFirst') ledger.expireBlockhash();
      return ledger.execute(wire);
    }
    if (request.method === 'getSignatureStatuses' && fault?.kind === 'hideStatus') {
      const signatures = request.params[0] as unknown[];
      return { result: { context: { slot: 0 }, value: signatures.map(() => null) } };
    }
    const result = ledger.read(request.method, request.params);
    return result === undefined
      ? { error: { code: -32601, message: `Method not found: ${request.method}` } }
      : { result };
  }

  function reply(response: ServerResponse, status: number, body: string, headers = {}) {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const rpc = parseRequest(await readBody(request));
    if (!rpc) return reply(response, 400, toJson({ error: 'not a JSON-RPC request' }));
    callCounts.set(rpc.method, (callCounts.get(rpc.method) ?? 0) + 1);
    const fault = pending.get(rpc.method)?.shift();
    if (fault?.kind === 'rateLimit') {
      const retryAfter = { 'retry-after': String(fault.retryAfterSeconds) };
      return reply(response, 429, toJson({ error: 'rate limited' }), retryAfter);
    }
    const outcome = answer(rpc, fault);
    if (fault?.kind === 'failAfterExecuting') {
      return reply(response, fault.httpStatus, toJson({ error: 'upstream failed' }));
    }
    const body = toJson({ jsonrpc: '2.0', id: rpc.id, ...outcome });
    if (fault?.kind !== 'delay') return reply(response, 200, body);
    const timer = setTimeout(() => {
      timers.delete(timer);
      reply(response, 200, body);
    }, fault.ms);
    timers.add(timer);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      reply(response, 500, toJson({ error: String(error) })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    airdrop: (address, amount) => ledger.airdrop(address, amount),
    balance: (address) => ledger.svm.getBalance(address) ?? 0n,
    transfersTo: (address) => ledger.transfersTo(address),
    calls: (method) => callCounts.get(method) ?? 0,
    expireBlockhash: () => ledger.expireBlockhash(),
    faults: {
      rateLimit: (method, count = 1, retryAfterSeconds = 0) =>
        queue(method, { kind: 'rateLimit', retryAfterSeconds }, count),
      delay: (method, ms, count = 1) => queue(method, { kind: 'delay', ms }, count),
      dropSends: (count = 1) => queue('sendTransaction', { kind: 'drop' }, count),
      failAfterExecuting: (count = 1, httpStatus = 502) =>
        queue('sendTransaction', { kind: 'failAfterExecuting', httpStatus }, count),
      expireBeforeNextSend: () => queue('sendTransaction', { kind: 'expireFirst' }, 1),
      hideStatuses: (count = 1) => queue('getSignatureStatuses', { kind: 'hideStatus' }, count),
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
