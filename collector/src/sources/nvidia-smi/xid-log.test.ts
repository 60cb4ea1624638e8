import { describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../lib/run-command.js';
import { createJournalXidReader, normalizeBusId, summarizeXidErrors } from './xid-log.js';

const busOf = (nvidiaSmiBusId: string) => normalizeBusId(nvidiaSmiBusId)!;

/** `journalctl -k -b -o cat --grep 'NVRM: Xid'` of a node with four GPUs, oldest line first. */
const KERNEL_LOG = [
  'NVRM: Xid (PCI:0000:18:00): 13, pid=1886, name=python3, Graphics SM Warp Exception on (GPC 0, TPC 1, SM 0): Out Of Range Address',
  'NVRM: Xid (PCI:0000:3b:00): 31, pid=2389743, name=python, Ch 00000008, intr 00000000. MMU Fault: ENGINE GRAPHICS GPCCLIENT_T1_0 faulted @ 0x7f2c_4c000000. Fault is of type FAULT_PDE ACCESS_TYPE_VIRT_READ',
  "NVRM: Xid (PCI:0000:b5:00): 63, pid='<unknown>', name=<unknown>, Row Remapper: New row (0x0000000000d9b8c0) marked for remapping, reset gpu to activate.",
  'NVRM: Xid (PCI:0000:18:00): 13, pid=1886, name=python3, Graphics Exception: ESR 0x50da28=0x102000e 0x50da2c=0x4 0x50da30=0x0 0x50da34=0x0',
  "NVRM: Xid (PCI:0000:3b:00): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus.",
  'NVRM: GPU at PCI:0000:3b:00: GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0',
  'NVRM: GPU Board Serial Number: 1652922000123',
  'NVRM: Xid (0000:af:00): 62, 0cb4(2bb8) 00000000 00000000',
  // Cut short where the journal truncated it: no code to report, so not counted either.
  'NVRM: Xid (PCI:0000:b5:00): ',
  'NVRM: Xid (PCI:0000:b5:00): 4x8, garbled',
  'NVRM: Xid (PCI:0000:b5',
].join('\n');

describe('Xid errors from the kernel log', () => {
  it('matches bus ids across the kernel and nvidia-smi spellings', () => {
    expect(normalizeBusId('00000000:3B:00.0')).toBe(normalizeBusId('0000:3b:00'));
    expect(normalizeBusId('not a bus id')).toBeUndefined();
  });

  it('counts each GPU’s Xid lines and keeps the code of its newest', () => {
    const summaries = summarizeXidErrors(KERNEL_LOG);
    expect(summaries.get(busOf('00000000:18:00.0'))).toEqual({ count: 2, last: 13 });
    expect(summaries.get(busOf('00000000:3B:00.0'))).toEqual({ count: 2, last: 79 });
    expect(summaries.get(busOf('00000000:B5:00.0'))).toEqual({ count: 1, last: 63 });
    expect(summaries.get(busOf('00000000:AF:00.0'))).toEqual({ count: 1, last: 62 });
    expect(summaries.size).toBe(4);
  });

  it('reads lines with the syslog prefix of `journalctl -k` without `-o cat`', () => {
    const line =
      'Mar 01 04:12:09 h200-node kernel: NVRM: Xid (PCI:0000:3b:00): 48, pid=0, name=<unknown>, An uncorrectable double bit error (DBE) has been detected on GPU in the framebuffer at partition 1, subpartition 0.';
    expect(summarizeXidErrors(line)).toEqual(
      new Map([[busOf('00000000:3B:00.0'), { count: 1, last: 48 }]]),
    );
  });

  it('finds nothing in a log without readable Xid lines', () => {
    expect(summarizeXidErrors('NVRM: Xid (PCI:0000:b5:00): \nnouveau unrelated line\n')).toEqual(
      new Map(),
    );
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
  const kernel = { code: 0, stdout: 'Linux version 6.8.0\n' };

  linuxOnly(
    'reads nothing when the kernel log is not visible (no journal, no rights)',
    async () => {
      const { run } = journal({ probe: { code: 0, stdout: '' } });
      expect(await createJournalXidReader({ run })(new Date())).toBeUndefined();
    },
  );

  linuxOnly('finds no errors when grep finds nothing, and caches for a minute', async () => {
    const { run, calls } = journal({ probe: kernel, grep: { code: 1, stdout: '' } });
    const read = createJournalXidReader({ run, refreshMs: 60_000 });
    const t0 = new Date('2026-03-01T00:00:00Z');
    expect(await read(t0)).toEqual(new Map());
    expect(await read(new Date(t0.getTime() + 30_000))).toEqual(new Map());
    expect(calls).toEqual(['probe', 'grep']);
  });

  linuxOnly('summarizes what grep found', async () => {
    const { run } = journal({ probe: kernel, grep: { code: 0, stdout: KERNEL_LOG } });
    const summaries = await createJournalXidReader({ run })(new Date());
    expect(summaries?.get(busOf('00000000:3B:00.0'))).toEqual({ count: 2, last: 79 });
  });

  linuxOnly('filters the log itself when journalctl lacks --grep', async () => {
    const { run } = journal({
      probe: kernel,
      grep: { code: 1, stdout: '', stderr: 'Compiled without pattern matching support' },
      all: { code: 0, stdout: 'boot\nNVRM: Xid (PCI:0000:01:00): 31, pid=1\n' },
    });
    const summaries = await createJournalXidReader({ run })(new Date());
    expect(summaries?.get(busOf('00000000:01:00.0'))).toEqual({ count: 1, last: 31 });
  });
});
