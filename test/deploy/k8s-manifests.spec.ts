import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENT_CHANGES_TOPIC } from '@tributary/contracts';
import { TRIBUTARY_TOPICS } from '@tributary/kafka';
import {
  K8S_DIR,
  ROOT,
  kustomizationResources,
  loadResources,
  topLevelManifests,
  workloads,
  type Resource,
} from './deploy-manifests';

/**
 * deploy/k8s, checked offline: against the real Kubernetes schemas (strict) by
 * tools/scripts/validate-k8s.sh, and for what the schemas cannot know: probes,
 * resources, security, scrape annotations and the embedder's partition bound.
 */
function validate(...targets: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [join(ROOT, 'tools/scripts/validate-k8s.sh'), ...targets],
      { cwd: ROOT, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

const resources = loadResources();
const apps = workloads(resources);
const byKindName = (kind: string, name: string): Resource => {
  const found = resources.find((r) => r.kind === kind && r.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in deploy/k8s`);
  return found;
};

describe('deploy/k8s against the Kubernetes schemas', () => {
  let broken: string;
  beforeAll(() => {
    broken = mkdtempSync(join(tmpdir(), 'tributary-k8s-'));
  });
  afterAll(() => rmSync(broken, { recursive: true, force: true }));

  it('validates every manifest strictly for the stated Kubernetes version', async () => {
    const { code, output } = await validate();
    expect(output).toMatch(
      /validate-k8s: \d+ resources in \d+ files valid for Kubernetes 1\.33\.0 \(strict\)/,
    );
    expect(code).toBe(0);
  }, 300_000);

  it('refuses a manifest with a misspelt field, naming it', async () => {
    const manifest = readFileSync(join(K8S_DIR, 'embedder.yaml'), 'utf8');
    expect(manifest).toContain('readinessProbe:');
    writeFileSync(join(broken, 'embedder.yaml'), manifest.replace('readinessProbe:', 'readynessProbe:'));
    const { code, output } = await validate(join(broken, 'embedder.yaml'));
    expect(code).toBe(1);
    expect(output).toContain("'readynessProbe' was unexpected");
  }, 300_000);

  it('refuses an unknown kind, which kubernetes-validate alone only warns about', async () => {
    const manifest = readFileSync(join(K8S_DIR, 'namespace.yaml'), 'utf8');
    writeFileSync(join(broken, 'namespace.yaml'), manifest.replace('kind: Namespace', 'kind: Namespaces'));
    const { code, output } = await validate(join(broken, 'namespace.yaml'));
    expect(code).toBe(1);
    expect(output).toContain("Couldn't find schema for kind Namespaces");
  }, 300_000);

  it('refuses a kustomization that leaves a manifest out', async () => {
    const folder = mkdtempSync(join(broken, 'kustomize-'));
    copyFileSync(join(K8S_DIR, 'namespace.yaml'), join(folder, 'namespace.yaml'));
    copyFileSync(join(K8S_DIR, 'config.yaml'), join(folder, 'config.yaml'));
    writeFileSync(join(folder, 'kustomization.yaml'), 'resources:\n  - namespace.yaml\n');
    const { code, output } = await validate(folder);
    expect(code).toBe(1);
    expect(output).toContain('does not list config.yaml');
  }, 300_000);
});

describe('deploy/k8s', () => {
  it('applies every manifest of the folder through kustomization.yaml', () => {
    expect([...kustomizationResources()].sort()).toEqual(topLevelManifests());
  });

  it('puts everything in the tributary namespace', () => {
    expect(byKindName('Namespace', 'tributary')).toBeDefined();
    for (const resource of resources.filter((r) => r.kind !== 'Namespace')) {
      expect(`${resource.kind}/${resource.metadata.name}:${resource.metadata.namespace}`).toBe(
        `${resource.kind}/${resource.metadata.name}:tributary`,
      );
    }
  });

  it('runs the five apps and a connector as a Deployment and as a CronJob', () => {
    expect(apps.map(({ resource }) => `${resource.kind}/${resource.metadata.name}`).sort()).toEqual([
      'CronJob/connector-handbook-web',
      'Deployment/connector-docs-web',
      'Deployment/embedder',
      'Deployment/finetune-scheduler',
      'Deployment/finetune-worker',
      'Deployment/ops-console',
      'Deployment/query-gateway',
    ]);
  });

  describe.each(
    apps.map(({ resource, pod }) => [`${resource.kind}/${resource.metadata.name}`, pod] as const),
  )('%s', (_name, pod) => {
    const [container] = pod.spec.containers;

    it('sets requests and limits for CPU and memory', () => {
      for (const c of pod.spec.containers) {
        expect(Object.keys(c.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
      }
    });

    it('runs as non-root on a read-only root filesystem', () => {
      expect(pod.spec.securityContext?.runAsNonRoot).toBe(true);
      for (const c of pod.spec.containers) {
        expect(c.securityContext?.readOnlyRootFilesystem).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation).toBe(false);
      }
    });

    it('has liveness and readiness probes', () => {
      expect(container!.livenessProbe).toBeDefined();
      expect(container!.readinessProbe).toBeDefined();
    });

    it('is scraped by Prometheus on a port the container opens', () => {
      const annotations = pod.metadata.annotations ?? {};
      expect(annotations['prometheus.io/scrape']).toBe('true');
      expect(annotations['prometheus.io/path']).toBe('/metrics');
      const ports = container!.ports?.map((p) => String(p.containerPort));
      expect(ports).toContain(annotations['prometheus.io/port']);
    });

    it('takes secrets from tributary-secrets only', () => {
      for (const variable of container!.env ?? []) {
        if (!/_KEY$|^REDIS_URL$/.test(variable.name)) continue;
        expect(variable.value).toBeUndefined();
        expect(variable.valueFrom?.secretKeyRef?.name).toBe('tributary-secrets');
      }
    });
  });

  it('references only keys that tributary-config and tributary-secrets define', () => {
    const config = Object.keys(byKindName('ConfigMap', 'tributary-config').data ?? {});
    const secrets = Object.keys(byKindName('Secret', 'tributary-secrets').stringData ?? {});
    for (const { pod } of apps) {
      for (const variable of pod.spec.containers.flatMap((c) => c.env ?? [])) {
        const fromConfig = variable.valueFrom?.configMapKeyRef;
        const fromSecret = variable.valueFrom?.secretKeyRef;
        if (fromConfig)
          expect(`${fromConfig.name}:${config.includes(fromConfig.key)}`).toBe('tributary-config:true');
        if (fromSecret)
          expect(`${fromSecret.name}:${secrets.includes(fromSecret.key)}`).toBe('tributary-secrets:true');
      }
    }
  });

  it('marks the example Secret as placeholders', () => {
    const secret = byKindName('Secret', 'tributary-secrets');
    expect(readFileSync(join(K8S_DIR, 'secrets.example.yaml'), 'utf8')).toMatch(/^# EXAMPLE ONLY/);
    for (const value of Object.values(secret.stringData ?? {})) expect(value).toContain('REPLACE_ME');
  });

  it('runs no more embedders than the change topic has partitions, and drains them one at a time', () => {
    const partitions = TRIBUTARY_TOPICS.find((t) => t.topic === DOCUMENT_CHANGES_TOPIC)?.numPartitions;
    const embedder = byKindName('Deployment', 'embedder');
    expect(embedder.spec?.replicas).toBe(2);
    expect(embedder.spec!.replicas!).toBeLessThanOrEqual(partitions!);
    expect(byKindName('PodDisruptionBudget', 'embedder').spec?.maxUnavailable).toBe(1);
    // Long enough for the slices in hand to be embedded, written and committed.
    expect(embedder.spec?.template?.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
  });

  it('sizes the embedder for CPU-bound inference: as many ONNX threads as CPUs, request equal to limit', () => {
    const [container] = byKindName('Deployment', 'embedder').spec!.template!.spec.containers;
    const threads = container!.env?.find((e) => e.name === 'EMBEDDING_THREADS')?.value;
    expect(threads).toBe(container!.resources?.limits?.['cpu']);
    expect(container!.resources?.requests?.['cpu']).toBe(container!.resources?.limits?.['cpu']);
  });

  it('scales the query gateway on CPU from two replicas', () => {
    const gateway = byKindName('Deployment', 'query-gateway');
    const hpa = byKindName('HorizontalPodAutoscaler', 'query-gateway');
    expect(gateway.spec?.replicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec?.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'query-gateway',
    });
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(hpa.spec)).toContain('"name":"cpu"');
  });

  it("runs the fine-tune worker from the scheduler's image with the worker entry point", () => {
    const [scheduler] = byKindName('Deployment', 'finetune-scheduler').spec!.template!.spec.containers;
    const [worker] = byKindName('Deployment', 'finetune-worker').spec!.template!.spec.containers;
    expect(worker!.image).toBe(scheduler!.image);
    expect(worker!.command).toEqual(['node', 'dist/apps/finetune-scheduler/src/worker.js']);
  });

  it('runs the connector examples as a scheduled service and as a one-off pass', () => {
    const [service] = byKindName('Deployment', 'connector-docs-web').spec!.template!.spec.containers;
    const [once] = byKindName('CronJob', 'connector-handbook-web').spec!.jobTemplate!.spec.template.spec
      .containers;
    expect(service!.args?.slice(0, 3)).toEqual(['connector', 'run', 'web']);
    expect(service!.args).toEqual(expect.arrayContaining(['--url', '--interval', '300']));
    expect(once!.args).toContain('--once');
    for (const c of [service!, once!]) {
      expect(c.env?.find((e) => e.name === 'METRICS_PORT')?.value).toBe('3005');
    }
  });
});
