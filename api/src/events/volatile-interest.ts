/**
 * Which accounts' volatile events (live readings) another instance takes. Each instance
 * announces the accounts it has such subscribers for when the first one arrives and again every
 * REFRESH_MS; an announcement not renewed within EXPIRES_MS lapses, so an instance that died or
 * whose last subscriber left stops receiving them at most that much later.
 */
export const REFRESH_MS = 10_000;
export const EXPIRES_MS = 3 * REFRESH_MS;

/** What instances say to each other on the bus's channel, beside the events. */
export type InterestMessage =
  | { interest: { instance: string; accounts: string[] } }
  /** Sent by an instance whose listener (re)connected: everyone announces again. */
  | { hello: { instance: string } };

export function isInterestMessage(message: object): message is InterestMessage {
  return 'interest' in message || 'hello' in message;
}

/** Accounts with volatile-event subscribers on other instances, as they announced them. */
export function createRemoteInterest(ownInstance: string) {
  // account → instance → when its announcement lapses
  const byAccount = new Map<string, Map<string, number>>();

  function has(accountId: string, nowMs = Date.now()): boolean {
    const instances = byAccount.get(accountId);
    if (!instances) return false;
    for (const [instance, lapsesAt] of instances) {
      if (lapsesAt > nowMs) return true;
      instances.delete(instance);
    }
    byAccount.delete(accountId);
    return false;
  }

  return {
    heard(instance: string, accounts: string[], nowMs = Date.now()): void {
      if (instance === ownInstance) return;
      for (const accountId of accounts) {
        const instances = byAccount.get(accountId) ?? new Map<string, number>();
        instances.set(instance, nowMs + EXPIRES_MS);
        byAccount.set(accountId, instances);
      }
    },
    has,
    /** Forgets announcements that lapsed, for accounts nothing was published for since. */
    prune(nowMs = Date.now()): void {
      for (const accountId of [...byAccount.keys()]) has(accountId, nowMs);
    },
  };
}
