import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generate } from './generate.js';
import { INFLUX_DATASOURCE, type InfluxTarget } from './grafana/influx-target.js';
import { ALERTING, DASHBOARDS, OPERATOR_DASHBOARDS, PROVISIONING_DIR } from './provisioning.js';
import { panelsOf } from './test-support/collect-queries.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const read = (file: string) => readFile(path.join(PROVISIONING_DIR, file), 'utf8');
const readYaml = async (file: string) => parse(await read(file)) as Record<string, unknown>;

describe('the generated provisioning files are current', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'iow-dashboards-'));
    await generate(outDir);
  });
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('are byte-identical to a fresh run of the generator (run `npm run dashboards`)', async () => {
    const generated = await filesUnder(outDir);
    expect(generated).toEqual(
      Object.keys({ ...DASHBOARDS, ...OPERATOR_DASHBOARDS, ...ALERTING }).sort(),
    );
    for (const file of generated) {
      const fresh = await readFile(path.join(outDir, file), 'utf8');
      expect(await read(file), file).toBe(fresh);
    }
  });

  it('leave no stale generated file behind', async () => {
    const committed = (await filesUnder(PROVISIONING_DIR)).filter(
      (file) => /^dashboards\/.*\.json$/.test(file) || file.startsWith('alerting/'),
    );
    expect(committed).toEqual(
      Object.keys({ ...DASHBOARDS, ...OPERATOR_DASHBOARDS, ...ALERTING }).sort(),
    );
  });
});

describe('the provisioning files are valid', () => {
  it('parse, every JSON and YAML file', async () => {
    for (const file of await filesUnder(PROVISIONING_DIR)) {
      if (file.endsWith('.json')) expect(JSON.parse(await read(file)), file).toBeTypeOf('object');
      if (/\.ya?ml$/.test(file)) expect(parse(await read(file)), file).toBeTypeOf('object');
    }
  });

  it.each(Object.keys(DASHBOARDS))(
    '%s: uid, title, panels on ioworker-influx, a unit on each',
    async (file) => {
      const dashboard = JSON.parse(await read(file)) as Dashboard;
      expect(dashboard.uid).toMatch(/^ioworker-/);
      expect(dashboard.title).toMatch(/^IO Worker \/ /);
      const panels = panelsOf(dashboard);
      expect(panels.length).toBeGreaterThan(2);
      for (const panel of panels) {
        const where = `${file} / ${panel.title}`;
        expect(panel.datasource, where).toEqual(INFLUX_DATASOURCE);
        expect(panel.fieldConfig?.defaults.unit, where).toBeTruthy();
        expect(panel.fieldConfig?.defaults.thresholds?.steps.length, where).toBeGreaterThan(0);
        expect(panel.targets?.length, where).toBeGreaterThan(0);
        for (const target of (panel.targets ?? []) as unknown as InfluxTarget[]) {
          const { datasource, rawQuery, query } = target;
          expect(datasource, where).toEqual(INFLUX_DATASOURCE);
          expect(rawQuery, where).toBe(true);
          expect(query, where).toMatch(/^SELECT .* FROM /);
          expect(query, where).toContain('"device" =~ /^$device$/');
        }
      }
    },
  );

  it('the data source, app and dashboard provider', async () => {
    const { datasources } = (await readYaml('datasources/influxdb.yaml')) as {
      datasources: { uid: string; type: string; jsonData: Record<string, string> }[];
    };
    expect(datasources[0]).toMatchObject({
      uid: INFLUX_DATASOURCE.uid,
      type: 'influxdb',
      jsonData: { version: 'InfluxQL', dbName: 'ioworker', httpHeaderName1: 'Authorization' },
      secureJsonData: { httpHeaderValue1: 'Token ${INFLUX_TOKEN}' },
    });
    expect(await readYaml('plugins/app.yaml')).toMatchObject({
      apps: [{ type: 'ioworker-worker-app', jsonData: { apiUrl: '${IOWORKER_API_URL}' } }],
    });
    expect(await readYaml('dashboards/provider.yaml')).toMatchObject({
      apiVersion: 1,
      providers: [{ type: 'file', options: { path: expect.any(String) } }],
    });
  });
});

type Node = {
  refId: string;
  datasourceUid: string;
  relativeTimeRange: { from: number; to: number };
  model: { refId: string; query?: string; rawQuery?: boolean; resultFormat?: string };
};
type Rule = Record<string, unknown> & {
  uid: string;
  condition: string;
  data: Node[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
};

const rulesYaml = (await readYaml('alerting/rules.yaml')) as {
  apiVersion: number;
  groups: { orgId: number; name: string; folder: string; interval: string; rules: Rule[] }[];
};

describe('the alert rules have what file provisioning requires', () => {
  const file = rulesYaml;
  const rules = file.groups.flatMap((group) => group.rules);

  it('groups with org, name, folder and interval', () => {
    expect(file.apiVersion).toBe(1);
    for (const group of file.groups) {
      expect(group).toMatchObject({ orgId: 1, folder: expect.any(String), interval: '1m' });
    }
    expect(new Set(rules.map((rule) => rule.uid)).size).toBe(rules.length);
  });

  it.each(rules.map((rule) => [rule.uid, rule]))('%s', (_uid, rule) => {
    for (const key of ['uid', 'title', 'condition', 'for', 'noDataState', 'execErrState']) {
      expect(rule[key], key).toBeTypeOf('string');
    }
    expect(rule.uid.length).toBeLessThanOrEqual(40);
    expect(rule.data.map((node) => node.refId)).toContain(rule.condition);
    for (const node of rule.data) {
      expect(node.model.refId).toBe(node.refId);
      expect(node.datasourceUid).toMatch(/^(ioworker-influx|__expr__)$/);
      expect(node.relativeTimeRange.to).toBe(0);
      if (node.datasourceUid === '__expr__') continue;
      expect(node.relativeTimeRange.from).toBeGreaterThan(0);
      expect(node.model).toMatchObject({ rawQuery: true, resultFormat: 'time_series' });
      expect(node.model.query).toContain('$timeFilter');
      // The outermost GROUP BY names the labels every alert carries.
      expect(node.model.query?.match(/GROUP BY (?:[^()]|\([^()]*\))*$/)?.[0]).toContain('"device"');
    }
    expect(rule.labels.severity).toMatch(/^(critical|warning|info)$/);
    expect(rule.annotations.summary).toContain('{{ $labels.device }}');
    expect(rule.annotations.description).toMatch(
      /What it means[\s\S]*What to check[\s\S]*What to do/,
    );
  });

  it('notify the API webhook with the alerts token, grouped by device', async () => {
    const { contactPoints } = (await readYaml('alerting/contact-points.yaml')) as {
      contactPoints: { name: string; receivers: { type: string; settings: object }[] }[];
    };
    const { policies } = (await readYaml('alerting/policies.yaml')) as {
      policies: { receiver: string; group_by: string[] }[];
    };
    expect(contactPoints[0]?.receivers[0]).toMatchObject({
      type: 'webhook',
      settings: {
        url: '${IOWORKER_API_INTERNAL_URL}/v1/alerts/grafana',
        authorization_scheme: 'Bearer',
        authorization_credentials: '${ALERTS_TOKEN}',
      },
    });
    expect(policies[0]).toMatchObject({
      receiver: contactPoints[0]?.name,
      group_by: ['device', 'alertname'],
    });
  });
});
