import type { Executor } from '../../db/database.js';

/** The next update id the bot has not seen (Telegram's `offset`); 0 at first. */
export async function readTelegramOffset(db: Executor, bot: string): Promise<number> {
  const row = await db
    .selectFrom('telegram_updates')
    .select('next_offset')
    .where('bot', '=', bot)
    .executeTakeFirst();
  return Number(row?.next_offset ?? 0);
}

export async function saveTelegramOffset(db: Executor, bot: string, offset: number): Promise<void> {
  await db
    .insertInto('telegram_updates')
    .values({ bot, next_offset: offset })
    .onConflict((conflict) => conflict.column('bot').doUpdateSet({ next_offset: offset }))
    .execute();
}
