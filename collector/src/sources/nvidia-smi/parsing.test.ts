import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  installFakeNvidiaSmi,
  NVIDIA_FIXTURES_DIR,
  nvidiaFixture,
} from '../../test-support/fixtures.js';
import { parseHelpQueryGpu } from './help-query-gpu.js';
import { isAbsent, parseCsvRows, parseQueryOutput } from './parse-query-output.js';
import { planQuery } from './query-plan.js';

const run = promisify(execFile);

describe('parseHelpQueryGpu', () => {
  it('reads every field name and alias from a real driver 610 help text', async () => {
    const help = await readFile(path.join(NVIDIA_FIXTURES_DIR, 'help-query-gpu.txt'), 'utf8');
    const known = parseHelpQueryGpu(help);
    for (const name of [
      'index',
      'name',
      'gpu_name',
      'clocks.current.sm',
      'clocks.sm',
      'power.draw.instant',
      'clocks_event_reasons.hw_slowdown',
      'clocks_throttle_reasons.hw_slowdown',
      'ecc.errors.uncorrected.volatile.total',
    ]) {
      expect(known, name).toContain(name);
    }
    expect([...known].some((name) => /\s/.test(name))).toBe(false);
  });

  it('plans for driver 580 (the H200 capture) only fields that driver lists', async () => {
    const help = await readFile(
      path.join(NVIDIA_FIXTURES_DIR, 'help-query-gpu_580.159.04.txt'),
      'utf8',
    );
    const known = parseHelpQueryGpu(help);
    const plan = planQuery(known);
    expect(plan.fields.filter((field) => !known.has(field))).toEqual([]);
    expect(plan.fields).toContain('clocks_event_reasons.sw_thermal_slowdown');
    expect(plan.fields.at(-1)).toBe('name');
  });

  it('plans a query of canonical names, the product name last', async () => {
    const help = await readFile(path.join(NVIDIA_FIXTURES_DIR, 'help-query-gpu.txt'), 'utf8');
    const plan = planQuery(parseHelpQueryGpu(help));
    expect(plan.fields).toContain('clocks.current.sm');
    expect(plan.fields).not.toContain('clocks.sm');
    expect(plan.fields).toContain('clocks_event_reasons.hw_power_brake_slowdown');
    expect(plan.fields.at(-1)).toBe('name');
    expect(new Set(plan.fields).size).toBe(plan.fields.length);
  });
});

describe('parseCsvRows and absent values', () => {
  it.each([
    ['[N/A]', true],
    ['[Not Supported]', true],
    ['[Unknown Error]', true],
    ['[Insufficient Permissions]', true],
    ['[Requested functionality has been deprecated]', true],
    ['N/A', true],
    ['', true],
    ['  ', true],
    ['0', false],
    ['0.00', false],
    ['Not Active', false],
  ])('%j is absent: %s', (cell, absent) => {
    expect(isAbsent(cell)).toBe(absent);
  });

  it('keeps extra commas in the last column and handles CRLF', () => {
    expect(parseCsvRows('0, 45, Card, with comma\r\n1, [N/A], Plain\r\n', 3)).toEqual([
      ['0', '45', 'Card, with comma'],
      ['1', '[N/A]', 'Plain'],
    ]);
  });

  it('never turns an unreadable value into 0 and keeps a real 0', () => {
    const values: Record<string, string> = {
      index: '0',
      'temperature.gpu': '[N/A]',
      'fan.speed': '0',
      'utilization.gpu': '[Not Supported]',
    };
    const plan = planQuery(new Set(Object.keys(values)));
    const row = plan.fields.map((field) => values[field]).join(', ');
    const [gpu] = parseQueryOutput(`${row}\n`, plan);
    expect(gpu?.reading.floats).toEqual({ fan_pct: 0 });
  });

  it('falls back to power.draw.instant when power.draw is unreadable', () => {
    const values: Record<string, string> = {
      'power.draw': '[N/A]',
      'power.draw.instant': '123.45',
      'power.limit': '300.00',
    };
    const plan = planQuery(new Set(Object.keys(values)));
    const row = plan.fields.map((field) => values[field]).join(', ');
    const [gpu] = parseQueryOutput(`${row}\n`, plan);
    expect(gpu?.reading.floats).toEqual({
      power_w: 123.45,
      power_limit_w: 300,
      power_draw_instant_w: 123.45,
    });
  });

  it('sums the slowdown counters of one reason, skipping the ones a GPU cannot read', () => {
    const values: Record<string, string> = {
      'clocks_event_reasons_counters.sw_thermal_slowdown': '1500',
      'clocks_event_reasons_counters.hw_thermal_slowdown': '250',
      'clocks_event_reasons_counters.sw_power_cap': '[N/A]',
      'clocks_event_reasons_counters.hw_power_brake_slowdown': '40',
      pstate: 'P8',
    };
    const plan = planQuery(new Set(Object.keys(values)));
    expect(plan.fields).not.toContain('clocks_event_reasons_counters.hw_slowdown');
    const row = plan.fields.map((field) => values[field]).join(', ');
    const [gpu] = parseQueryOutput(`${row}\n`, plan);
    expect(gpu?.reading.ints).toEqual({
      throttle_thermal_us: 1750,
      throttle_hw_us: 40,
      pstate: 8,
    });
  });

  it.each(['[N/A]', 'P', 'P100', '8'])('reads no P-state from %j', (cell) => {
    const plan = planQuery(new Set(['pstate']));
    expect(parseQueryOutput(`${cell}\n`, plan)[0]?.reading.ints).toEqual({});
  });
});

describe('the fake nvidia-smi', () => {
  it('rejects the whole query for one unknown field, as a driver does', async () => {
    const fake = await installFakeNvidiaSmi(nvidiaFixture('quadro-p400_418.43_xml'));
    try {
      const failure = await run(fake.binary, [
        '--query-gpu=index,clocks_event_reasons.hw_slowdown',
        '--format=csv,noheader,nounits',
      ]).catch((error: { code: number; stdout: string }) => error);
      expect(failure).toMatchObject({
        code: 2,
        stdout: expect.stringContaining(
          'Field "clocks_event_reasons.hw_slowdown" is not a valid field to query.',
        ),
      });
    } finally {
      await fake.cleanup();
    }
  });
});
