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
import type { CommandRunner } from '../../lib/run-command.js';
import { countXidErrors, createJournalXidReader, normalizeBusId } from './xid-log.js';

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
    expect(gpu?.reading.floats).toEqual({ power_w: 123.45, power_limit_w: 300 });
  });
});

describe('Xid errors from the kernel log', () => {
  it('matches bus ids across the kernel and nvidia-smi spellings', () => {
    expect(normalizeBusId('00000000:3B:00.0')).toBe(normalizeBusId('0000:3b:00'));
    expect(normalizeBusId('not a bus id')).toBeUndefined();
  });

  it('counts Xid lines per GPU', () => {
    const log = [
      'NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, GPU has fallen off the bus.',
      'NVRM: Xid (PCI:0000:3b:00): 48, pid=1234, An uncorrectable double bit error',
      'NVRM: Xid (PCI:0000:af:00): 13, Graphics SM Warp Exception on (GPC 0, TPC 1)',
      'NVRM: GPU at PCI:0000:3b:00: GPU-1234',
      'nouveau unrelated line',
    ].join('\n');
    const counts = countXidErrors(log);
    expect(counts.get(normalizeBusId('00000000:3B:00.0')!)).toBe(2);
    expect(counts.get(normalizeBusId('00000000:AF:00.0')!)).toBe(1);
    expect(counts.size).toBe(2);
  });
});

describe('journal Xid reader', () => {
  const journal = (answers: Record<string, { code: number; stdout: string; stderr?: string }>) => {
    const calls: string[] = [];
    const run: CommandRunner = async (_file, args) => {
      const key = args.includes('--grep') ? 'grep' : args.includes('-n') ? 'probe' : 'all';
      calls.push(key);
      const answer = answers[key] ?? { code: 1, stdout: '' };
      return { stderr: '', timedOut: false, missing: false, ...answer };
    };
    return { run, calls };
  };
  const linuxOnly = process.platform === 'linux' ? it : it.skip;

  linuxOnly(
    'reads nothing when the kernel log is not visible (no journal, no rights)',
    async () => {
      const { run } = journal({ probe: { code: 0, stdout: '' } });
      expect(await createJournalXidReader({ run })(new Date())).toBeUndefined();
    },
  );

  linuxOnly('counts no errors when grep finds nothing, and caches for a minute', async () => {
    const { run, calls } = journal({
      probe: { code: 0, stdout: 'Linux version 6.8.0\n' },
      grep: { code: 1, stdout: '' },
    });
    const read = createJournalXidReader({ run, refreshMs: 60_000 });
    const t0 = new Date('2026-03-01T00:00:00Z');
    expect(await read(t0)).toEqual(new Map());
    expect(await read(new Date(t0.getTime() + 30_000))).toEqual(new Map());
    expect(calls).toEqual(['probe', 'grep']);
  });

  linuxOnly('filters the log itself when journalctl lacks --grep', async () => {
    const { run } = journal({
      probe: { code: 0, stdout: 'Linux version 6.8.0\n' },
      grep: { code: 1, stdout: '', stderr: 'Compiled without pattern matching support' },
      all: { code: 0, stdout: 'boot\nNVRM: Xid (PCI:0000:01:00): 31, pid=1\n' },
    });
    const counts = await createJournalXidReader({ run })(new Date());
    expect(counts?.get(normalizeBusId('00000000:01:00.0')!)).toBe(1);
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
