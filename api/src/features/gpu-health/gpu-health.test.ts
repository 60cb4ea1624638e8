import { randomUUID } from 'node:crypto';
import { MEASUREMENTS } from '@ioworker/contract/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { pcieLink } from './gpu-health.js';

const MINUTE_S = 60;
const STEP_S = 10 * MINUTE_S;
const DAY_S = 86_400;

/** The `gpu` line of an H200 as the collector writes it from driver 580, plus its Xids. */
function h200Line(fields: Record<string, number>, timeS: number): string {
  const body = Object.entries(fields)
    .map(([name, value]) => {
      const type = MEASUREMENTS.gpu.fields[name as keyof typeof MEASUREMENTS.gpu.fields].type;
      return `${name}=${value}${type === 'int' ? 'i' : ''}`;
    })
    .join(',');
  return `gpu,gpu=0,uuid=GPU-946656f8,model=NVIDIA\\ H200 ${body} ${timeS}`;
}

let api: TestApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
});

afterAll(async () => {
  await api?.close();
});

async function writeLines(credential: string, lines: string[]) {
  const written = await request(api.url, 'POST', '/api/v2/write?precision=s', {
    deviceToken: credential,
    rawBody: lines.join('\n'),
    headers: { 'content-type': 'text/plain' },
  });
  expect(written.status, JSON.stringify(written.body)).toBe(204);
}

describe('GET /v1/devices/:id/health', () => {
  it('stores the health fields the gateway takes with their schema types', async () => {
    const device = await enrolledDevice(api.url, user, 'types');
    const nowS = Math.floor(Date.now() / 1000);
    await writeLines(device.credential, [
      h200Line(
        {
          temperature_c: 62,
          memory_temperature_c: 52,
          temperature_limit_margin_c: 25,
          power_draw_instant_w: 702.77,
          encoder_pct: 0,
          decoder_pct: 0,
          pstate: 0,
          pcie_link_gen: 5,
          pcie_link_gen_max: 5,
          pcie_link_width: 16,
          pcie_link_width_max: 16,
          throttle_power_us: 20944197,
          throttle_thermal_us: 0,
          throttle_hw_us: 0,
          remapped_rows_uncorrectable: 0,
          xid_last: 79,
        },
        nowS,
      ),
    ]);
    const [keys] = await api.influx('SHOW FIELD KEYS FROM "gpu"');
    const stored = new Map(keys!.values.map(([name, type]) => [name, type]));
    expect(stored.get('memory_temperature_c')).toBe('float');
    expect(stored.get('power_draw_instant_w')).toBe('float');
    for (const name of ['pstate', 'pcie_link_width_max', 'throttle_power_us', 'xid_last']) {
      expect(stored.get(name), name).toBe('integer');
    }
  });

  it('reports each GPU over the last 24 h: headroom, throttled shares, PCIe, Xids', async () => {
    const device = await enrolledDevice(api.url, user, 'h200-node');
    const nowS = Math.floor(Date.now() / 1000);
    const firstS = nowS - 23 * 3600;
    const lines: string[] = [];
    // Outside the window: its counters must not count.
    lines.push(h200Line({ temperature_c: 40, throttle_power_us: 0 }, nowS - 25 * 3600));
    let power = 9e9;
    let thermal = 0;
    let thermalHeld = 0;
    const samples = 23 * 6 + 1;
    for (let i = 0; i < samples; i += 1) {
      // A quarter of every 10 minutes at the power cap.
      if (i > 0) power += (STEP_S * 1e6) / 4;
      // The driver reloads half-way: its counters start again from 0 (4 minutes held since).
      if (i === 70) {
        thermal = 240e6;
        thermalHeld += 240e6;
      } else if (i > 0) {
        thermal += 6e6;
        thermalHeld += 6e6;
      }
      lines.push(
        h200Line(
          {
            temperature_c: 60 + (i % 5),
            utilization_pct: 100,
            memory_temperature_c: 52,
            temperature_limit_margin_c: 25,
            pstate: 0,
            pcie_link_gen: 5,
            pcie_link_gen_max: 5,
            pcie_link_width: 8,
            pcie_link_width_max: 16,
            throttle_power_us: power,
            throttle_thermal_us: thermal,
            throttle_hw_us: 0,
            remapped_rows_uncorrectable: 1,
            xid_errors: i < 100 ? 1 : 3,
            xid_last: i < 100 ? 13 : 79,
          },
          firstS + i * STEP_S,
        ),
      );
    }
    // An older card on the same node: nothing but the basics.
    lines.push(`gpu,gpu=1,model=Quadro\\ P400 temperature_c=33,utilization_pct=0 ${nowS - 60}`);
    await writeLines(device.credential, lines);

    const reply = await request(api.url, 'GET', `/v1/devices/${device.id}/health`, {
      bearer: user.token,
    });
    expect(reply.status).toBe(200);
    const { from, to, gpus } = reply.body;
    expect(Date.parse(to) - Date.parse(from)).toBe(DAY_S * 1000);
    expect(gpus.map((gpu: { index: number }) => gpu.index)).toEqual([0, 1]);
    const [h200, quadro] = gpus;
    expect(h200).toMatchObject({
      uuid: 'GPU-946656f8',
      model: 'NVIDIA H200',
      sampledAt: new Date((firstS + (samples - 1) * STEP_S) * 1000).toISOString(),
      thermalHeadroomC: 25,
      memoryTemperatureC: 52,
      pstate: 0,
      pcie: { gen: 5, genMax: 5, width: 8, widthMax: 16, belowMax: true },
      remappedRowsUncorrectable: 1,
      throttled: {
        powerCap: Math.round((((samples - 1) * STEP_S) / 4 / DAY_S) * 10_000) / 10_000,
        thermal: Math.round((thermalHeld / 1e6 / DAY_S) * 10_000) / 10_000,
        hardware: 0,
      },
      xid: { sinceBoot: 3 },
    });
    expect(h200.throttled.powerCap).toBeCloseTo(0.2396, 4);
    expect(h200.xid.latest.map((xid: { xid: number }) => xid.xid)).toEqual([79, 13]);
    expect(h200.xid.latest[0]).toMatchObject({
      name: 'GPU has fallen off the bus',
      severity: 'check_hardware',
      source: expect.stringMatching(/^https:\/\/docs\.nvidia\.com\//),
    });
    expect(quadro).toEqual({
      index: 1,
      uuid: null,
      model: 'Quadro P400',
      sampledAt: new Date((nowS - 60) * 1000).toISOString(),
      temperatureC: 33,
      thermalHeadroomC: null,
      memoryTemperatureC: null,
      pstate: null,
      pcie: { gen: null, genMax: null, width: null, widthMax: null, belowMax: null },
      throttled: { powerCap: null, thermal: null, hardware: null },
      remappedRowsUncorrectable: null,
      xid: { sinceBoot: null, latest: [] },
    });
  });

  it('answers an empty list for a device that has not reported in 24 h', async () => {
    const device = await enrolledDevice(api.url, user, 'quiet');
    const reply = await request(api.url, 'GET', `/v1/devices/${device.id}/health`, {
      bearer: user.token,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.gpus).toEqual([]);
  });

  it("is 404 for another account's device and for an unknown one", async () => {
    const device = await enrolledDevice(api.url, user, 'mine');
    const stranger = await registerUser(api.url);
    for (const id of [device.id, randomUUID()]) {
      const reply = await request(api.url, 'GET', `/v1/devices/${id}/health`, {
        bearer: stranger.token,
      });
      expect(reply.status).toBe(404);
    }
  });
});

describe('pcieLink', () => {
  const link = { pcie_link_gen_max: 4, pcie_link_width: 16, pcie_link_width_max: 16 };

  it('does not flag the lower link speed of an idle GPU, which saves power', () => {
    expect(pcieLink({ ...link, pcie_link_gen: 1, pstate: 8, utilization_pct: 0 }).belowMax).toBe(
      false,
    );
  });

  it('flags a lower link speed while the GPU works, and a narrower link always', () => {
    expect(pcieLink({ ...link, pcie_link_gen: 3, utilization_pct: 90 }).belowMax).toBe(true);
    expect(
      pcieLink({ ...link, pcie_link_gen: 4, pcie_link_width: 8, utilization_pct: 0 }).belowMax,
    ).toBe(true);
  });
});
