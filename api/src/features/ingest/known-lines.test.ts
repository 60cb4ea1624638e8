import fc from 'fast-check';
import { parseLineProtocol, scanLineProtocol } from '@ioworker/contract/line-protocol';
import { describe, expect, it } from 'vitest';
import { pointAsWritten } from './as-written.js';
import { forgetKnownLines, knownLineAt, learnLine, stampWindow } from './known-lines.js';
import type { StoredValue } from './point-mapping.js';

const NOW_MS = Date.now();
const MS = BigInt(NOW_MS);
// The gateway's window (prepare-batch.ts): 7 days behind, 5 minutes ahead, here in ms.
const EARLIEST = MS - 7n * 86_400_000n;
const LATEST = MS + 300_000n;

const SEEDS = [
  `gpu,gpu=0,uuid=GPU-a1,model=NVIDIA\\ H200 temperature_c=61.5,power_w=300.25,utilization_pct=97,throttled=0i,energy_mj=123456789i ${NOW_MS}`,
  `host uptime_s=1000,cpu_pct=12.5,interval_s=10,rx_bytes=99i,agent_version="0.4.1 (linux, x64)" ${NOW_MS}`,
  `service,name=docker up=1i ${NOW_MS}`,
];

/** What the parser and schema make of a one-line body: the point when stored as written. */
function asWritten(line: string) {
  let result: ReturnType<typeof pointAsWritten> & object;
  let span;
  scanLineProtocol(line, (point, pointSpan) => {
    const mapped = pointAsWritten(line, point, pointSpan, 'device-1');
    if (mapped && point.timestamp! >= EARLIEST && point.timestamp! <= LATEST) {
      result = mapped;
      span = pointSpan;
    }
  });
  return (
    result! && { mapped: result!, span: span!, timestamp: parseLineProtocol(line)[0]!.timestamp }
  );
}

function learnSeeds(): void {
  for (const seed of SEEDS) {
    const written = asWritten(seed);
    expect(written).toBeDefined();
    learnLine(seed, written.span, written.mapped);
  }
}

const spanOf = ({ start, tagsEnd, end }: { start: number; tagsEnd: number; end: number }) => ({
  start,
  tagsEnd,
  end,
});

function fieldsOf(fields: { get(key: string): StoredValue | undefined }, keys: Iterable<string>) {
  return Object.fromEntries([...keys].map((key) => [key, fields.get(key)]));
}

// Every character the syntax gives a meaning to, and some it does not.
const TRICKY = [...'0123456789.-+eEiuU"\\,= =#\r\n\tx_aé'];

const mutation = fc.record({
  seed: fc.constantFrom(...SEEDS),
  edits: fc.array(
    fc.record({
      at: fc.nat(),
      remove: fc.integer({ min: 0, max: 2 }),
      insert: fc.array(fc.constantFrom(...TRICKY), { maxLength: 3 }).map((c) => c.join('')),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

type Mutation = { seed: string; edits: { at: number; remove: number; insert: string }[] };

function mutate({ seed, edits }: Mutation): string {
  let line = seed;
  for (const { at, remove, insert } of edits) {
    const position = at % (line.length + 1);
    line = line.slice(0, position) + insert + line.slice(position + remove);
  }
  return line;
}

describe('lines checked in place (known-lines.ts)', () => {
  const window = stampWindow('ms', EARLIEST, LATEST);

  it('takes a line like a learned one, with the values, span and time the parser gives', () => {
    learnSeeds();
    const likeSeeds = [
      SEEDS[0]!.replace('temperature_c=61.5', 'temperature_c=-3').replace('=0i', '=1i'),
      // Shortest round-trip formatting (JavaScript's, Go's 'f', -1) gives up to 17 digits.
      SEEDS[0]!.replace('power_w=300.25', 'power_w=58.12299990653992'),
      SEEDS[1]!.replace('"0.4.1 (linux, x64)"', '"a,b c=d"'),
      SEEDS[2]!.replace('up=1i', 'up=0i'),
    ];
    for (const line of likeSeeds) {
      const known = knownLineAt(line, 0, 1, window)!;
      const written = asWritten(line);
      expect(spanOf(known)).toEqual(spanOf(written.span));
      expect(known.timeMs).toBe(Number(written.timestamp));
      expect(known.measurement).toBe(written.mapped.measurement);
      const keys = [...written.mapped.fields.keys()];
      expect(fieldsOf(known.fields, keys)).toEqual(fieldsOf(written.mapped.fields, keys));
      expect([...known.tags]).toEqual([...written.mapped.tags].filter(([key]) => key !== 'device'));
    }
  });

  it('never takes a line the parser and schema would not store exactly as written', () => {
    learnSeeds();
    let taken = 0;
    fc.assert(
      fc.property(mutation, (edits) => {
        const line = mutate(edits);
        const known = knownLineAt(line, 0, 1, window);
        if (!known) return;
        taken += 1;
        // A line is claimed to its end: what follows is the parser's, as the next line.
        expect(['\n', undefined]).toContain(line[known.end]);
        const claimed = line.slice(0, known.end);
        let written;
        try {
          written = asWritten(claimed);
        } catch (error) {
          throw new Error(`taken, but the parser refuses ${JSON.stringify(claimed)}: ${error}`);
        }
        expect(written, JSON.stringify(claimed)).toBeDefined();
        expect(spanOf(known)).toEqual(spanOf(written.span));
        expect(known.timeMs).toBe(Number(written.timestamp));
        const keys = [...written.mapped.fields.keys()];
        expect(fieldsOf(known.fields, keys)).toEqual(fieldsOf(written.mapped.fields, keys));
      }),
      { numRuns: 20_000 },
    );
    // The property means something only if mutated lines are taken too (values changed).
    expect(taken).toBeGreaterThan(100);
  });

  it('leaves to the parser a timestamp at the edge of the window or past int64, and a long number', () => {
    learnSeeds();
    const service = (stamp: string) => `service,name=docker up=1i ${stamp}`;
    expect(knownLineAt(service(String(LATEST)), 0, 1, window)).toBeUndefined();
    expect(knownLineAt(service(String(EARLIEST)), 0, 1, window)).toBeUndefined();
    expect(knownLineAt(service('9'.repeat(19)), 0, 1, window)).toBeUndefined();
    expect(knownLineAt(service(String(MS)), 0, 1, window)).toBeDefined();
    const huge = SEEDS[0]!.replace('power_w=300.25', `power_w=1${'0'.repeat(30)}`);
    expect(knownLineAt(huge, 0, 1, window)).toBeUndefined();
  });

  it('reads nanosecond and second timestamps to the exact millisecond', () => {
    learnSeeds();
    const line = (stamp: string) => `service,name=docker up=1i ${stamp}`;
    const ns = stampWindow('ns', EARLIEST * 1_000_000n, LATEST * 1_000_000n);
    expect(knownLineAt(line(`${MS}999999`), 0, 1, ns)?.timeMs).toBe(NOW_MS);
    const s = stampWindow('s', EARLIEST / 1000n, LATEST / 1000n);
    const seconds = MS / 1000n;
    expect(knownLineAt(line(String(seconds)), 0, 1, s)?.timeMs).toBe(Number(seconds) * 1000);
  });

  it('keeps every GPU of 6,000 nodes of 8 GPUs known at once', () => {
    // Starting empty: the files of a worker share this module, and what they taught it counts.
    forgetKnownLines();
    const gpuLine = (node: number, gpu: number) =>
      SEEDS[0]!.replace('GPU-a1', `GPU-${node}-${gpu}`);
    const lines = Array.from({ length: 6_000 * 8 }, (_, at) => gpuLine(Math.floor(at / 8), at % 8));
    for (const line of lines) {
      const written = asWritten(line);
      learnLine(line, written.span, written.mapped);
    }
    const unknown = lines.filter((line) => !knownLineAt(line, 0, 1, window));
    expect(unknown).toEqual([]);
  });

  it('holds a bounded number of layouts, however many field orders lines come in', () => {
    learnSeeds();
    expect(knownLineAt(SEEDS[2]!, 0, 1, window)).toBeDefined();
    const keys = ['temperature_c', 'power_w', 'power_limit_w', 'utilization_pct', 'fan_pct'];
    // 1,100 orders of 7 fields: more distinct layouts than are held.
    const orders = [...orderings([...keys, 'memory_used_mib', 'memory_total_mib'])].slice(0, 1_100);
    const lines = orders.map(
      (order, at) =>
        `gpu,gpu=0,uuid=GPU-order-${at} ${order.map((key) => `${key}=1.5`).join(',')} ${NOW_MS}`,
    );
    for (const line of lines) {
      const written = asWritten(line);
      learnLine(line, written.span, written.mapped);
    }
    // Past the bound, the layouts were forgotten with every prefix holding one, the seeds' too.
    expect(knownLineAt(SEEDS[2]!, 0, 1, window)).toBeUndefined();
    expect(knownLineAt(lines.at(-1)!, 0, 1, window)).toBeDefined();
  });
});

/** Every order of `items`. */
function* orderings(items: string[]): Generator<string[]> {
  if (items.length <= 1) {
    yield items;
    return;
  }
  for (const [at, item] of items.entries()) {
    for (const rest of orderings([...items.slice(0, at), ...items.slice(at + 1)]))
      yield [item, ...rest];
  }
}
