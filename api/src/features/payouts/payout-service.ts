import type { KeyPairSigner } from '@solana/kit';
import type { Config } from '../../config.js';
import type { Logger } from '../../lib/logger.js';
import type { Chain } from './chain/chain.js';
import { createLocalLedger } from './chain/local-ledger.js';
import { createRpcChain } from './chain/rpc-chain.js';
import { loadTreasury } from './treasury.js';

/** What the embedded ledger airdrops to the treasury at start. */
const LOCAL_TREASURY_LAMPORTS = 1_000_000_000_000n;

export type PayoutService = { chain: Chain; treasury: KeyPairSigner };

/**
 * Payouts are on when TREASURY_KEYPAIR is set: over JSON-RPC when SOLANA_RPC_URL is set,
 * otherwise on an embedded LiteSVM ledger whose treasury is funded by airdrop.
 */
export async function createPayoutService(
  config: Config,
  logger: Logger,
): Promise<PayoutService | undefined> {
  const { treasuryKeypairPath, rpcUrl } = config.solana;
  if (!treasuryKeypairPath) {
    logger.warn('TREASURY_KEYPAIR is not set: payouts are off');
    return undefined;
  }
  const treasury = await loadTreasury(treasuryKeypairPath);
  if (rpcUrl) {
    logger.info(
      { treasury: treasury.address, cluster: config.solana.cluster },
      'payouts over Solana JSON-RPC',
    );
    return { chain: createRpcChain(rpcUrl), treasury };
  }
  return createLocalPayoutService(treasury, logger);
}

export async function createLocalPayoutService(
  treasury: KeyPairSigner,
  logger: Logger,
  chain: Chain = createLocalLedger(),
): Promise<PayoutService> {
  await chain.airdrop?.(treasury.address, LOCAL_TREASURY_LAMPORTS);
  logger.warn(
    { treasury: treasury.address },
    'payouts run on the LOCAL DEVELOPMENT LEDGER (embedded LiteSVM, in memory): no real SOL moves',
  );
  return { chain, treasury };
}
