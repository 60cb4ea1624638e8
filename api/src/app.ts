import { cors } from 'hono/cors';
import type { AppDeps } from './app-env.js';
import { handleError, handleNotFound } from './lib/error-handler.js';
import { createRouter } from './router.js';
import { compressJson } from './middleware/compress-json.js';
import { jsonBody } from './middleware/json-body.js';
import { requestId } from './middleware/request-id.js';
import { requestLogger } from './middleware/request-logger.js';
import { alertRoutes } from './features/alerts/alerts.handlers.js';
import { accountRoutes } from './features/account/account.handlers.js';
import { authRoutes } from './features/auth/auth.handlers.js';
import { twoFactorRoutes } from './features/two-factor/two-factor.handlers.js';
import { passkeyRoutes } from './features/passkeys/passkeys.handlers.js';
import { requireDevice, requireRole } from './features/auth/auth.middleware.js';
import { deviceLifecycleRoutes } from './features/devices/device-lifecycle.handlers.js';
import { deviceRoutes } from './features/devices/devices.handlers.js';
import { healthRoutes } from './features/health/health.handlers.js';
import { installRoutes } from './features/install/install.handlers.js';
import { ingestRoutes } from './features/ingest/ingest.handlers.js';
import { earningsRoutes } from './features/earnings/earnings.handlers.js';
import { fleetRoutes } from './features/fleet/fleet.handlers.js';
import { gpuHealthRoutes } from './features/gpu-health/gpu-health.handlers.js';
import { serviceRoutes } from './features/services/services.handlers.js';
import { insightRoutes } from './features/insights/insights.handlers.js';
import { jobRoutes } from './features/jobs/jobs.handlers.js';
import { liveRoutes } from './features/live/live.handlers.js';
import { meRoutes } from './features/me/me.handlers.js';
import { metricsRoutes } from './features/metrics/metrics.handlers.js';
import { channelRoutes } from './features/channels/channels.handlers.js';
import { telegramWebhookRoutes } from './features/channels/telegram-webhook.handlers.js';
import { TELEGRAM_SECRET_HEADER } from './features/channels/telegram-webhook.js';
import { notificationRuleRoutes } from './features/notification-rules/notification-rules.handlers.js';
import { notificationRoutes } from './features/notifications/notifications.handlers.js';
import { overviewRoutes } from './features/overview/overview.handlers.js';
import { payoutRoutes } from './features/payouts/payouts.handlers.js';
import { payoutHoldRoutes } from './features/payouts/payout-holds.handlers.js';
import { profitabilityRoutes } from './features/profitability/profitability.handlers.js';
import { statementRoutes } from './features/statements/statements.handlers.js';
import { securityEventRoutes } from './features/security-events/security-events.handlers.js';
import { tokenRoutes } from './features/tokens/tokens.handlers.js';
import { fleetTokenRoutes } from './features/fleet-tokens/fleet-tokens.handlers.js';
import { walletRoutes } from './features/wallet/wallet.handlers.js';

const JSON_BODY_LIMIT = 1024 * 1024;

/** The routes, chained so that their types flow to clients (`hc<AppType>`). */
function routes() {
  return createRouter()
    .route('/', healthRoutes)
    .route('/', installRoutes)
    .route('/', authRoutes)
    .route('/', accountRoutes)
    .route('/', twoFactorRoutes)
    .route('/', passkeyRoutes)
    .route('/', meRoutes)
    .route('/', tokenRoutes)
    .route('/', fleetTokenRoutes)
    .route('/', securityEventRoutes)
    .route('/', deviceRoutes)
    .route('/', deviceLifecycleRoutes)
    .route('/', notificationRoutes)
    .route('/', channelRoutes)
    .route('/', telegramWebhookRoutes)
    .route('/', notificationRuleRoutes)
    .route('/', alertRoutes)
    .route('/', jobRoutes)
    .route('/', earningsRoutes)
    .route('/', walletRoutes)
    .route('/', payoutRoutes)
    .route('/', payoutHoldRoutes)
    .route('/', statementRoutes)
    .route('/', metricsRoutes)
    .route('/', gpuHealthRoutes)
    .route('/', serviceRoutes)
    .route('/', overviewRoutes)
    .route('/', fleetRoutes)
    .route('/', profitabilityRoutes)
    .route('/', insightRoutes)
    .route('/', liveRoutes)
    .route('/', ingestRoutes);
}

export type AppType = ReturnType<typeof routes>;

/**
 * Builds the API. Machine-credential prefixes are guarded before any route exists under them,
 * so a route added there later can never be reached with another kind of credential.
 */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  app.use(async function provideDeps(c, next) {
    c.set('deps', deps);
    await next();
  });
  app.use(requestId());
  app.use(requestLogger());
  const corsForBrowsers = cors({
    origin: (origin) => (deps.config.allowedOrigins.includes(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', 'Authorization'],
    exposeHeaders: ['Retry-After', 'X-Request-Id', 'ETag'],
    maxAge: 600,
  });
  // Only browsers send Origin; skipping CORS otherwise keeps node-server's fast response path
  // for collectors and services (measured: 6x the throughput on /healthz).
  app.use(async function corsWhenOrigin(c, next) {
    return c.req.header('origin') ? corsForBrowsers(c, next) : next();
  });
  app.use('/v1/*', jsonBody(JSON_BODY_LIMIT));
  // Not /api/v2: the write gateway's answers are small and its clients (nodes) gain nothing.
  app.use('/v1/*', compressJson());
  app.on('POST', '/v1/jobs', requireRole('service'));
  app.on('GET', '/v1/schedulable-devices', requireRole('service'));
  app.use('/v1/alerts/*', requireRole('alerts'));
  app.use('/v1/admin/*', requireRole('admin'));
  app.use('/api/v2/*', requireDevice);

  app.route('/', routes());
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'IO Worker API',
      version: '0.1.0',
      description: 'Accounts, devices, telemetry, jobs, earnings and payouts of IO Worker.',
    },
    servers: [{ url: deps.config.publicUrl }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'iow_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionBearer', {
    type: 'http',
    scheme: 'bearer',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'personalToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'a personal API token `iowp_…` (GET /v1/me/tokens); `read` ones open GET only',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'serviceToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'SERVICE_TOKEN (the orchestrator)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'alertsToken', {
    type: 'http',
    scheme: 'bearer',
    description: "ALERTS_TOKEN (Grafana's webhook contact point)",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'ADMIN_TOKEN',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'telegramSecret', {
    type: 'apiKey',
    in: 'header',
    name: TELEGRAM_SECRET_HEADER,
    description: 'the secret the API gave Telegram with setWebhook',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'deviceToken', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: '`Token <device credential>`',
  });
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

/**
 * What a worker (ROLE=worker) serves: its health checks, for the orchestrator's probes, and
 * nothing else; the API replicas serve the rest.
 */
export function createWorkerApp(deps: AppDeps) {
  const app = createRouter();
  app.use(async function provideDeps(c, next) {
    c.set('deps', deps);
    await next();
  });
  app.use(requestId());
  app.route('/', healthRoutes);
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}
