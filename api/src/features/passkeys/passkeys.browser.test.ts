import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, getAddressFromPublicKey } from '@solana/kit';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

/**
 * Passkeys end to end: real Chromium with a virtual authenticator (CDP's WebAuthn domain) on a
 * page of an allowed origin, against a real API and PostgreSQL. The page only runs the
 * ceremonies; the test carries their JSON to the API, as the app's pages would.
 */

/** What the page offers: the browser's own JSON (de)serialisation of WebAuthn, nothing else. */
const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Passkeys</title>
<script>
async function createPasskey(options) {
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
  return (await navigator.credentials.create({ publicKey })).toJSON();
}
async function getPasskey(options) {
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options);
  return (await navigator.credentials.get({ publicKey })).toJSON();
}
</script></html>`;

type Json = Record<string, unknown>;

/** Debian's Chromium (`CHROMIUM_PATH` to use another), as the plugin's browser tests run it. */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
}

async function servePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` };
}

let page: Page;
let cdp: CDPSession;
let authenticatorId: string;
let browser: Browser;
let pageServer: Server;
let api: TestApi;
let user: TestUser;

beforeAll(async () => {
  const served = await servePage();
  pageServer = served.server;
  api = await startTestApi({ ALLOWED_ORIGINS: served.origin, WEBAUTHN_RP_ID: 'localhost' });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(served.origin);
  cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  // A platform authenticator (like Touch ID) that keeps passkeys and verifies its user.
  ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  }));
  user = await registerUser(api.url);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  pageServer?.close();
});

const post = (path: string, body?: unknown, bearer?: string) =>
  request(api.url, 'POST', path, { body, ...(bearer ? { bearer } : {}) });

function createPasskey(options: Json): Promise<Json> {
  return page.evaluate(`createPasskey(${JSON.stringify(options)})`);
}

function getPasskey(options: Json): Promise<Json> {
  return page.evaluate(`getPasskey(${JSON.stringify(options)})`);
}

/** A passkey's assertion for a passwordless sign-in. */
async function passwordlessAssertion(): Promise<Json> {
  const options = await post('/v1/auth/passkey/options', {});
  expect(options.status).toBe(200);
  return getPasskey(options.body);
}

async function failedSignIns(): Promise<unknown[]> {
  const rows = await api.db
    .selectFrom('audit_events')
    .select('details')
    .where('account_id', '=', user.id)
    .where('action', '=', 'login.failed')
    .execute();
  return rows.map((row) => row.details);
}

/** Puts the authenticator's passkey back with another signature counter (a copy, or the original). */
async function setSignCount(signCount: number): Promise<void> {
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  const [credential] = credentials;
  if (!credential) throw new Error('the virtual authenticator holds no passkey');
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
  await cdp.send('WebAuthn.addCredential', {
    authenticatorId,
    credential: { ...credential, signCount },
  });
}

describe('passkeys in Chromium', () => {
  it('registers a passkey created by the authenticator, and signs in with it alone', async () => {
    const startedAt = performance.now();
    const options = await post('/v1/me/passkeys/options', { password: PASSWORD }, user.token);
    const created = await post(
      '/v1/me/passkeys',
      { response: await createPasskey(options.body), name: 'Virtual laptop' },
      user.token,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'Virtual laptop', lastUsedAt: null });
    const registeredAt = performance.now();

    const signedIn = await post('/v1/auth/passkey', { response: await passwordlessAssertion() });
    const doneAt = performance.now();
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id: user.id, email: user.email });
    expect(signedIn.headers.get('set-cookie')).toMatch(/^iow_session=/);
    const me = await request(api.url, 'GET', '/v1/me', { bearer: signedIn.body.token });
    expect(me.body.email).toBe(user.email);
    console.info(
      `passkey registration ${Math.round(registeredAt - startedAt)} ms, passwordless sign-in ${Math.round(doneAt - registeredAt)} ms`,
    );

    const events = await request(api.url, 'GET', '/v1/me/security-events', { bearer: user.token });
    const actions = events.body.events.map((event: { action: string }) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['passkey.added', 'login.succeeded']));
    const listed = await request(api.url, 'GET', '/v1/me/passkeys', { bearer: user.token });
    expect(listed.body.passkeys[0].lastUsedAt).toEqual(expect.any(String));
  });

  it('refuses a replayed assertion, and audits it', async () => {
    const assertion = await passwordlessAssertion();
    expect((await post('/v1/auth/passkey', { response: assertion })).status).toBe(200);
    const replays = await Promise.all([
      post('/v1/auth/passkey', { response: assertion }),
      post('/v1/auth/passkey', { response: assertion }),
    ]);
    for (const replay of replays) {
      expect([replay.status, replay.body.error.code]).toEqual([401, 'invalid_challenge']);
    }
    expect(await failedSignIns()).toEqual([
      { step: 'passkey', refusal: 'challenge' },
      { step: 'passkey', refusal: 'challenge' },
    ]);
  });

  it('is the second step after the password, which now asks for it', async () => {
    const login = await post('/v1/auth/login', { email: user.email, password: PASSWORD });
    expect(login.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    const { mfaToken } = login.body;
    const options = await post('/v1/auth/passkey/options', { mfaToken });
    expect(options.body.allowCredentials).toHaveLength(1);
    const response = await getPasskey(options.body);
    const signedIn = await post('/v1/auth/passkey', { response, mfaToken });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user.id).toBe(user.id);
    const again = await post('/v1/auth/passkey', { response, mfaToken });
    expect([again.status, again.body.error.code]).toEqual([401, 'invalid_mfa_token']);
  });

  it('signs a sensitive change: the wallet takes an assertion instead of a code', async () => {
    await api.db
      .updateTable('accounts')
      .set({ email_verified_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    const address = await getAddressFromPublicKey((await generateKeyPair()).publicKey);
    const put = (body: Json) =>
      request(api.url, 'PUT', '/v1/wallet', { bearer: user.token, body: { address, ...body } });
    const without = await put({ password: PASSWORD });
    expect([without.status, without.body.error.code]).toEqual([403, 'invalid_code']);
    const options = await post('/v1/me/passkeys/assertion-options', undefined, user.token);
    const assertion = await getPasskey(options.body);
    const withAssertion = await put({ password: PASSWORD, assertion });
    expect(withAssertion.status, JSON.stringify(withAssertion.body)).toBe(200);
    const replayed = await put({ password: PASSWORD, assertion });
    expect([replayed.status, replayed.body.error.code]).toEqual([403, 'invalid_code']);
  });

  it('refuses a copied passkey whose counter went back, and audits it', async () => {
    await setSignCount(0);
    const copied = await post('/v1/auth/passkey', { response: await passwordlessAssertion() });
    expect([copied.status, copied.body.error.code]).toEqual([401, 'invalid_passkey']);
    expect(copied.body.error.message).toMatch(/counter went back/);
    expect(await failedSignIns()).toContainEqual({ step: 'passkey', refusal: 'counter' });
  });

  it('removes the passkey with the password and an assertion; sign-in is one step again', async () => {
    await setSignCount(1000);
    const [passkey] = (await request(api.url, 'GET', '/v1/me/passkeys', { bearer: user.token }))
      .body.passkeys;
    const options = await post('/v1/me/passkeys/assertion-options', undefined, user.token);
    const removed = await request(api.url, 'DELETE', `/v1/me/passkeys/${passkey.id}`, {
      bearer: user.token,
      body: { password: PASSWORD, assertion: await getPasskey(options.body) },
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    const login = await post('/v1/auth/login', { email: user.email, password: PASSWORD });
    expect(login.body.token).toEqual(expect.any(String));
    const gone = await post('/v1/auth/passkey', { response: await passwordlessAssertion() });
    expect([gone.status, gone.body.error.code]).toEqual([401, 'invalid_passkey']);
  });
});
