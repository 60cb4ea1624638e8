import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger } from '../../test/capturing-logger.js';
import { enrolledDevice, registerUser, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

/*
 * The coalesced device-state flush when PostgreSQL refuses part of a batch. A trigger refusing
 * updates of chosen devices stands in for a row that cannot be stored (the way a corrupt row or
 * a constraint would refuse it): the others must still be stored, and a refusal of every device
 * (the database, not a row, is the problem) must keep them all for the next flush.
 */
type Node = { id: string; credential: string };

async function report(api: TestApi, node: Node): Promise<void> {
  const response = await fetch(`${api.url}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { authorization: `Token ${node.credential}` },
    body: `gpu,gpu=0 temperature_c=60,power_w=300 ${Date.now()}\nhost uptime_s=60`,
  });
  expect(response.status).toBe(204);
}

async function refuseUpdatesOf(api: TestApi, deviceIds: string[]): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS refused_devices (id uuid PRIMARY KEY)`.execute(api.db);
  await sql`INSERT INTO refused_devices SELECT unnest(${deviceIds}::uuid[])`.execute(api.db);
  await sql`CREATE OR REPLACE FUNCTION refuse_device_update() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM refused_devices WHERE id = NEW.id) THEN
        RAISE EXCEPTION 'refused for the test';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`.execute(api.db);
  await sql`CREATE OR REPLACE TRIGGER refuse_device_update BEFORE UPDATE ON devices
    FOR EACH ROW EXECUTE FUNCTION refuse_device_update()`.execute(api.db);
}

/** Each node's first report, stored: the state a refused flush must leave as it is. */
async function reportedOnce(api: TestApi, nodes: Node[]): Promise<Map<string, Date>> {
  await Promise.all(nodes.map((node) => report(api, node)));
  await api.flush();
  const seen = new Map<string, Date>();
  for (const node of nodes) seen.set(node.id, (await lastSeen(api, node))!);
  // The next reports must be seen at a later millisecond.
  await new Promise((resolve) => setTimeout(resolve, 5));
  return seen;
}

async function lastSeen(api: TestApi, node: Node): Promise<Date | null> {
  const row = await api.db
    .selectFrom('devices')
    .select('last_seen_at')
    .where('id', '=', node.id)
    .executeTakeFirstOrThrow();
  return row.last_seen_at;
}

describe('a device-state flush that PostgreSQL refuses in part', () => {
  let api: TestApi;
  let user: TestUser;
  const { logger, lines } = capturingLogger<{ msg: string; deviceIds?: string[] }>();
  beforeAll(async () => {
    // Writes sent together land in one flush: the test's own, or the timer's a second later.
    api = await startTestApi({ DEVICE_STATE_FLUSH_MS: '1000' }, { logger });
    user = await registerUser(api.url);
  });
  afterAll(() => api.close());

  it('stores every other device, and drops and logs the one refused', async () => {
    const nodes = [
      await enrolledDevice(api.url, user, 'fine-1'),
      await enrolledDevice(api.url, user, 'broken'),
      await enrolledDevice(api.url, user, 'fine-2'),
    ];
    const [first, broken, second] = nodes as [Node, Node, Node];
    const before = await reportedOnce(api, nodes);
    await refuseUpdatesOf(api, [broken.id]);
    await Promise.all(nodes.map((node) => report(api, node)));
    await api.flush();

    expect((await lastSeen(api, first))!.getTime()).toBeGreaterThan(
      before.get(first.id)!.getTime(),
    );
    expect((await lastSeen(api, second))!.getTime()).toBeGreaterThan(
      before.get(second.id)!.getTime(),
    );
    expect(await lastSeen(api, broken)).toEqual(before.get(broken.id));
    const dropped = lines.find((line) => line.msg === 'device state could not be stored; dropped');
    expect(dropped?.deviceIds).toEqual([broken.id]);
  });

  it('keeps every device for the next flush when all of them are refused', async () => {
    const nodes = [
      await enrolledDevice(api.url, user, 'kept-1'),
      await enrolledDevice(api.url, user, 'kept-2'),
    ];
    const before = await reportedOnce(api, nodes);
    await refuseUpdatesOf(
      api,
      nodes.map((node) => node.id),
    );
    await Promise.all(nodes.map((node) => report(api, node)));
    await expect(api.flush()).rejects.toThrow('refused for the test');
    for (const node of nodes) expect(await lastSeen(api, node)).toEqual(before.get(node.id));

    await sql`DELETE FROM refused_devices`.execute(api.db);
    await api.flush();
    for (const node of nodes)
      expect((await lastSeen(api, node))!.getTime()).toBeGreaterThan(
        before.get(node.id)!.getTime(),
      );
  });
});
