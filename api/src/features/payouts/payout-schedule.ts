import type { AppDeps } from '../../app-env.js';
import { runPayouts } from './payout-runner.js';
import type { PayoutService } from './payout-service.js';

const MINUTE_MS = 60_000;

/** The next moment PAYOUT_SCHEDULE names (`hourly` or `daily@HH:MM` in UTC), or undefined for `off`. */
export function nextRun(schedule: string, now: Date): Date | undefined {
  if (schedule === 'hourly') {
    const next = new Date(now);
    next.setUTCMinutes(0, 0, 0);
    next.setUTCHours(next.getUTCHours() + 1);
    return next;
  }
  const match = /^daily@(\d\d):(\d\d)$/.exec(schedule);
  if (!match) return undefined;
  const next = new Date(now);
  next.setUTCHours(Number(match[1]), Number(match[2]), 0, 0);
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** Runs payouts on PAYOUT_SCHEDULE; the advisory lock keeps instances from paying twice. */
export function startPayoutSchedule(
  service: PayoutService,
  deps: Pick<AppDeps, 'db' | 'events' | 'logger' | 'config'>,
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const plan = () => {
    const next = nextRun(deps.config.payoutSchedule, new Date());
    if (!next) return;
    // Checked at least every minute, so a suspended laptop or clock change cannot skip a run for long.
    timer = setTimeout(
      () => {
        if (Date.now() >= next.getTime()) {
          running = runPayouts(service, deps).catch((error: Error) =>
            deps.logger.error({ err: error.message }, 'scheduled payout run failed'),
          );
        }
        plan();
      },
      Math.min(MINUTE_MS, Math.max(0, next.getTime() - Date.now())),
    );
    timer.unref();
  };
  plan();
  return async () => {
    clearTimeout(timer);
    await running;
  };
}
