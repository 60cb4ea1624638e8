import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { MAX_DEVICES_PER_ACCOUNT } from './devices.queries.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function liveDevices(accountId: string): Promise<number> {
  const row = await api.db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('the device limit', () => {
  it('holds under 30 parallel creates 10 short of it: exactly 10 succeed, 20 are 409', async () => {
    const user = await registerUser(api.url);
    const arranged = MAX_DEVICES_PER_ACCOUNT - 10;
    await api.db
      .insertInto('devices')
      .values(
        Array.from({ length: arranged }, (_, index) => ({
          account_id: user.id,
          name: `arranged-${index}`,
          os: 'ubuntu' as const,
        })),
      )
      .execute();
    expect(await liveDevices(user.id)).toBe(arranged);

    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        request(api.url, 'POST', '/v1/devices', {
          bearer: user.token,
          body: { name: `racer-${index}`, os: 'ubuntu' },
        }),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(20);
    for (const reply of replies.filter((each) => each.status === 409)) {
      expect(reply.body.error).toEqual({
        code: 'device_limit_reached',
        message: `An account can have at most ${MAX_DEVICES_PER_ACCOUNT} devices.`,
      });
    }
    expect(await liveDevices(user.id)).toBe(MAX_DEVICES_PER_ACCOUNT);
  });
});
