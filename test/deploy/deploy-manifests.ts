// Reads what test/deploy compares: the Kubernetes manifests, docker-compose.yml and each app's config schema.
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '../..');
export const K8S_DIR = join(ROOT, 'deploy/k8s');

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}

export interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean };
  terminationGracePeriodSeconds?: number;
}

export interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: PodTemplate;
    jobTemplate?: { spec: { template: PodTemplate } };
    maxUnavailable?: number | string;
    minReplicas?: number;
    scaleTargetRef?: { kind: string; name: string };
  };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** The manifests kustomization.yaml applies, in its order. */
export function kustomizationResources(): string[] {
  const kustomization = parse(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
  };
  return kustomization.resources;
}

export function topLevelManifests(): string[] {
  return readdirSync(K8S_DIR)
    .filter((name) => /\.ya?ml$/.test(name) && !name.startsWith('kustomization.'))
    .sort();
}

export function loadResources(): Resource[] {
  return kustomizationResources().flatMap((file) =>
    parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8')).map((doc) => doc.toJS() as Resource),
  );
}

export function podTemplateOf(resource: Resource): PodTemplate | undefined {
  return resource.spec?.template ?? resource.spec?.jobTemplate?.spec.template;
}

/** Deployments and CronJobs with their pod templates. */
export function workloads(resources: readonly Resource[]): { resource: Resource; pod: PodTemplate }[] {
  return resources.flatMap((resource) => {
    const pod = podTemplateOf(resource);
    return pod ? [{ resource, pod }] : [];
  });
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  entrypoint?: string[];
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
}

export function loadCompose(): Record<string, ComposeService> {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  return compose.services;
}

interface ConfigField {
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

/** An app's environment as its zod schema sees it: every key, and those a deployment must set. */
export interface AppSettings {
  known: Set<string>;
  /**
   * No default, or a default that only works on a developer's machine: a loopback
   * address (Kafka, Elasticsearch, Redis) or the home folder (local models).
   */
  required: Set<string>;
}

export function settingsOf(schema: unknown): AppSettings {
  const shape = (schema as { shape: Record<string, ConfigField> }).shape;
  const known = new Set(Object.keys(shape));
  const required = new Set(
    Object.entries(shape)
      .filter(([, field]) => {
        const parsed = field.safeParse(undefined);
        if (!parsed.success) return true;
        const text = JSON.stringify(parsed.data ?? '');
        return /127\.0\.0\.1|localhost/.test(text) || text.includes(homedir());
      })
      .map(([key]) => key),
  );
  return { known, required };
}

/** The container port a compose health check probes, and the path: `fetch('http://127.0.0.1:3001/readyz')`. */
export function composeProbe(service: ComposeService): { port: number; path: string } | undefined {
  const test = Array.isArray(service.healthcheck?.test)
    ? service.healthcheck.test.join(' ')
    : (service.healthcheck?.test ?? '');
  const match = /http:\/\/127\.0\.0\.1:(\d+)(\/[a-z]+)/.exec(test);
  return match ? { port: Number(match[1]), path: match[2]! } : undefined;
}
