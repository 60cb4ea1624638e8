import { describeFailure } from '../../lib/run-command.js';
import type { GpuReader } from '../driver-source.js';
import { parseQueryOutput } from './parse-query-output.js';
import {
  NvidiaSmiError,
  queryArgs,
  type NvidiaSmiCommand,
  type QueryPlans,
} from './query-plans.js';

/** One `nvidia-smi --query-gpu` process per read. */
export function createPerProcessReader(
  command: NvidiaSmiCommand & { plans: QueryPlans },
): GpuReader {
  const { binary, run, timeoutMs, plans } = command;
  return {
    async read() {
      try {
        const plan = await plans.current();
        const result = await run(binary, queryArgs(plan), { timeoutMs });
        if (result.code !== 0) throw new NvidiaSmiError(describeFailure(binary, result, timeoutMs));
        const gpus = parseQueryOutput(result.stdout, plan);
        if (gpus.length === 0) throw new NvidiaSmiError(`${binary} listed no GPUs`);
        return gpus;
      } catch (error) {
        // A driver update changes the set of fields: after any failure, ask again.
        plans.forget();
        throw error;
      }
    },
  };
}
