import type { AppDeps } from '../../app-env.js';
import { startAlertEvaluator } from '../alert-evaluation/alert-evaluator.js';
import type { telegramBotFor } from '../deliveries/delivery-runtime.js';
import { startNotificationDelivery } from '../deliveries/delivery-runtime.js';
import { startStateClockSweeper } from '../devices/device-state-events.js';
import { startEnergyRepair } from '../energy/energy-recompute.js';
import { startMetricRollups } from '../metric-rollups/rollup-scheduler.js';
import { startPayoutRunRequests } from '../payouts/payout-handoff.js';
import { forgetLocalLedgerPayouts, runPayouts } from '../payouts/payout-runner.js';
import { startPayoutSchedule } from '../payouts/payout-schedule.js';
import { startStatusSweeper } from '../status/device-status.js';

/**
 * Everything scheduled: payouts (on their schedule, and on a worker when an API asks), the status and state
 * sweeps, energy repair, alert evaluation, metric rollups and notification delivery. ROLE=all
 * runs it beside the HTTP API; ROLE=worker runs it on the leading replica only.
 */
export async function startBackgroundJobs(
  deps: AppDeps,
  telegramBot: ReturnType<typeof telegramBotFor>,
): Promise<() => Promise<void>> {
  const { payouts, logger } = deps;
  const stops: (() => Promise<void>)[] = [];
  if (payouts) {
    await forgetLocalLedgerPayouts(payouts, deps);
    // On a real chain, payouts a crash left open are settled by their signatures at once.
    if (payouts.chain.kind === 'rpc') {
      void runPayouts(payouts, deps, {}, { payNew: false }).catch((error: Error) =>
        logger.error({ err: error.message }, 'reconciling open payouts at start-up failed'),
      );
    }
    stops.push(startPayoutSchedule(payouts, deps));
  }
  // Only an API without the treasury (ROLE=api) asks for runs, and it asks the worker.
  if (deps.config.role === 'worker') stops.push(startPayoutRunRequests(payouts, deps));
  stops.push(startStatusSweeper(deps));
  stops.push(startStateClockSweeper(deps));
  if (deps.metrics) stops.push(startEnergyRepair(deps));
  stops.push(startAlertEvaluator(deps));
  stops.push(startMetricRollups(deps));
  stops.push(startNotificationDelivery(deps, telegramBot));
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
