import { generateKeyPairSigner } from '@solana/kit';
import { call, type DemoApi } from './demo-api.js';

export const DEMO_EMAIL = 'demo@ioworker.local';
export const DEMO_PASSWORD = 'ioworker-demo';

/**
 * Signs the demo account in, creating it (and its payout address) on the first start. Its
 * made-up address can receive no mail, so the operator's admin token marks it verified.
 */
export async function demoAccount(apiUrl: string, adminToken: string): Promise<DemoApi> {
  const api: DemoApi = { url: apiUrl };
  const credentials = { email: DEMO_EMAIL, password: DEMO_PASSWORD };
  let session: { token: string };
  try {
    session = await call(api, 'POST', '/v1/auth/login', credentials);
  } catch {
    session = await call(api, 'POST', '/v1/auth/register', credentials);
  }
  await call(api, 'POST', '/v1/admin/accounts/email-verified', { email: DEMO_EMAIL }, adminToken);
  const signedIn = { url: apiUrl, token: session.token };
  const wallet = await call<{ address: string | null }>(signedIn, 'GET', '/v1/wallet');
  if (!wallet.address) {
    const address = (await generateKeyPairSigner()).address;
    await call(signedIn, 'PUT', '/v1/wallet', { address, password: DEMO_PASSWORD });
  }
  return signedIn;
}
