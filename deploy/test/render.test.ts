import { describe, expect, it } from 'vitest';
import { overlays, render } from './render.js';

describe.each(overlays)('kubectl kustomize overlays/%s', (overlay) => {
  it('renders, every object in the overlay namespace', () => {
    const objects = render(overlay);
    const namespace = overlay === 'production' ? 'ioworker' : 'ioworker-dev';
    expect(objects.length).toBeGreaterThan(20);
    for (const object of objects) {
      if (object.kind === 'Namespace') expect(object.metadata.name).toBe(namespace);
      else
        expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(namespace);
    }
  });

  it('has every part of the stack', () => {
    const names = new Set(render(overlay).map((o) => `${o.kind}/${o.metadata.name}`));
    for (const name of [
      'Deployment/api',
      'Service/api',
      'PodDisruptionBudget/api',
      'NetworkPolicy/api',
      'Deployment/worker',
      'Job/migrate',
      'Cluster/postgres',
      'StatefulSet/influxdb',
      'CronJob/influxdb-backup',
      'Deployment/grafana',
      'DaemonSet/collector',
      'ServiceMonitor/ioworker',
    ]) {
      expect(names, name).toContain(name);
    }
  });
});

describe('overlays differ where they should', () => {
  const find = (overlay: 'dev' | 'production', kind: string, name: string) =>
    render(overlay).find((o) => o.kind === kind && o.metadata.name === name)!;

  it('production: HPA on CPU, TLS Ingresses by cert-manager, nightly PostgreSQL backups', () => {
    const hpa = find('production', 'HorizontalPodAutoscaler', 'api');
    expect(hpa.spec).toMatchObject({
      metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
    });
    for (const name of ['api', 'grafana']) {
      const ingress = find('production', 'Ingress', name);
      expect(ingress.metadata.annotations).toHaveProperty(['cert-manager.io/cluster-issuer']);
      expect(ingress.spec).toHaveProperty(['tls', 0, 'secretName']);
    }
    expect(find('production', 'ScheduledBackup', 'postgres-nightly').spec).toMatchObject({
      cluster: { name: 'postgres' },
      method: 'barmanObjectStore',
    });
    expect(find('production', 'Cluster', 'postgres').spec).toMatchObject({
      instances: 3,
      backup: {
        barmanObjectStore: { s3Credentials: { accessKeyId: { name: 'ioworker-backup-s3' } } },
      },
    });
    expect(find('production', 'Deployment', 'worker').spec).toMatchObject({ replicas: 2 });
  });

  it('dev: one replica each, no Ingress nor object store, simulated GPUs on any node', () => {
    expect(find('dev', 'Deployment', 'api').spec).toMatchObject({ replicas: 1 });
    expect(find('dev', 'Deployment', 'worker').spec).toMatchObject({ replicas: 1 });
    expect(find('dev', 'Cluster', 'postgres').spec).toMatchObject({ instances: 1 });
    expect(find('dev', 'Cluster', 'postgres').spec).not.toHaveProperty('backup');
    const kinds = new Set(render('dev').map((o) => o.kind));
    expect(kinds).not.toContain('Ingress');
    expect(kinds).not.toContain('HorizontalPodAutoscaler');
    expect(kinds).not.toContain('ScheduledBackup');
    const collector = find('dev', 'DaemonSet', 'collector');
    expect(collector.spec).not.toHaveProperty(['template', 'spec', 'runtimeClassName']);
    expect(collector.spec).not.toHaveProperty(['template', 'spec', 'nodeSelector']);
    const config = render('dev').find((o) => o.metadata.name.startsWith('collector-config-'))!;
    expect(config.data).toMatchObject({ COLLECTOR_ARGS: '--source simulated --gpus 2' });
  });

  it('production: the collector on GPU nodes only, with the NVIDIA runtime', () => {
    const spec = find('production', 'DaemonSet', 'collector').spec as {
      template: { spec: Record<string, unknown> };
    };
    expect(spec.template.spec).toMatchObject({
      runtimeClassName: 'nvidia',
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
    });
  });
});
