import { describe, expect, it } from 'vitest';
import { parseLine } from '../test-support/line-protocol.js';
import { encodeLines } from './encode-lines.js';
import {
  addAgentHealth,
  gpuPoint,
  hostPoint,
  intValue,
  servicePoint,
  setField,
  setTag,
} from './points.js';

const TIME = new Date(1_767_225_600_000);

describe('encodeLines', () => {
  it('writes a gpu line: tags sorted, floats bare, ints with `i`, the time in ms', () => {
    const point = gpuPoint(
      {
        index: 3,
        uuid: 'GPU-1',
        model: 'NVIDIA H200',
        floats: { temperature_c: 61.5, power_w: 412 },
        ints: { throttled: 0, energy_mj: 9_007_199_254_740_000 },
      },
      TIME,
    );
    expect(encodeLines([point])).toEqual([
      'gpu,gpu=3,model=NVIDIA\\ H200,uuid=GPU-1 temperature_c=61.5,power_w=412,' +
        'throttled=0i,energy_mj=9007199254740000i 1767225600000',
    ]);
  });

  it('leaves out what the hardware did not report, or reported as no number', () => {
    const point = gpuPoint(
      {
        index: 0,
        floats: { temperature_c: Number.NaN, power_w: Infinity, fan_pct: 40 },
        ints: { throttled: 0.5, ecc_errors: 2 ** 63 },
      },
      TIME,
    );
    expect(encodeLines([point])).toEqual(['gpu,gpu=0 fan_pct=40 1767225600000']);
  });

  it('skips a point without fields', () => {
    expect(encodeLines([gpuPoint({ index: 0, floats: {}, ints: {} }, TIME)])).toEqual([]);
  });

  it('writes tags the gateway stores as they stand: printable, trimmed, cut to 128', () => {
    const model = ` NVIDIA\tH200\u0085 ${'x'.repeat(200)}`;
    const [line] = encodeLines([
      gpuPoint({ index: 0, model, uuid: 'GPU-1\\', floats: { power_w: 1 }, ints: {} }, TIME),
    ]);
    const { tags } = parseLine(line!);
    expect(tags.uuid).toBe('GPU-1');
    expect(tags.model).toMatch(/^NVIDIA H200 {2}x+$/);
    expect(tags.model).toHaveLength(128);
  });

  it('writes the host line with the agent health, each field once', () => {
    const host = hostPoint({ uptime_s: 10, rx_bytes: 5, tx_bytes: 6 }, TIME);
    addAgentHealth(host, { intervalS: 1, collectMs: 2.345, bufferedPoints: 7, agentVersion: '1' });
    addAgentHealth(host, { intervalS: 10, droppedPoints: 0, agentVersion: '1 "b"' });
    expect(encodeLines([host])).toEqual([
      'host uptime_s=10,rx_bytes=5i,tx_bytes=6i,interval_s=10,collect_ms=2.3,' +
        'buffered_points=7i,agent_version="1 \\"b\\"",dropped_points=0i 1767225600000',
    ]);
  });

  it('writes services, and tags and fields set afterwards', () => {
    const point = setTag(servicePoint('docker', true, TIME), 'device', 'dev 1');
    setField(setTag(point, 'name', 'api'), 'up', intValue(0));
    expect(encodeLines([point, servicePoint('nvidia_driver', false, TIME)])).toEqual([
      'service,device=dev\\ 1,name=api up=0i 1767225600000',
      'service,name=nvidia_driver up=0i 1767225600000',
    ]);
  });
});
