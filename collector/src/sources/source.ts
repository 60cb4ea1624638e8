import type { TelemetryPoint } from '../telemetry/points.js';

/**
 * One input, like a Telegraf input plugin: `gather` returns the points for the moment `now`
 * (which it stamps on them). It should not throw for a failing device; it reports it instead.
 */
export type Source = {
  readonly name: string;
  gather(now: Date): Promise<TelemetryPoint[]>;
  stop?(): Promise<void>;
};

/** The GPUs a source sees, in the shape the API's enrollment expects. */
export type GpuInventory = { index: number; uuid?: string; model: string; memoryTotalMiB: number };

/** A source of GPU metrics, which can also list its GPUs for enrollment. */
export type GpuSource = Source & { listGpus(now: Date): Promise<GpuInventory[]> };
