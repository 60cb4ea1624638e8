import { formatLine, scanLineProtocol } from '@ioworker/contract/line-protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { OutgoingLines, pointAsWritten } from './as-written.js';

/** The bytes a one-line body is forwarded as, or undefined when it is re-written instead. */
function forwarded(line: string): string | undefined {
  const bytes = Buffer.from(line);
  const body = { text: line, bytes, ascii: bytes.length === line.length };
  const lines = new OutgoingLines(body, 'dev-1');
  let asWritten = true;
  scanLineProtocol(line, (point, span) => {
    if (pointAsWritten(line, point, span, 'dev-1')) lines.forward(span);
    else asWritten = false;
  });
  return asWritten ? lines.bytes().toString() : undefined;
}

describe('pointAsWritten: which lines are forwarded as their bytes', () => {
  it('forwards a line already in its stored form, the device tag added after its own', () => {
    const line =
      'gpu,gpu=0,uuid=GPU-a,model=NVIDIA\\ GeForce\\ RTX\\ 4090 temperature_c=61.5,throttled=0i 5';
    expect(forwarded(`${line}   `)).toBe(
      'gpu,gpu=0,uuid=GPU-a,model=NVIDIA\\ GeForce\\ RTX\\ 4090,device=dev-1 temperature_c=61.5,throttled=0i 5\n',
    );
    expect(forwarded('host uptime_s=1,agent_version="1.2.3" 5')).toBe(
      'host,device=dev-1 uptime_s=1,agent_version="1.2.3" 5\n',
    );
    expect(forwarded('gpu,gpu=0,model=GeForce\\ für\\ Büro temperature_c=1 5')).toBe(
      'gpu,gpu=0,model=GeForce\\ für\\ Büro,device=dev-1 temperature_c=1 5\n',
    );
  });

  it.each([
    ['no timestamp', 'gpu,gpu=0 temperature_c=61.5'],
    ['a device tag of its own', 'gpu,gpu=0,device=other temperature_c=61.5 5'],
    ['an unknown tag', 'gpu,gpu=0,rack=7 temperature_c=61.5 5'],
    ['an unknown field', 'gpu,gpu=0 temperature_c=61.5,mystery=1 5'],
    ['an int where a float is stored', 'gpu,gpu=0 power_w=300i 5'],
    ['a bool or uint', 'gpu,gpu=0 throttled=true 5'],
    ['a repeated field', 'gpu,gpu=0 temperature_c="hot",temperature_c=61.5 5'],
    ['a GPU index that is normalised', 'gpu,gpu=01 temperature_c=61.5 5'],
    ['a required tag missing', 'gpu temperature_c=61.5 5'],
    ['a quote InfluxDB 1.x would unescape', 'gpu,gpu=0,model=A\\"B temperature_c=61.5 5'],
    ['a backslash in a tag', 'gpu,gpu=0,model=A\\\\B temperature_c=61.5 5'],
    ['an escaped string value', 'host agent_version="1\\n2" 5'],
    ['a Telegraf measurement', 'nvidia_smi,index=0 temperature_gpu=61 5'],
  ])('re-writes a line with %s', (_, line) => {
    expect(forwarded(line)).toBeUndefined();
  });
});

describe('POST /api/v2/write: forwarded lines are stored exactly as re-written ones', () => {
  let api: TestApi;
  const credentials: Record<'forwarded' | 'rewritten', { id: string; credential: string }> =
    {} as never;

  beforeAll(async () => {
    api = await startTestApi({ LOG_LEVEL: 'error' });
    const user = await registerUser(api.url);
    for (const name of ['forwarded', 'rewritten'] as const) {
      const created = await createDevice(api.url, user, name);
      const { credential } = (await enroll(api.url, created.enrollment.token)).body;
      credentials[name] = { id: created.device.id, credential };
    }
  });
  afterAll(() => api.close());

  const NS_PER_UNIT = { s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n } as const;
  const name = fc.stringMatching(/^[A-Za-z0-9 ,=_.-]{1,20}$/);
  const gpuPoint = fc.record({
    gpu: fc.integer({ min: 0, max: 7 }),
    uuid: fc.stringMatching(/^GPU-[a-f0-9]{1,8}$/),
    model: name,
    temperature: fc.double({ min: -50, max: 150, noNaN: true }),
    throttled: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    ageS: fc.integer({ min: 0, max: 3000 }),
  });

  async function stored(deviceId: string) {
    const series = await api.influx(
      `SELECT "temperature_c", "throttled", "model", "uuid" FROM "gpu" WHERE "device" = '${deviceId}' GROUP BY "gpu"`,
    );
    return series.map(({ tags, values }) => ({ tags, values }));
  }

  it('in every precision, tag escapes and value ranges included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('s', 'ms', 'us' as const),
        fc.uniqueArray(gpuPoint, { minLength: 1, maxLength: 6, selector: (p) => p.gpu }),
        async (precision, points) => {
          await api.influx('DROP SERIES FROM "gpu"');
          const nowMs = Math.floor(Date.now() / 1000) * 1000;
          const lines = (extraTags: [string, string][]) =>
            points
              .map((point) =>
                formatLine({
                  measurement: 'gpu',
                  tags: [
                    ['gpu', String(point.gpu)],
                    ['uuid', point.uuid],
                    ['model', point.model],
                    ...extraTags,
                  ],
                  fields: [
                    ['temperature_c', { type: 'float', value: point.temperature }],
                    ['throttled', { type: 'int', value: point.throttled }],
                  ],
                  timestamp:
                    (BigInt(nowMs - point.ageS * 1000) * 1_000_000n) / NS_PER_UNIT[precision],
                }),
              )
              .join('\n');
          for (const [kind, body] of [
            ['forwarded', lines([])],
            ['rewritten', lines([['rack', '7']])],
          ] as const) {
            const response = await fetch(
              `${api.url}/api/v2/write?bucket=ioworker&precision=${precision}`,
              {
                method: 'POST',
                headers: { authorization: `Token ${credentials[kind].credential}` },
                body,
              },
            );
            expect(response.status, await response.text()).toBe(204);
          }
          const forwardedRows = await stored(credentials.forwarded.id);
          expect(forwardedRows).toHaveLength(points.length);
          const times = forwardedRows.flatMap(({ values }) => values.map((row) => row[0]));
          expect(times.sort()).toEqual(points.map((point) => nowMs - point.ageS * 1000).sort());
          expect(forwardedRows).toEqual(await stored(credentials.rewritten.id));
        },
      ),
      { numRuns: 25 },
    );
  });
});
