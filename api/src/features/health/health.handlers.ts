import type { AppDeps } from '../../app-env.js';
import { createRouter } from '../../router.js';
import { treasuryCoversNextRun } from '../payouts/payout-runner.js';
import { pingDatabase } from './health.queries.js';
import { healthzRoute, readyzRoute } from './health.routes.js';

type DependencyState = 'ok' | 'down' | 'not_configured';
const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);
}

async function databaseState(deps: AppDeps): Promise<DependencyState> {
  try {
    await withTimeout(pingDatabase(deps.db));
    return 'ok';
  } catch {
    return 'down';
  }
}

/** InfluxDB 1.x, 2.x and 3 all answer `/ping` with 204. */
async function influxState(deps: AppDeps): Promise<DependencyState> {
  const { url } = deps.config.influx;
  if (!url) return 'not_configured';
  try {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    return response.ok ? 'ok' : 'down';
  } catch {
    return 'down';
  }
}

async function treasuryState(deps: AppDeps): Promise<DependencyState | 'low'> {
  if (!deps.payouts) return 'not_configured';
  try {
    const { covered, balance, due } = await withTimeout(treasuryCoversNextRun(deps.payouts, deps));
    if (covered) return 'ok';
    deps.logger.warn(
      { balance: balance.toString(), due: due.toString() },
      'treasury too low for the next payout run',
    );
    return 'low';
  } catch {
    return 'down';
  }
}

export const healthRoutes = createRouter()
  .openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readyzRoute, async (c) => {
    const [database, influx, treasury] = await Promise.all([
      databaseState(c.var.deps),
      influxState(c.var.deps),
      treasuryState(c.var.deps),
    ]);
    const ready = database !== 'down' && influx !== 'down' && treasury !== 'down';
    return ready
      ? c.json({ status: 'ok' as const, database, influx, treasury }, 200)
      : c.json({ status: 'degraded' as const, database, influx, treasury }, 503);
  });
