import { randomBytes } from 'node:crypto';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '../../tools/src/test/global-setup.js';
import { rulesFile } from './alerting/alerting-files.js';
import {
  collectorBuffering,
  deviceNotReporting,
  eccErrors,
  gpuHot,
  gpuLowHeadroom,
  gpuThrottled,
  powerAtLimit,
  xidErrors,
} from './alerting/rules.js';
import type { ThresholdRuleSpec } from './alerting/threshold-rule.js';
import { ROLLUPS } from './grafana/variables.js';
import { DASHBOARDS } from './provisioning.js';
import {
  alertQueries,
  dashboardQueries,
  expandAlertQuery,
  expandDashboardQuery,
  panelsOf,
} from './test-support/collect-queries.js';
import { influxQuery, influxWrite, lastValue, type Series } from './test-support/influx-http.js';
import { computeRollups } from './test-support/rollups.js';
import { createFleet, fleetLines, HISTORY_MS } from './test-support/simulated-fleet.js';

const url = inject('influxUrl');
const db = `ioworker_dash_${randomBytes(6).toString('hex')}`;
const fleet = createFleet();
const { healthy, overheating, stopped } = fleet;
const deviceRegex = `(${[healthy, overheating, stopped].map((device) => device.id).join('|')})`;

beforeAll(async () => {
  await influxQuery(url, '', `CREATE DATABASE "${db}"`);
  const nowMs = Date.now();
  await influxWrite(url, db, await fleetLines(fleet, nowMs));
  await computeRollups(url, db, nowMs - HISTORY_MS, nowMs + 1000);
});

afterAll(async () => {
  await influxQuery(url, '', `DROP DATABASE "${db}"`);
});

/** A variable or macro left in a query after expansion (`$/` is a regex anchor, not one). */
const UNEXPANDED = /\$\w/;

/** The rule's data source query, as Grafana would run it. */
function runRule(spec: ThresholdRuleSpec): Promise<Series[]> {
  return influxQuery(url, db, expandAlertQuery(spec.query.toString(), spec.windowS));
}

/** The value of the series with these tags (the last row, as the rule's `last` reducer reads it). */
function valueOf(series: Series[], tags: Record<string, string>): number {
  const match = series.find((s) => Object.entries(tags).every(([k, v]) => s.tags?.[k] === v));
  if (!match) throw new Error(`no series for ${JSON.stringify(tags)}`);
  return Number(lastValue(match));
}

/** A column's mean over the series' rows, as the rule's `mean` reducer reads it. */
function meanOf(series: Series[], tags: Record<string, string>, column: string): number {
  const match = series.find((s) => Object.entries(tags).every(([k, v]) => s.tags?.[k] === v));
  if (!match) throw new Error(`no series for ${JSON.stringify(tags)}`);
  const index = match.columns.indexOf(column);
  const values = match.values.map((row) => Number(row[index]));
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Whether the rule's threshold node would fire for this reduced value. */
function fires(spec: ThresholdRuleSpec, value: number): boolean {
  const compare = { gt: value > spec.threshold, gte: value >= spec.threshold };
  return { ...compare, lt: value < spec.threshold, lte: value <= spec.threshold }[spec.evaluator];
}

describe('every dashboard query runs on the simulated fleet', () => {
  const queries = Object.values(DASHBOARDS).flatMap((build) => dashboardQueries(build()));

  it.each(queries.map((found) => [found.where, found.query]))('%s', async (_where, query) => {
    // Every rollup policy the variable offers runs it; the simulated half hour fills the
    // 1-minute one (1-hour windows are too few for a rate between them).
    for (const { value: rollup } of ROLLUPS) {
      const expanded = expandDashboardQuery(query, deviceRegex, rollup);
      expect(expanded).not.toMatch(UNEXPANDED);
      const series = await influxQuery(url, db, expanded);
      if (rollup === 'rollup_1m' || !query.includes('$rollup')) {
        expect(series.length).toBeGreaterThan(0);
      }
    }
  });

  it('Device history reads the same figures from the rollups as Device detail from raw', async () => {
    const panel = (build: () => Dashboard, title: string) => {
      const found = panelsOf(build()).find((candidate) => candidate.title === title);
      const target = found?.targets?.[0] as { query: string } | undefined;
      if (!target) throw new Error(`no panel ${title}`);
      return target.query;
    };
    const history = DASHBOARDS['dashboards/device-history.json']!;
    const detail = DASHBOARDS['dashboards/device-detail.json']!;
    // Per minute: the 1-minute rollup's rows are the raw samples' minutes. (The 1-hour rollup
    // is the mean of its minutes' means: the half-hour fleet starts and ends mid-minute.)
    const perMinute = (query: string, rollup?: string) =>
      influxQuery(
        url,
        db,
        expandDashboardQuery(query.replaceAll('$__interval', '1m'), deviceRegex, rollup).replace(
          'time > now() - 1h',
          'time > now() - 2h',
        ),
      );
    const [fromRollup, fromRaw] = await Promise.all([
      perMinute(panel(history, 'GPU utilisation'), 'rollup_1m'),
      perMinute(panel(detail, 'GPU utilisation')),
    ]);
    expect(fromRollup.length).toBe(5);
    for (const series of fromRollup) {
      const raw = fromRaw.find((s) => JSON.stringify(s.tags) === JSON.stringify(series.tags))!;
      const rawValues = raw.values.filter((row) => row[1] !== null);
      expect(series.values.map((row) => row[0])).toEqual(rawValues.map((row) => row[0]));
      series.values.forEach((row, i) => expect(row[1]).toBeCloseTo(Number(rawValues[i]![1]), 9));
    }
  });

  it('GPU health shows throttle time by reason as a share of time, from the counters', async () => {
    const panel = panelsOf(DASHBOARDS['dashboards/gpu-health.json']!()).find(
      (candidate) => candidate.title === 'Time throttled by reason',
    );
    const target = panel?.targets?.[0] as { query: string } | undefined;
    const series = await influxQuery(url, db, expandDashboardQuery(target!.query, deviceRegex));
    // The newest interval is cut short by now(): read the one before it.
    const share = (tags: Record<string, string>, column: string) => {
      const one = series.find((s) => s.tags?.device === tags.device && s.tags?.gpu === tags.gpu)!;
      return Number(one.values.at(-2)![one.columns.indexOf(column)]);
    };
    expect(share({ device: healthy.id, gpu: '0' }, 'power_cap')).toBeCloseTo(0.1, 6);
    expect(share({ device: healthy.id, gpu: '0' }, 'thermal')).toBe(0);
    expect(share({ device: overheating.id, gpu: overheating.hotGpu }, 'thermal')).toBeCloseTo(
      0.8,
      6,
    );
  });

  it('counts 2 devices online and 1 offline, and lists the stopped one as not reporting', async () => {
    const fleetPanels = panelsOf(DASHBOARDS['dashboards/fleet-overview.json']!());
    const queryOf = (title: string) => {
      const panel = fleetPanels.find((candidate) => candidate.title === title);
      const target = panel?.targets?.[0] as { query: string } | undefined;
      if (!target) throw new Error(`no panel ${title}`);
      return influxQuery(url, db, expandDashboardQuery(target.query, deviceRegex));
    };
    const [online, offline, silent] = await Promise.all([
      queryOf('Devices online'),
      queryOf('Devices offline'),
      queryOf('Devices not reporting'),
    ]);
    expect(lastValue(online[0]!)).toBe(2);
    expect(lastValue(offline[0]!)).toBe(1);
    expect(silent.map((series) => series.tags?.device)).toEqual([stopped.id]);
  });
});

describe('every alert query runs and labels its series with the device', () => {
  const queries = alertQueries(rulesFile());

  it.each(queries.map((found) => [found.where, found]))('%s', async (_where, found) => {
    const expanded = expandAlertQuery(found.query, found.windowS);
    expect(expanded).not.toMatch(UNEXPANDED);
    const series = await influxQuery(url, db, expanded);
    expect(series.length).toBeGreaterThan(0);
    for (const one of series) expect(one.tags?.device).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GPU hot fires for the overheating GPU and not for a normal one', async () => {
    const series = await runRule(gpuHot);
    const hot = valueOf(series, { device: overheating.id, gpu: overheating.hotGpu });
    expect(hot).toBeGreaterThan(gpuHot.threshold);
    expect(fires(gpuHot, hot)).toBe(true);
    for (const normal of [
      { device: healthy.id, gpu: '0' },
      { device: healthy.id, gpu: '1' },
      { device: overheating.id, gpu: '0' },
    ]) {
      const value = valueOf(series, normal);
      expect(value).toBeLessThan(gpuHot.threshold);
      expect(fires(gpuHot, value)).toBe(false);
    }
  });

  it('low headroom fires for the GPU within 5 °C of slowdown, and not for the others', async () => {
    const series = await runRule(gpuLowHeadroom);
    const hot = valueOf(series, { device: overheating.id, gpu: overheating.hotGpu });
    expect(hot).toBe(2);
    expect(fires(gpuLowHeadroom, hot)).toBe(true);
    for (const normal of [
      { device: healthy.id, gpu: '0' },
      { device: overheating.id, gpu: '0' },
    ]) {
      expect(fires(gpuLowHeadroom, valueOf(series, normal))).toBe(false);
    }
  });

  it('throttled fires on the thermal share of the hot GPU, never on the power cap', async () => {
    const series = await runRule(gpuThrottled);
    const hot = { device: overheating.id, gpu: overheating.hotGpu };
    // 80 % while hot; the newest minute, cut short by now(), reads lower.
    expect(meanOf(series, hot, 'thermal')).toBeGreaterThan(0.7);
    expect(meanOf(series, hot, 'thermal')).toBeLessThanOrEqual(0.8 + 1e-9);
    expect(fires(gpuThrottled, meanOf(series, hot, 'thermal'))).toBe(true);
    expect(fires(gpuThrottled, meanOf(series, hot, 'hardware'))).toBe(false);
    const normal = { device: healthy.id, gpu: '0' };
    expect(meanOf(series, normal, 'thermal')).toBe(0);
    expect(series[0]!.columns).not.toContain('power_cap');
  });

  it('device not reporting sees the stopped device, and only it', async () => {
    const series = await runRule(deviceNotReporting);
    expect(series.map((s) => s.tags?.device).sort()).toEqual(
      [healthy.id, overheating.id, stopped.id].sort(),
    );
    expect(valueOf(series, { device: stopped.id })).toBeLessThan(1);
    expect(fires(deviceNotReporting, valueOf(series, { device: stopped.id }))).toBe(true);
    expect(fires(deviceNotReporting, valueOf(series, { device: healthy.id }))).toBe(false);
    expect(fires(deviceNotReporting, valueOf(series, { device: overheating.id }))).toBe(false);
  });

  it('XID and ECC fire for the GPU whose counters grew, not for the others', async () => {
    for (const spec of [xidErrors, eccErrors]) {
      const series = await runRule(spec);
      const grown = { device: overheating.id, gpu: overheating.hotGpu };
      expect(fires(spec, valueOf(series, grown))).toBe(true);
      expect(fires(spec, valueOf(series, { device: healthy.id, gpu: '0' }))).toBe(false);
    }
  });

  it('collector buffering fires for the device with a backlog only', async () => {
    const series = await runRule(collectorBuffering);
    expect(fires(collectorBuffering, valueOf(series, { device: overheating.id }))).toBe(true);
    expect(fires(collectorBuffering, valueOf(series, { device: healthy.id }))).toBe(false);
  });

  it('power at limit reads a ratio of the limit per GPU', async () => {
    const series = await runRule(powerAtLimit);
    for (const one of series) {
      expect(one.tags?.gpu).toBeDefined();
      expect(Number(lastValue(one))).toBeGreaterThan(0);
      expect(Number(lastValue(one))).toBeLessThanOrEqual(1.01);
    }
  });
});
