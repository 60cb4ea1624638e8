import {
  type Address,
  generateKeyPair,
  getAddressFromPublicKey,
  getBase58Decoder,
  getProgramDerivedAddress,
} from '@solana/kit';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { createLogger } from '../../lib/logger.js';
import { PASSWORD, registerUser, request } from '../../test/http.js';
import { inProcessApp } from '../../test/in-process-app.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ WALLET_HOLD_HOURS: '48' });
});
afterAll(() => api.close());

async function newAddress(): Promise<Address> {
  return getAddressFromPublicKey((await generateKeyPair()).publicKey);
}

const base58 = (bytes: number) => getBase58Decoder().decode(randomBytes(bytes));

describe('PUT /v1/wallet', () => {
  it('sets the address with a hold, notifies, audits, and keeps the hold for the same address', async () => {
    const user = await registerUser(api.url);
    expect((await request(api.url, 'GET', '/v1/wallet', { bearer: user.token })).body).toEqual({
      address: null,
      holdUntil: null,
    });
    const address = await newAddress();
    const set = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address: `  ${address} `, password: PASSWORD },
    });
    expect(set.status).toBe(200);
    expect(set.body.address).toBe(address);
    const hold = Date.parse(set.body.holdUntil) - Date.now();
    expect(hold).toBeGreaterThan(47.9 * 3600_000);
    expect(hold).toBeLessThanOrEqual(48 * 3600_000);
    const again = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address, password: PASSWORD },
    });
    expect(again.body.holdUntil).toBe(set.body.holdUntil);

    const changed = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address: await newAddress(), password: PASSWORD },
    });
    expect(changed.status).toBe(200);
    const notifications = await request(api.url, 'GET', '/v1/notifications', {
      bearer: user.token,
    });
    expect(notifications.body.notifications.map((item: { title: string }) => item.title)).toEqual([
      'Payout address changed',
      'Payout address set',
    ]);
    const audit = await api.db
      .selectFrom('audit_events')
      .select('action')
      .where('account_id', '=', user.id)
      .where('action', '=', 'wallet.changed')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses invalid addresses with a helpful 400 that never repeats what was pasted', async () => {
    const user = await registerUser(api.url);
    const privateKey = base58(64);
    const offCurve = (
      await getProgramDerivedAddress({
        programAddress: await newAddress(),
        seeds: ['vault'],
      })
    )[0];
    const cases: [string, RegExp][] = [
      ['', /^address: is required$/],
      ['0OIl-not-base58', /^address: is not a Solana address: it must be base58/],
      [base58(31), /^address: decodes to 31 bytes; a Solana address is 32 bytes$/],
      [base58(33), /^address: decodes to 33 bytes/],
      [privateKey, /^address: is 64 bytes long, which is what a private key looks like/],
      [offCurve, /^address: is not a wallet address: it is off the ed25519 curve/],
      ['11111111111111111111111111111111', /^address: is the System Program, not a wallet/],
      ['TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', /^address: is the SPL Token program, not/],
      ['TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb', /^address: is the Token-2022 program, not/],
      ['So11111111111111111111111111111111111111112', /^address: is the wrapped SOL mint, not/],
      ['EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', /^address: is the USDC mint, not a/],
    ];
    for (const [address, message] of cases) {
      const reply = await request(api.url, 'PUT', '/v1/wallet', {
        bearer: user.token,
        body: { address, password: PASSWORD },
      });
      expect(reply.status, address).toBe(400);
      expect(reply.body.error.code).toBe('invalid_address');
      expect(reply.body.error.message).toMatch(message);
      if (address.length > 3) expect(reply.body.error.message).not.toContain(address);
    }
    expect(
      (await request(api.url, 'GET', '/v1/wallet', { bearer: user.token })).body.address,
    ).toBeNull();
  });

  it('needs the password again: a wrong one is 403 and changes nothing', async () => {
    const user = await registerUser(api.url);
    const address = await newAddress();
    await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address, password: PASSWORD },
    });
    const wrong = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address: await newAddress(), password: 'not my password' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invalid_password');
    expect((await request(api.url, 'GET', '/v1/me', { bearer: user.token })).status).toBe(200);
    expect((await request(api.url, 'GET', '/v1/wallet', { bearer: user.token })).body.address).toBe(
      address,
    );
  });

  it('never logs a pasted private key', async () => {
    const lines: string[] = [];
    const app = inProcessApp({
      config: parseConfig({ ALLOWED_ORIGINS: 'http://localhost:3000' }),
      db: api.db,
      logger: createLogger('debug', { write: (line: string) => lines.push(line) }),
    });
    const user = await registerUser(api.url);
    const privateKey = base58(64);
    const reply = await app.request('/v1/wallet', {
      method: 'PUT',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ address: privateKey, password: PASSWORD }),
    });
    expect(reply.status).toBe(400);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(privateKey);
  });
});
