import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const kubernetesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'kubernetes');
export const overlays = ['dev', 'production'] as const;
export type Overlay = (typeof overlays)[number];

/** The subset of a rendered object every test reads; the rest is checked by the schemas. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

/** kustomize v5 ships in kubectl from 1.27 on; Debian's kubectl 1.20 has kustomize v2. */
const MIN_KUBECTL_MINOR = 27;

function kubectl(args: string[]): string {
  try {
    return execFileSync('kubectl', args, {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(
        `kubectl is not installed: these tests need kubectl 1.${MIN_KUBECTL_MINOR}+ (with kustomize v5) on PATH, see https://kubernetes.io/docs/tasks/tools/.`,
        { cause: error },
      );
    }
    throw new Error(`kubectl ${args.join(' ')} failed: ${stderr ?? String(error)}`, {
      cause: error,
    });
  }
}

let checkedVersion = false;

function checkKubectlVersion(): void {
  if (checkedVersion) return;
  const version = JSON.parse(kubectl(['version', '--client', '--output=json'])) as {
    clientVersion: { major: string; minor: string };
    kustomizeVersion?: string;
  };
  const minor = Number.parseInt(version.clientVersion.minor, 10);
  if (version.clientVersion.major !== '1' || !(minor >= MIN_KUBECTL_MINOR)) {
    throw new Error(
      `kubectl ${version.clientVersion.major}.${version.clientVersion.minor} is too old: these tests need kubectl 1.${MIN_KUBECTL_MINOR}+ (kustomize v5), not a distribution's kubectl 1.20.`,
    );
  }
  checkedVersion = true;
}

const rendered = new Map<Overlay, KubeObject[]>();

/** `kubectl kustomize deploy/kubernetes/overlays/<overlay>`, parsed; rendered once per run. */
export function render(overlay: Overlay): KubeObject[] {
  const cached = rendered.get(overlay);
  if (cached) return cached;
  checkKubectlVersion();
  const output = kubectl(['kustomize', join(kubernetesDir, 'overlays', overlay)]);
  const objects = parseAllDocuments(output).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJS() as KubeObject;
  });
  rendered.set(overlay, objects);
  return objects;
}
