// Browsers watching one account's live events, each connected to another API instance: what
// reaches each of them, from writes that went through which instance, and how late.
import { launchChromium } from '@ioworker/plugin/chromium';
import type { Page } from 'playwright-core';
import { percentile, round } from './support.js';

/** [deviceId, sample time, arrival time] as a page saw each `device.sample`. */
type Seen = [string, string, number];

declare global {
  interface Window {
    seenSamples: Seen[];
  }
}

function watch(): void {
  window.seenSamples = [];
  const source = new EventSource('/v1/events');
  source.addEventListener('device.sample', (event) => {
    const data = JSON.parse((event as MessageEvent<string>).data) as {
      deviceId: string;
      at: string;
    };
    window.seenSamples.push([data.deviceId, data.at, Date.now()]);
  });
}

/** A browser with one page per API, signed in to the account of `sessionToken`, each on its `/v1/events`. */
export async function startLiveWatchers(apiUrls: string[], sessionToken: string) {
  const browser = await launchChromium();
  const context = await browser.newContext();
  await context.addCookies([
    { name: 'iow_session', value: sessionToken, domain: '127.0.0.1', path: '/' },
  ]);
  const pages: Page[] = [];
  for (const url of apiUrls) {
    const page = await context.newPage();
    await page.goto(`${url}/healthz`);
    await page.evaluate(watch);
    pages.push(page);
  }
  return {
    /**
     * Per watching instance: the share of the account's writes through each instance whose
     * sample reached it, and the delay from the sample's time to its arrival.
     */
    async report(originOf: (deviceId: string) => number | undefined, sentThrough: number[]) {
      const rows = [];
      for (const [watching, page] of pages.entries()) {
        const seen = await page.evaluate(() => window.seenSamples);
        const reached = sentThrough.map(() => new Set<string>());
        const delays: number[] = [];
        for (const [deviceId, at, arrived] of seen) {
          const origin = originOf(deviceId);
          if (origin === undefined) continue;
          reached[origin]!.add(`${deviceId}@${at}`);
          delays.push(arrived - Date.parse(at));
        }
        delays.sort((a, b) => a - b);
        rows.push({
          'browser on API': watching + 1,
          ...Object.fromEntries(
            sentThrough.map((sent, origin) => [
              `samples written through API ${origin + 1} that arrived`,
              `${reached[origin]!.size} of ${sent}`,
            ]),
          ),
          'p50 ms': round(percentile(delays, 50)),
          'p95 ms': round(percentile(delays, 95)),
        });
      }
      return rows;
    },
    close: () => browser.close(),
  };
}
