import { describe, expect, it } from 'vitest';
import { overlays, render, type KubeObject } from './render.js';

interface Container {
  name: string;
  image: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  env?: { name: string }[];
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  initContainers?: Container[];
}
interface Workload {
  object: KubeObject;
  pod: PodSpec;
  /** A Job's or CronJob's pod runs to completion: no probes. */
  runsToCompletion: boolean;
}

/**
 * The one container allowed to start as root: on the node, the kubelet creates the collector's
 * hostPath folder owned by root, and this init container hands it to the collector's user. It
 * may add CAP_CHOWN and nothing else.
 */
const ROOT_EXCEPTION = { workload: 'DaemonSet/collector', container: 'host-dir' };

function workloads(objects: KubeObject[]): Workload[] {
  return objects.flatMap((object): Workload[] => {
    const spec = object.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    switch (object.kind) {
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
        return [{ object, pod: spec!.template.spec, runsToCompletion: false }];
      case 'Job':
        return [{ object, pod: spec!.template.spec, runsToCompletion: true }];
      case 'CronJob':
        return [{ object, pod: spec!.jobTemplate.spec.template.spec, runsToCompletion: true }];
      default:
        return [];
    }
  });
}

const id = (object: KubeObject) => `${object.kind}/${object.metadata.name}`;

function allContainers({ pod }: Workload): { container: Container; init: boolean }[] {
  return [
    ...(pod.initContainers ?? []).map((container) => ({ container, init: true })),
    ...pod.containers.map((container) => ({ container, init: false })),
  ];
}

/** A tag that is not `latest`, or a digest. */
function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && tag !== 'latest';
}

describe.each(overlays)('overlays/%s policy', (overlay) => {
  const objects = render(overlay);
  const pods = workloads(objects);

  it('commits no Secret: every one is referenced and made outside the repository', () => {
    expect(objects.filter((o) => o.kind === 'Secret').map(id)).toEqual([]);
  });

  it('pins every image by a tag other than latest (or a digest)', () => {
    const images = pods.flatMap((w) => allContainers(w).map(({ container }) => container.image));
    for (const cluster of objects.filter((o) => o.kind === 'Cluster')) {
      images.push(String(cluster.spec!.imageName));
    }
    expect(images.length).toBeGreaterThan(5);
    expect(images.filter((image) => !isPinned(image))).toEqual([]);
    expect(isPinned('influxdb')).toBe(false);
    expect(isPinned('influxdb:latest')).toBe(false);
    expect(isPinned('localhost:5000/influxdb')).toBe(false);
  });

  it('gives every container, init containers too, CPU and memory requests and limits', () => {
    const missing = pods.flatMap((w) =>
      allContainers(w)
        .filter(({ container: { resources: r } }) =>
          [r?.requests?.cpu, r?.requests?.memory, r?.limits?.cpu, r?.limits?.memory].includes(
            undefined,
          ),
        )
        .map(({ container }) => `${id(w.object)}: ${container.name}`),
    );
    expect(missing).toEqual([]);
  });

  it('probes the liveness and readiness of every long-running container (not Jobs, CronJobs nor init containers)', () => {
    const missing = pods
      .filter((w) => !w.runsToCompletion)
      .flatMap((w) =>
        w.pod.containers
          .filter((c) => !c.livenessProbe || !c.readinessProbe)
          .map((c) => `${id(w.object)}: ${c.name}`),
      );
    expect(missing).toEqual([]);
  });

  it('runs every container as non-root, without privilege escalation, on a read-only root filesystem', () => {
    const problems: string[] = [];
    for (const w of pods) {
      for (const { container } of allContainers(w)) {
        const where = `${id(w.object)}: ${container.name}`;
        const context = container.securityContext ?? {};
        const isException =
          id(w.object) === ROOT_EXCEPTION.workload && container.name === ROOT_EXCEPTION.container;
        const nonRoot = context.runAsNonRoot ?? w.pod.securityContext?.runAsNonRoot;
        const user = context.runAsUser ?? w.pod.securityContext?.runAsUser;
        if (isException) {
          const { add = [], drop = [] } = context.capabilities ?? {};
          if (add.join() !== 'CHOWN' || drop.join() !== 'ALL') {
            problems.push(`${where}: may add CAP_CHOWN only`);
          }
        } else {
          if (nonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
          if (user === 0) problems.push(`${where}: runs as user 0`);
          if (context.capabilities?.add?.length) problems.push(`${where}: adds capabilities`);
        }
        if (context.allowPrivilegeEscalation !== false) {
          problems.push(`${where}: allowPrivilegeEscalation is not false`);
        }
        if (context.readOnlyRootFilesystem !== true) {
          problems.push(`${where}: the root filesystem is writable`);
        }
        if (!context.capabilities?.drop?.includes('ALL')) {
          problems.push(`${where}: does not drop ALL capabilities`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('lets only the worker reference the treasury keypair', () => {
    const referencing = objects
      .filter((o) => /ioworker-treasury|TREASURY_KEYPAIR/.test(JSON.stringify(o)))
      .map(id);
    expect(referencing).toEqual(['Deployment/worker']);
    const worker = pods.find((w) => id(w.object) === 'Deployment/worker')!;
    expect(worker.pod.containers[0]!.env).toContainEqual({
      name: 'TREASURY_KEYPAIR',
      value: '/var/run/secrets/ioworker/treasury/keypair.json',
    });
  });

  it('sets the role of each API-image process', () => {
    const role = (name: string) =>
      pods
        .find((w) => id(w.object) === name)!
        .pod.containers[0]!.env!.find((e) => e.name === 'ROLE');
    expect(role('Deployment/api')).toEqual({ name: 'ROLE', value: 'api' });
    expect(role('Deployment/worker')).toEqual({ name: 'ROLE', value: 'worker' });
    expect(role('Job/migrate')).toEqual({ name: 'ROLE', value: 'migrate' });
  });
});
