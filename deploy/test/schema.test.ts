import { describe, expect, it } from 'vitest';
import { overlays, render, type KubeObject } from './render.js';

/**
 * Validates each rendered object with its model from `kubernetes-models` (the built-in kinds) or
 * `@kubernetes-models/*` (the CRDs: CloudNativePG, prometheus-operator). These check types,
 * required fields, enums and formats; like the API server without strict field validation, they
 * let an unknown field through, so a misspelt optional field is not caught here.
 */
const crdPackages: Record<string, string> = {
  'postgresql.cnpg.io': '@kubernetes-models/cloudnative-pg',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

interface Model {
  validate(): void;
}
type ModelClass = new (data: KubeObject) => Model;

async function modelOf({ apiVersion, kind }: KubeObject): Promise<ModelClass> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const module = group
    ? `${crdPackages[group!] ?? 'kubernetes-models'}/${group}/${version}`
    : `kubernetes-models/${version}`;
  const models = (await import(module)) as Record<string, ModelClass | undefined>;
  const model = models[kind];
  if (!model) throw new Error(`${module} has no model for ${kind}`);
  return model;
}

describe.each(overlays)('overlays/%s against the schemas', (overlay) => {
  it('every object is valid', async () => {
    const problems: string[] = [];
    for (const object of render(overlay)) {
      const Model = await modelOf(object);
      try {
        new Model(object).validate();
      } catch (error) {
        problems.push(`${object.kind}/${object.metadata.name}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['Deployment', 'replicas'],
    ['Cluster', 'instances'],
  ])('a broken %s is caught (the validation is not a no-op)', async (kind, field) => {
    const object = structuredClone(render(overlay).find((o) => o.kind === kind)!);
    object.spec![field] = 'two';
    const Model = await modelOf(object);
    expect(() => new Model(object).validate()).toThrow(new RegExp(field));
  });
});
