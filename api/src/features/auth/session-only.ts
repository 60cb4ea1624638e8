import { sessionOnlySecurity } from '../../lib/openapi-schemas.js';
import { requireSession } from './auth.middleware.js';

/**
 * Marks a route that only a signed-in session may call, never a personal API token: whatever
 * changes the password, two-factor, email, tokens or the wallet, and signing out. Spread it
 * after the feature's defaults, so it replaces their `requireUser` and security.
 * @example createRoute({ ...userRoute, ...sessionOnly, method: 'put', path: '/v1/wallet', … })
 */
export const sessionOnly = { security: sessionOnlySecurity, middleware: [requireSession] };
