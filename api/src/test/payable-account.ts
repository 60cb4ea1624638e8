import { generateKeyPairSigner } from '@solana/kit';
import { registerUser } from './http.js';
import type { TestApi } from './test-api.js';

/** An account with a payout address out of its hold (`holdHours` < 0) and `lamports` on its balance. */
export async function payableAccount(api: TestApi, lamports: bigint, holdHours = -1) {
  const user = await registerUser(api.url);
  const wallet = (await generateKeyPairSigner()).address;
  await api.db
    .insertInto('wallets')
    .values({
      account_id: user.id,
      address: wallet,
      hold_until: new Date(Date.now() + holdHours * 3600_000),
    })
    .execute();
  await api.db
    .insertInto('ledger_entries')
    .values({
      account_id: user.id,
      kind: 'adjustment',
      amount_lamports: lamports.toString(),
      note: 'test credit',
    })
    .execute();
  return { user, wallet };
}
