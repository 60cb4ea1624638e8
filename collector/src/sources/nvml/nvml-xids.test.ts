import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../lib/logger.js';
import { createFakeNvml, recordedH200 } from '../../test-support/fake-nvml.js';
import { parseLine } from '../../test-support/line-protocol.js';
import { encodeLines } from '../../telemetry/encode-lines.js';
import type { XidReader } from '../nvidia-smi/xid-log.js';
import { createNvmlSource } from './nvml-source.js';
import { createNvmlXidReader, journalOrNvmlXids } from './nvml-xids.js';

const NOW = new Date(1_767_225_600_000);

function capturingLogger() {
  const lines: string[] = [];
  const write = (line: string) => lines.push(line);
  return { logger: createLogger(write, write), lines };
}

describe('Xids from NVML events', () => {
  it('counts each GPU’s Xids since the watch began, keeping the newest code', async () => {
    const nvml = createFakeNvml([recordedH200()]);
    nvml.xidEvents = [
      { busId: '0:0:6', xid: 13 },
      { busId: '00000000:00:07.0', xid: 31 },
      { busId: '0:0:6', xid: 79 },
      { busId: 'not a bus id', xid: 1 },
    ];
    const read = createNvmlXidReader(nvml.watchXids()!);
    expect(await read(NOW)).toEqual(
      new Map([
        ['0:0:6', { count: 2, last: 79 }],
        ['0:0:7', { count: 1, last: 31 }],
      ]),
    );
    nvml.xidEvents.push({ busId: '0:0:6', xid: 48 });
    expect((await read(NOW))?.get('0:0:6')).toEqual({ count: 3, last: 48 });
  });

  it('reads the kernel log where it can, and never registers for events then', async () => {
    let watched = 0;
    const journal: XidReader = async () => new Map([['0:0:6', { count: 4, last: 79 }]]);
    const read = journalOrNvmlXids(journal, () => ((watched += 1), undefined), silentLogger);
    expect((await read(NOW))?.get('0:0:6')).toEqual({ count: 4, last: 79 });
    await read(NOW);
    expect(watched).toBe(0);
  });

  it('falls back to NVML events where the kernel log cannot be read, and says so', async () => {
    const nvml = createFakeNvml([recordedH200()]);
    nvml.xidEvents = [{ busId: '0:0:6', xid: 79 }];
    const { logger, lines } = capturingLogger();
    const read = journalOrNvmlXids(
      async () => undefined,
      () => nvml.watchXids(),
      logger,
    );
    expect((await read(NOW))?.get('0:0:6')).toEqual({ count: 1, last: 79 });
    expect(lines.join('\n')).toMatch(/Xid errors come from NVML events/);
  });

  it('reports no Xid count, rather than zero, where neither the log nor the events can be read', async () => {
    const { logger, lines } = capturingLogger();
    const broken = journalOrNvmlXids(
      async () => undefined,
      () => {
        throw new Error('nvmlDeviceGetSupportedEventTypes: Not Supported');
      },
      logger,
    );
    expect(await broken(NOW)).toBeUndefined();
    expect(lines.join('\n')).toMatch(/NVML Xid events are not available \(.*Not Supported\)/);
    const none = journalOrNvmlXids(
      async () => undefined,
      () => undefined,
      silentLogger,
    );
    expect(await none(NOW)).toBeUndefined();
  });

  it('puts the counts on the GPU lines of the NVML source', async () => {
    const nvml = createFakeNvml([recordedH200()]);
    nvml.xidEvents = [{ busId: '0:0:6', xid: 79 }];
    const source = createNvmlSource({
      nvml,
      readXids: journalOrNvmlXids(
        async () => undefined,
        () => nvml.watchXids(),
        silentLogger,
      ),
    });
    const [gpu] = encodeLines(await source.gather(NOW)).map(parseLine);
    expect(gpu?.fields).toMatchObject({ xid_errors: 1, xid_last: 79 });
  });
});
