import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';

export type ServiceHistoryResponse = InferResponseType<
  ApiClient['v1']['devices'][':id']['services']['$get'],
  200
>;
export type ServiceHistory = ServiceHistoryResponse['services'][number];
export type ServiceInterval = ServiceHistory['intervals'][number];

export type ServiceState = 'up' | 'down' | 'unknown';

export function stateOf(up: boolean | null): ServiceState {
  if (up === null) return 'unknown';
  return up ? 'up' : 'down';
}

/** A segment of the strip: where it starts and how wide it is, in % of the window. */
export type Segment = {
  state: ServiceState;
  from: string;
  to: string;
  left: number;
  width: number;
};

/** The intervals as shares of the window [from, to], for drawing. */
export function segmentsOf(intervals: readonly ServiceInterval[], from: string, to: string) {
  const startMs = Date.parse(from);
  const spanMs = Math.max(1, Date.parse(to) - startMs);
  return intervals.map((interval): Segment => ({
    state: stateOf(interval.up),
    from: interval.from,
    to: interval.to,
    left: ((Date.parse(interval.from) - startMs) / spanMs) * 100,
    width: ((Date.parse(interval.to) - Date.parse(interval.from)) / spanMs) * 100,
  }));
}

/** The state the newest interval says; unknown when the service has gone quiet. */
export function currentState(intervals: readonly ServiceInterval[]): ServiceState {
  const last = intervals.at(-1);
  return last ? stateOf(last.up) : 'unknown';
}

/** How long a service was up and how often it went down, for screen readers and a glance. */
export function summarize(intervals: readonly ServiceInterval[]): {
  upShare: number | null;
  outages: number;
} {
  let upMs = 0;
  let knownMs = 0;
  let outages = 0;
  for (const interval of intervals) {
    const ms = Date.parse(interval.to) - Date.parse(interval.from);
    if (interval.up !== null) knownMs += ms;
    if (interval.up === true) upMs += ms;
    if (interval.up === false) outages += 1;
  }
  return { upShare: knownMs > 0 ? upMs / knownMs : null, outages };
}
