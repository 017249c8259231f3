import { runnerConfigSchema } from '../../apps/connector-runner/src/runner.config';
import { embedderConfigSchema } from '../../apps/embedder/src/embedder.config';
import { schedulerConfigSchema } from '../../apps/finetune-scheduler/src/scheduler.config';
import { workerConfigSchema } from '../../apps/finetune-scheduler/src/worker.config';
import { consoleConfigSchema } from '../../apps/ops-console/src/console.config';
import { gatewayConfigSchema } from '../../apps/query-gateway/src/gateway.config';
import {
  composeProbe,
  loadCompose,
  loadResources,
  settingsOf,
  workloads,
  type Container,
} from './deploy-manifests';

/**
 * docker-compose.yml and deploy/k8s run the same apps the same way: images,
 * entry points, ports, probes, and environments each app's own config schema
 * accepts and that set everything it cannot default.
 */
const compose = loadCompose();
const pods = workloads(loadResources());

const APPS = [
  { compose: 'query-gateway', k8s: ['Deployment/query-gateway'], schema: gatewayConfigSchema, unused: [] },
  { compose: 'embedder', k8s: ['Deployment/embedder'], schema: embedderConfigSchema, unused: [] },
  {
    compose: 'finetune-scheduler',
    k8s: ['Deployment/finetune-scheduler'],
    schema: schedulerConfigSchema,
    unused: [],
  },
  { compose: 'finetune-worker', k8s: ['Deployment/finetune-worker'], schema: workerConfigSchema, unused: [] },
  { compose: 'ops-console', k8s: ['Deployment/ops-console'], schema: consoleConfigSchema, unused: [] },
  {
    compose: 'connector-runner',
    k8s: ['Deployment/connector-docs-web', 'CronJob/connector-handbook-web'],
    schema: runnerConfigSchema,
    // Only `tributary index migrate` embeds; a connector's pass never loads a model.
    unused: ['EMBEDDING_MODELS_DIR'],
  },
] as const;

function containerOf(workload: string): Container {
  const found = pods.find(({ resource }) => `${resource.kind}/${resource.metadata.name}` === workload);
  if (!found) throw new Error(`no ${workload} in deploy/k8s`);
  return found.pod.spec.containers[0]!;
}

const cases = APPS.flatMap((app) => app.k8s.map((workload) => [app.compose, workload, app] as const));

describe('docker-compose.yml and deploy/k8s', () => {
  it('deploy the same apps', () => {
    const images = new Set(pods.map(({ pod }) => pod.spec.containers[0]!.image));
    const composeApps = Object.values(compose).filter((service) => service.build);
    expect(new Set(composeApps.map((service) => service.image))).toEqual(images);
    expect(APPS.map((app) => app.compose).sort()).toEqual(
      Object.keys(compose)
        .filter((name) => compose[name]!.build)
        .sort(),
    );
  });

  describe.each(cases)('%s as %s', (composeName, workload, app) => {
    const service = compose[composeName]!;
    const container = containerOf(workload);
    const settings = settingsOf(app.schema);
    const k8sEnv = new Map((container.env ?? []).map((variable) => [variable.name, variable]));
    const composeEnv = service.environment ?? {};

    it('runs the same image and entry point', () => {
      expect(container.image).toBe(service.image);
      expect(container.command).toEqual(service.entrypoint);
    });

    it('sets only settings the app knows, in both', () => {
      expect([...k8sEnv.keys()].filter((name) => !settings.known.has(name))).toEqual([]);
      expect(Object.keys(composeEnv).filter((name) => !settings.known.has(name))).toEqual([]);
    });

    it('sets every setting the app cannot default, in both', () => {
      expect(settings.required.size).toBeGreaterThan(0);
      for (const name of [...settings.required].filter(
        (n) => !(app.unused as readonly string[]).includes(n),
      )) {
        expect(`${name}: ${k8sEnv.has(name)}`).toBe(`${name}: true`);
        expect(`${name}: ${name in composeEnv}`).toBe(`${name}: true`);
      }
    });

    it('listens on the same port, probed on the same paths', () => {
      const probe = composeProbe(service);
      if (!probe) {
        // The connector runner has no HTTP server of its own: its metrics port and heartbeat file.
        expect(String(composeEnv['METRICS_PORT'])).toBe(k8sEnv.get('METRICS_PORT')?.value);
        expect(container.ports?.map((p) => p.containerPort)).toEqual([Number(composeEnv['METRICS_PORT'])]);
        expect(composeEnv['HEARTBEAT_FILE']).toBe(k8sEnv.get('HEARTBEAT_FILE')?.value);
        const composeCheck = (service.healthcheck?.test as string[]).slice(1);
        expect(container.livenessProbe?.exec?.command).toEqual(composeCheck);
        expect(composeCheck.join(' ')).toContain(String(composeEnv['HEARTBEAT_FILE']));
        return;
      }
      expect(container.ports?.map((p) => p.containerPort)).toEqual([probe.port]);
      const port = (settings.known.has('PORT') && Number(k8sEnv.get('PORT')?.value)) || undefined;
      expect(port).toBe(probe.port);
      expect(container.readinessProbe?.httpGet?.path).toBe(probe.path);
      expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
      for (const published of service.ports ?? []) expect(published).toBe(`${probe.port}:${probe.port}`);
    });
  });
});
