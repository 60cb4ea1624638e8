import { describe, expect, it } from 'vitest';
import {
  CHARTS,
  chartFrames,
  latestPerGpu,
  mergeSample,
  pointCount,
  seriesLabel,
  summarizeSample,
  type ChartSpec,
} from './metrics-frames';
import type { DeviceSample, MetricSeries } from './types';

const T0 = Date.parse('2026-11-25T12:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const chart = (id: ChartSpec['id']) => CHARTS.find((spec) => spec.id === id)!;

function series(
  name: string,
  gpu: string | undefined,
  points: Array<[number, number]>,
): MetricSeries {
  const unit =
    { temperature: '°C', power: 'W', utilization: '%', rxRate: 'B/s', txRate: 'B/s' }[name] ?? '';
  return {
    name,
    unit,
    ...(gpu === undefined ? {} : { gpu }),
    points: points.map(([seconds, value]) => [at(seconds), value]),
  };
}

function sample(seconds: number, gpus: DeviceSample['gpus']): DeviceSample {
  return { deviceId: 'd1', at: at(seconds), gpus };
}

describe('seriesLabel', () => {
  it.each([
    [{ name: 'temperature', gpu: '0' }, 'GPU 0'],
    [{ name: 'power', gpu: '11' }, 'GPU 11'],
    [{ name: 'rxRate' }, 'Received'],
    [{ name: 'txRate' }, 'Transmitted'],
    [{ name: 'somethingNew' }, 'somethingNew'],
  ])('%o → %s', (input, label) => {
    expect(seriesLabel(input)).toBe(label);
  });
});

describe('chartFrames', () => {
  const all = [
    series('temperature', '10', [[0, 60]]),
    series('temperature', '2', [
      [0, 70],
      [10, 71],
    ]),
    series('power', '0', [[0, 300]]),
    series('txRate', undefined, [[0, 5]]),
    series('rxRate', undefined, [
      [0, 1],
      [10, 2],
    ]),
  ];

  it.each([
    { id: 'temperature', names: ['GPU 2', 'GPU 10'], unit: 'celsius', points: 3 },
    { id: 'power', names: ['GPU 0'], unit: 'watt', points: 1 },
    { id: 'traffic', names: ['Received', 'Transmitted'], unit: 'Bps', points: 3 },
    { id: 'fan', names: [], unit: 'percent', points: 0 },
  ] as const)('$id: one frame per series, in legend order', ({ id, names, unit, points }) => {
    const frames = chartFrames(all, chart(id));
    expect(frames.map((frame) => frame.name)).toEqual(names);
    for (const frame of frames) expect(frame.fields[1]?.config.unit).toBe(unit);
    expect(pointCount(all, chart(id))).toBe(points);
  });

  it('puts times as epoch milliseconds and values beside them', () => {
    const [frame] = chartFrames(all, chart('temperature'));
    expect(frame?.fields.map((field) => field.type)).toEqual(['time', 'number']);
    expect(frame?.fields[0]?.values).toEqual([T0, T0 + 10_000]);
    expect(frame?.fields[1]?.values).toEqual([70, 71]);
    expect(frame?.fields[1]?.labels).toEqual({ gpu: '2' });
    expect(frame?.length).toBe(2);
  });

  it('bounds percentages to 0–100 and leaves temperatures free', () => {
    const utilization = chartFrames([series('utilization', '0', [[0, 5]])], chart('utilization'));
    expect(utilization[0]?.fields[1]?.config).toMatchObject({ min: 0, max: 100 });
    const temperature = chartFrames(all, chart('temperature'));
    expect(temperature[0]?.fields[1]?.config.min).toBeUndefined();
  });
});

describe('mergeSample', () => {
  const window = { stepMs: 10_000, windowStartMs: T0 };

  it.each([
    {
      name: 'appends a sample one step after the last point',
      before: [series('temperature', '0', [[0, 60]])],
      sample: sample(10, [{ index: 0, temperatureC: 65 }]),
      after: { 'temperature/0': [60, 65] },
    },
    {
      name: 'skips a sample closer than a step to the last point',
      before: [series('temperature', '0', [[0, 60]])],
      sample: sample(5, [{ index: 0, temperatureC: 65 }]),
      after: { 'temperature/0': [60] },
    },
    {
      name: 'extends each reported field of each GPU',
      before: [
        series('temperature', '0', [[0, 60]]),
        series('power', '0', [[0, 300]]),
        series('utilization', '1', [[0, 50]]),
      ],
      sample: sample(20, [
        { index: 0, temperatureC: 61, powerW: 310 },
        { index: 1, utilizationPct: 55 },
      ]),
      after: { 'temperature/0': [60, 61], 'power/0': [300, 310], 'utilization/1': [50, 55] },
    },
    {
      name: 'starts a series for a GPU the range had no data for',
      before: [series('temperature', '0', [[0, 60]])],
      sample: sample(20, [{ index: 1, temperatureC: 40 }]),
      after: { 'temperature/0': [60], 'temperature/1': [40] },
    },
    {
      name: 'drops points that slid out of the window, host series too',
      before: [
        series('temperature', '0', [
          [-20, 50],
          [-10, 55],
          [0, 60],
        ]),
        series('rxRate', undefined, [
          [-10, 1],
          [0, 2],
        ]),
      ],
      sample: sample(10, [{ index: 0, temperatureC: 65 }]),
      after: { 'temperature/0': [60, 65], 'rxRate/-': [2] },
    },
  ])('$name', ({ before, sample: live, after }) => {
    const merged = mergeSample(before, live, window);
    const values = Object.fromEntries(
      merged.map((entry) => [`${entry.name}/${entry.gpu ?? '-'}`, entry.points.map(([, v]) => v)]),
    );
    expect(values).toEqual(after);
  });

  it('returns the same array when nothing changed, so the charts do not redraw', () => {
    const before = [series('temperature', '0', [[0, 60]])];
    expect(mergeSample(before, sample(5, [{ index: 0, temperatureC: 65 }]), window)).toBe(before);
    expect(mergeSample(before, sample(20, [{ index: 0 }]), window)).toBe(before);
    expect(mergeSample(before, { deviceId: 'd1', at: 'garbage', gpus: [] }, window)).toBe(before);
  });

  it('does not modify the series it was given', () => {
    const before = [series('temperature', '0', [[0, 60]])];
    const snapshot = structuredClone(before);
    mergeSample(before, sample(10, [{ index: 0, temperatureC: 65 }]), window);
    expect(before).toEqual(snapshot);
  });
});

describe('latestPerGpu', () => {
  it.each([
    {
      name: 'takes the last point of each series',
      series: [
        series('temperature', '0', [
          [0, 60],
          [10, 62],
        ]),
        series('memory', '0', [[10, 1024]]),
        series('fan', '1', [[10, 40]]),
        series('rxRate', undefined, [[10, 99]]),
      ],
      sample: undefined,
      expected: [
        [0, { temperature: 62, memory: 1024 }],
        [1, { fan: 40 }],
      ],
    },
    {
      name: 'a newer live sample wins, fields it lacks stay',
      series: [series('temperature', '0', [[10, 62]]), series('fan', '0', [[10, 40]])],
      sample: sample(15, [{ index: 0, temperatureC: 70, powerW: 300 }]),
      expected: [[0, { temperature: 70, power: 300, fan: 40 }]],
    },
    {
      name: 'an older live sample does not overwrite a newer point',
      series: [series('temperature', '0', [[10, 62]])],
      sample: sample(5, [{ index: 0, temperatureC: 70 }]),
      expected: [[0, { temperature: 62 }]],
    },
    {
      name: 'a sample alone is enough',
      series: [],
      sample: sample(0, [{ index: 3, utilizationPct: 99 }]),
      expected: [[3, { utilization: 99 }]],
    },
  ])('$name', ({ series: input, sample: live, expected }) => {
    expect([...latestPerGpu(input, live)]).toEqual(expected);
  });
});

describe('summarizeSample', () => {
  it.each([
    {
      name: 'hottest, summed, mean',
      gpus: [
        { index: 0, temperatureC: 60, powerW: 300, utilizationPct: 100 },
        { index: 1, temperatureC: 80, powerW: 250.5, utilizationPct: 50 },
      ],
      expected: { temperature: 80, powerW: 550.5, utilization: 75 },
    },
    {
      name: 'fields no GPU reports stay unknown',
      gpus: [{ index: 0, temperatureC: 60 }, { index: 1 }],
      expected: { temperature: 60, powerW: undefined, utilization: undefined },
    },
    {
      name: 'no GPUs',
      gpus: [],
      expected: { temperature: undefined, powerW: undefined, utilization: undefined },
    },
  ])('$name', ({ gpus, expected }) => {
    expect(summarizeSample(sample(0, gpus))).toEqual(expected);
  });
});
