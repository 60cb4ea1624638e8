import type { AppDeps } from '../../app-env.js';
import type { LiveEventData } from '../live/live-events.js';

/** How long a live sample may wait to go out with others. */
const BATCH_MS = 20;

export type LiveSamples = {
  publish(accountId: string, data: LiveEventData['device.sample']): void;
  close(): Promise<void>;
};

/**
 * Live `device.sample` events, published together every 20 ms as volatile events: they reach
 * another instance only while a browser there watches the account, and the bus sends what is
 * published at once as one or two NOTIFYs (event-bus.ts), at 20 ms of latency on a live chart.
 *
 * @example
 * liveSamples.publish(accountId, sampleEvent(deviceId, latest));
 */
export function createLiveSamples(deps: Pick<AppDeps, 'events' | 'logger'>): LiveSamples {
  let pending: [string, LiveEventData['device.sample']][] = [];
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<unknown> = Promise.resolve();

  function send(): void {
    timer = undefined;
    const taken = pending;
    pending = [];
    sending = Promise.all(
      taken.map(([accountId, data]) =>
        deps.events
          .publish(accountId, { type: 'device.sample', data }, { volatile: true })
          .catch((error: Error) =>
            deps.logger.warn({ err: error.message }, 'publishing a live sample failed'),
          ),
      ),
    );
  }

  return {
    publish(accountId, data) {
      pending.push([accountId, data]);
      timer ??= setTimeout(send, BATCH_MS);
    },
    async close() {
      clearTimeout(timer);
      send();
      await sending;
    },
  };
}
