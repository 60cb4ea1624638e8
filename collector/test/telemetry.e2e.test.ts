import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiRequest,
  collectorWorkspace,
  influxQuery,
  startApiProcess,
  stopChild,
  waitFor,
} from '@ioworker/tools/test/stack';

// A real API process, the run's real PostgreSQL and influxd, and the collector as a process.
let api: Awaited<ReturnType<typeof startApiProcess>>;
let token: string;

beforeAll(async () => {
  api = await startApiProcess();
  const registered = await apiRequest(api.url, 'POST', '/v1/auth/register', undefined, {
    email: `e2e-${Date.now()}@example.com`,
    password: 'e2e password 123',
  });
  token = registered.body!.token as string;
}, 60_000);
afterAll(() => api.stop());

async function newEnrolledCollector(name: string) {
  const created = await apiRequest(api.url, 'POST', '/v1/devices', token, { name, os: 'ubuntu' });
  const device = created.body!.device as { id: string };
  const enrollment = created.body!.enrollment as { token: string };
  const workspace = collectorWorkspace();
  const enrolled = await workspace.enroll(api.url, enrollment.token);
  expect(enrolled.code, enrolled.output).toBe(0);
  expect(enrolled.output).not.toContain(enrollment.token);
  return { deviceId: device.id, workspace };
}

/** Host sample times (ms) in InfluxDB for a device between two instants. */
async function sampleTimes(deviceId: string, fromMs: number, toMs: number): Promise<number[]> {
  const series = await influxQuery(
    api.influxDb,
    `SELECT "interval_s" FROM "host" WHERE "device" = '${deviceId}' AND time >= ${fromMs}ms AND time <= ${toMs}ms`,
  );
  return (series[0]?.values ?? []).map((row) => Number(row[0]));
}

function largestGapMs(times: number[]): number {
  let largest = 0;
  for (let index = 1; index < times.length; index += 1)
    largest = Math.max(largest, times[index]! - times[index - 1]!);
  return largest;
}

describe('collector → API → InfluxDB, end to end', () => {
  it('enrols, runs, and within 5 s the device is online with per-GPU metrics and live samples', async () => {
    const { deviceId, workspace } = await newEnrolledCollector('e2e-live');
    const events = new AbortController();
    const received: string[] = [];
    void fetch(`${api.url}/v1/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: events.signal,
    })
      .then(async (response) => {
        for await (const chunk of response.body!.pipeThrough(new TextDecoderStream()))
          received.push(chunk);
      })
      .catch(() => undefined);
    const started = Date.now();
    const collector = workspace.run();
    try {
      await waitFor(
        'the device online',
        async () => {
          const device = await apiRequest(api.url, 'GET', `/v1/devices/${deviceId}`, token);
          return device.body?.status === 'online' ? device : undefined;
        },
        5000,
      );
      expect(Date.now() - started).toBeLessThan(5000 + 2000);
      const metrics = await waitFor(
        'temperature and power per GPU',
        async () => {
          const reply = await apiRequest(
            api.url,
            'GET',
            `/v1/devices/${deviceId}/metrics?from=${new Date(started - 5000).toISOString()}&step=1s`,
            token,
          );
          const series = (reply.body?.series ?? []) as {
            name: string;
            gpu?: string;
            points: unknown[];
          }[];
          const ready = ['temperature', 'power'].every(
            (name) =>
              series.filter((item) => item.name === name && item.points.length > 0).length === 2,
          );
          return ready ? series : undefined;
        },
        5000,
      );
      expect(metrics.filter((item) => item.name === 'temperature').map((item) => item.gpu)).toEqual(
        ['0', '1'],
      );
      await waitFor(
        'a device.sample event',
        async () => (received.join('').includes('event: device.sample') ? true : undefined),
        5000,
      );
      const device = await apiRequest(api.url, 'GET', `/v1/devices/${deviceId}`, token);
      expect(device.body).toMatchObject({
        status: 'online',
        temperature: expect.any(Number),
        powerW: expect.any(Number),
      });
      expect((device.body!.gpus as unknown[]).length).toBe(2);
    } finally {
      events.abort();
      expect(await stopChild(collector.child)).toBe(0);
    }
  }, 30_000);
});

describe('no sample is lost while the API is down', () => {
  it('backfills a 30 s outage, from a collector that kept running and from one restarted during it', async () => {
    // Both at once against one outage: the same proof in half the time.
    const steady = await newEnrolledCollector('e2e-outage-steady');
    const restarted = await newEnrolledCollector('e2e-outage-restarted');
    const steadyRun = steady.workspace.run();
    let restartedRun = restarted.workspace.run();
    try {
      for (const { deviceId } of [steady, restarted]) {
        await waitFor(
          'first samples',
          async () => ((await sampleTimes(deviceId, 0, Date.now())).length >= 2 ? true : undefined),
          10_000,
        );
      }
      const outageStart = Date.now();
      await api.stop();
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      expect(await stopChild(restartedRun.child), restartedRun.output()).toBe(0);
      restartedRun = restarted.workspace.run();
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      const outageEnd = Date.now();
      await api.restart();
      // A restarted collector leaves the seconds it is not running unsampled; nothing else may be missing.
      for (const [{ deviceId }, allowedGapMs] of [
        [steady, 2500],
        [restarted, 8000],
      ] as const) {
        const times = await waitFor(
          'the outage to be backfilled',
          async () => {
            const found = await sampleTimes(deviceId, outageStart - 2000, outageEnd + 2000);
            return found.length > 0 &&
              found.at(-1)! >= outageEnd &&
              largestGapMs(found) < allowedGapMs
              ? found
              : undefined;
          },
          60_000,
        );
        expect(times.at(0)!).toBeLessThanOrEqual(outageStart);
        expect(largestGapMs(times)).toBeLessThan(allowedGapMs);
        const missed = Math.ceil(allowedGapMs / 1000);
        expect(times.length).toBeGreaterThanOrEqual(
          Math.floor((outageEnd - outageStart) / 1000) - missed,
        );
      }
    } finally {
      await Promise.all([stopChild(steadyRun.child), stopChild(restartedRun.child)]);
    }
  }, 150_000);
});
