import { between, type Random } from './random.js';

/** A stretch of time in which a GPU is busy with a job or waits idle. */
export type Phase = {
  busy: boolean;
  startMs: number;
  endMs: number;
  /** Mean utilisation in %, before noise. */
  utilization: number;
  /** How hard the job drives the card (0–1): scales power at a given utilisation. */
  intensity: number;
  memoryMiB: number;
};

function nextPhase(random: Random, busy: boolean, startMs: number): Phase {
  const seconds = busy ? between(random, 120, 600) : between(random, 45, 240);
  return {
    busy,
    startMs,
    endMs: startMs + Math.round(seconds * 1000),
    utilization: busy ? between(random, 88, 100) : between(random, 0, 3),
    intensity: busy ? between(random, 0.85, 1) : 0,
    memoryMiB: Math.round(busy ? between(random, 14_000, 22_500) : between(random, 250, 600)),
  };
}

/**
 * Alternating busy and idle phases of random length, generated as time moves on; the same
 * seed gives the same schedule.
 */
export function createWorkload(random: Random, startMs: number) {
  let current = nextPhase(random, random() < 0.6, startMs);
  return function phaseAt(timeMs: number): Phase {
    while (timeMs >= current.endMs) current = nextPhase(random, !current.busy, current.endMs);
    return current;
  };
}
