import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { findDevice } from '../devices/devices.queries.js';
import { findMe } from '../me/me.queries.js';
import { sumEnergyHours } from '../energy/energy.queries.js';
import { sumDeviceEarnings } from './profitability.queries.js';
import { deviceProfitabilityRoute, estimateRoute } from './profitability.routes.js';
import { estimateProfitability, measuredProfitability } from './profitability.service.js';

const DAY_MS = 86_400_000;
const DEFAULT_INTERVAL_S = 10;

function unknownModel(gpuModel: string, known: string[]): ApiError {
  return ApiError.badRequest(
    'unknown_gpu_model',
    `gpuModel: "${gpuModel}" is not on the rate card; known models include ${known.slice(0, 10).join(', ')}.`,
  );
}

export const profitabilityRoutes = createRouter()
  .openapi(deviceProfitabilityRoute, async (c) => {
    const { db, metrics, deviceState } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const { days } = c.req.valid('query');
    const device = await findDevice(db, accountId, id);
    if (!device) throw ApiError.notFound('Device');
    if (!metrics) {
      throw new ApiError(
        503,
        'metrics_unavailable',
        'Metrics storage (InfluxDB) is not configured on this server, so power cannot be measured.',
      );
    }
    const to = new Date();
    const window = { from: new Date(to.getTime() - days * DAY_MS), to };
    const intervalS = device.interval_s > 0 ? device.interval_s : DEFAULT_INTERVAL_S;
    // What this instance received is counted, not left for the next flush.
    await deviceState.flush();
    const [hours, revenueLamports, me] = await Promise.all([
      sumEnergyHours(db, id, window),
      sumDeviceEarnings(db, accountId, id, window),
      findMe(db, accountId),
    ]);
    return c.json(
      measuredProfitability({
        window,
        days,
        intervalS,
        energy: {
          wattHours: hours.energyWh,
          coveredMs: hours.coveredS * 1000,
          samples: hours.samples,
          gpus: hours.gpus,
        },
        counterWh: hours.counterWh,
        busyMs: hours.busyS * 1000,
        revenueLamports,
        settings: me.settings,
      }),
      200,
    );
  })
  .openapi(estimateRoute, (c) => {
    const body = c.req.valid('json');
    const { rateCard } = c.var.deps;
    const entry = rateCard.find(body.gpuModel);
    if (!entry) throw unknownModel(body.gpuModel, rateCard.knownModels());
    return c.json(estimateProfitability(body, entry, rateCard.card), 200);
  });
