import { describeFailure, type CommandRunner } from '../../lib/run-command.js';
import { parseHelpQueryGpu } from './help-query-gpu.js';
import { isEmptyPlan, planQuery, type QueryPlan } from './query-plan.js';

export class NvidiaSmiError extends Error {
  override name = 'NvidiaSmiError';
}

/** The fields this driver knows, asked once and again whenever the driver may have changed. */
export type QueryPlans = {
  current(): Promise<QueryPlan>;
  /** Asks the driver again now (a new driver knows other fields). */
  reload(): Promise<QueryPlan>;
  forget(): void;
};

export type NvidiaSmiCommand = { binary: string; run: CommandRunner; timeoutMs: number };

/** The arguments of one `--query-gpu` call with the plan's fields. */
export function queryArgs(plan: QueryPlan): string[] {
  return [`--query-gpu=${plan.fields.join(',')}`, '--format=csv,noheader,nounits'];
}

/** Plans from `nvidia-smi --help-query-gpu`: one unknown field fails a whole query. */
export function createQueryPlans({ binary, run, timeoutMs }: NvidiaSmiCommand): QueryPlans {
  let plan: QueryPlan | undefined;

  async function load(): Promise<QueryPlan> {
    const help = await run(binary, ['--help-query-gpu'], { timeoutMs });
    if (help.code !== 0) throw new NvidiaSmiError(describeFailure(binary, help, timeoutMs));
    const chosen = planQuery(parseHelpQueryGpu(help.stdout));
    if (isEmptyPlan(chosen)) {
      throw new NvidiaSmiError(`${binary} --help-query-gpu lists none of the GPU metrics`);
    }
    return chosen;
  }

  return {
    async current() {
      plan ??= await load();
      return plan;
    },
    async reload() {
      plan = undefined;
      plan = await load();
      return plan;
    },
    forget() {
      plan = undefined;
    },
  };
}
