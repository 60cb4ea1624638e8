import { performance } from 'node:perf_hooks';
import { agentVersion } from '../lib/agent-version.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { Source } from '../sources/source.js';
import { addAgentHealth, type AgentHealth, type TelemetryPoint } from '../telemetry/points.js';

export type SamplerOptions = {
  sources: Source[];
  /** The `host` source; the agent's health fields are added to its point. */
  host?: Source;
  /** Health known outside the sample (interval, buffer counts). */
  health?: () => Omit<AgentHealth, 'collectMs' | 'agentVersion'>;
  logger?: Logger;
};

export type Sampler = { sample(now: Date): Promise<TelemetryPoint[]> };

/**
 * Gathers every source for one moment, in parallel. A source that throws is logged (once
 * per distinct error) and skipped; the others still report.
 */
export function createSampler({
  sources,
  host,
  health = () => ({}),
  logger = silentLogger,
}: SamplerOptions): Sampler {
  const lastErrors = new Map<string, string>();

  async function gatherSafely(source: Source, now: Date): Promise<TelemetryPoint[]> {
    try {
      const points = await source.gather(now);
      lastErrors.delete(source.name);
      return points;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (lastErrors.get(source.name) !== message) {
        logger.warn(`source ${source.name} failed: ${message}`);
        lastErrors.set(source.name, message);
      }
      return [];
    }
  }

  return {
    async sample(now) {
      const started = performance.now();
      const [hostPoints, ...others] = await Promise.all([
        host ? gatherSafely(host, now) : Promise.resolve([]),
        ...sources.map((source) => gatherSafely(source, now)),
      ]);
      const collectMs = performance.now() - started;
      const hostPoint = hostPoints?.[0];
      if (hostPoint) {
        addAgentHealth(hostPoint, { ...health(), collectMs, agentVersion: agentVersion() });
      }
      return [...others.flat(), ...(hostPoints ?? [])];
    },
  };
}
