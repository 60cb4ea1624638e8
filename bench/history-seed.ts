// History for the read benchmarks: lines written straight to influxd (as if collected long
// ago), a device to read them through, and the wait for the API's rollups to catch up.
import pg from 'pg';
import { registerBenchUser } from './support.js';

const LINES_PER_WRITE = 5000;

/** Every line into the `ioworker` database, 5,000 a request: how many were written. */
export async function writeLinesToInflux(
  influxUrl: string,
  lines: Iterable<string>,
): Promise<number> {
  let batch: string[] = [];
  let written = 0;
  const flush = async () => {
    const response = await fetch(`${influxUrl}/write?db=ioworker&precision=s`, {
      method: 'POST',
      body: batch.join('\n'),
    });
    if (response.status !== 204)
      throw new Error(`write: ${response.status} ${await response.text()}`);
    written += batch.length;
    batch = [];
  };
  for (const line of lines) {
    batch.push(line);
    if (batch.length === LINES_PER_WRITE) await flush();
  }
  if (batch.length > 0) await flush();
  return written;
}

/** A signed-up account with one device: its session token and the device's id. */
export async function benchDevice(apiUrl: string, email: string, name: string) {
  const { token } = await registerBenchUser(apiUrl, email);
  const created = await fetch(`${apiUrl}/v1/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, os: 'ubuntu' }),
  });
  const { device } = (await created.json()) as { device: { id: string } };
  return { token, deviceId: device.id };
}

/** Until each named rollup policy's watermark is at most its seconds behind now. */
export async function waitForRollups(
  postgresUrl: string,
  maxBehindS: Record<string, number>,
): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ policy: string; behind_s: number }>(
        `SELECT policy, extract(epoch FROM now() - computed_until)::float AS behind_s FROM metric_rollup_watermarks`,
      );
      const behind = new Map(rows.map((row) => [row.policy, row.behind_s]));
      const current = Object.entries(maxBehindS).every(
        ([policy, limit]) => (behind.get(policy) ?? Infinity) < limit,
      );
      if (current) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await client.end();
  }
}
