import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPERATORS } from './alerting/alerting-files.js';
import { OPERATOR_LABEL } from './alerting/platform-rules.js';
import { PROMETHEUS_DATASOURCE } from './grafana/prometheus-target.js';
import { PROVISIONING_DIR } from './provisioning.js';
import { panelsOf } from './test-support/collect-queries.js';

const read = (file: string) => readFile(path.join(PROVISIONING_DIR, file), 'utf8');
const readYaml = async <T>(file: string) => parse(await read(file)) as T;

/** The metric names the API registers (features/platform-metrics), read from its source. */
async function apiMetricNames(): Promise<Set<string>> {
  const dir = path.resolve(import.meta.dirname, '../../api/src/features/platform-metrics');
  const names = new Set<string>();
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = await readFile(path.join(dir, file), 'utf8');
    for (const [, name] of source.matchAll(/name: '(ioworker_\w+)'/g)) names.add(name ?? '');
  }
  return names;
}

/** The `ioworker_*` series an expression reads, a histogram's `_bucket` named by its family. */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\bioworker_\w+/g)].map(([name]) => name.replace(/_bucket$/, ''));
}

type PromTarget = { refId: string; expr?: string; datasource?: { uid?: string } };
type Node = { refId: string; datasourceUid: string; model: { expr?: string } };
type Rule = { uid: string; data: Node[]; labels: Record<string, string> } & Record<string, unknown>;

const dashboard = JSON.parse(await read('dashboards/platform.json')) as Dashboard;
const { groups } = await readYaml<{ groups: { rules: Rule[] }[] }>('alerting/platform-rules.yaml');
const rules = groups.flatMap((group) => group.rules);

describe('the platform dashboard (Prometheus)', () => {
  it('has its uid and title, every panel on ioworker-prometheus with a unit and thresholds', () => {
    expect(dashboard.uid).toBe('ioworker-platform');
    expect(dashboard.title).toBe('IO Worker / Platform');
    for (const panel of panelsOf(dashboard)) {
      const where = panel.title ?? '';
      expect(panel.datasource, where).toEqual(PROMETHEUS_DATASOURCE);
      expect(panel.fieldConfig?.defaults.unit, where).toBeTruthy();
      expect(panel.fieldConfig?.defaults.thresholds?.steps.length, where).toBeGreaterThan(0);
      const targets = (panel.targets ?? []) as unknown as PromTarget[];
      expect(targets.length, where).toBeGreaterThan(0);
      for (const target of targets) {
        expect(target.datasource, where).toEqual(PROMETHEUS_DATASOURCE);
        expect(target.expr, where).toBeTruthy();
      }
    }
  });

  it('reads only metrics the API exposes, and shows each of them', async () => {
    const exposed = await apiMetricNames();
    const exprs = panelsOf(dashboard).flatMap((panel) =>
      ((panel.targets ?? []) as unknown as PromTarget[]).map((target) => target.expr ?? ''),
    );
    const read = new Set(exprs.flatMap(metricsIn));
    for (const name of read) expect(exposed, name).toContain(name);
    const shown = [...exposed].filter((name) => !name.startsWith('ioworker_metrics_collect'));
    for (const name of shown) expect(read, name).toContain(name);
  });
});

describe('the platform alert rules', () => {
  it('cover the platform, the treasury included', () => {
    expect(rules.map((rule) => rule.uid)).toEqual(
      expect.arrayContaining([
        'ioworker-platform-ingest-refused',
        'ioworker-platform-write-p99',
        'ioworker-platform-outbox-lag',
        'ioworker-platform-deliveries-failing',
        'ioworker-platform-payouts-failed',
        'ioworker-platform-treasury-low',
        'ioworker-platform-rollup-lag',
        'ioworker-platform-no-leader',
      ]),
    );
  });

  it.each(rules.map((rule) => [rule.uid, rule]))('%s', async (_uid, rule) => {
    const exposed = await apiMetricNames();
    expect(rule.uid.length).toBeLessThanOrEqual(40);
    expect(rule.labels).toMatchObject({ ...OPERATOR_LABEL, severity: expect.any(String) });
    expect(rule.data.map((node) => node.datasourceUid)).toEqual([
      PROMETHEUS_DATASOURCE.uid,
      '__expr__',
      '__expr__',
    ]);
    for (const name of metricsIn(rule.data[0]?.model.expr ?? '')) expect(exposed).toContain(name);
    expect((rule.annotations as Record<string, string>).description).toMatch(
      /What it means[\s\S]*What to check[\s\S]*What to do/,
    );
  });

  it('go to the operators, not to the API webhook (it files alerts by device)', async () => {
    type Policy = { receiver: string; object_matchers?: string[][]; routes?: Policy[] };
    const { policies } = await readYaml<{ policies: Policy[] }>('alerting/policies.yaml');
    const [label, value] = Object.entries(OPERATOR_LABEL)[0] ?? [];
    expect(policies[0]?.routes).toContainEqual(
      expect.objectContaining({ receiver: OPERATORS, object_matchers: [[label, '=', value]] }),
    );
    const { contactPoints } = await readYaml<{ contactPoints: { name: string }[] }>(
      'alerting/contact-points.yaml',
    );
    expect(contactPoints.map((point) => point.name)).toContain(OPERATORS);
    const { datasources } = await readYaml<{ datasources: { uid: string; type: string }[] }>(
      'datasources/prometheus.yaml',
    );
    expect(datasources[0]).toMatchObject(PROMETHEUS_DATASOURCE);
  });
});
