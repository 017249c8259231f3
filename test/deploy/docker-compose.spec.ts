import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs here, so docker-compose.yml is checked by structure:
 * the same services, versions and ports as the local stack, every service
 * health-checked, every app waiting for healthy dependencies.
 */
const ROOT = join(__dirname, '../..');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  ports?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const versions = Object.fromEntries(
  readFileSync(join(ROOT, 'deploy/local/versions.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.split('=') as [string, string]),
);

const SERVICES = ['kafka', 'elasticsearch', 'redis', 'postgres'];
const APPS = ['embedder', 'query-gateway', 'connector-runner', 'finetune-scheduler', 'ops-console'];
/** Processes that run another entry point of an app's image. */
const WORKERS = ['finetune-worker'];

describe('docker-compose.yml', () => {
  it('runs the four services, the five apps and the fine-tune worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...SERVICES, ...APPS, ...WORKERS].sort());
  });

  it("runs the fine-tune worker from the scheduler's image with the worker entry point", () => {
    const worker = compose.services['finetune-worker'] as ComposeService & { entrypoint?: string[] };
    expect(worker.build?.dockerfile).toBe('deploy/docker/finetune-scheduler.Dockerfile');
    expect(worker.entrypoint).toEqual(['node', 'dist/apps/finetune-scheduler/src/worker.js']);
    expect(worker.healthcheck?.test).toBeDefined();
  });

  it('pins each service image to the version the local stack runs', () => {
    expect(compose.services['kafka']?.image).toBe(`apache/kafka:${versions['KAFKA_VERSION']}`);
    expect(compose.services['elasticsearch']?.image).toBe(
      `docker.elastic.co/elasticsearch/elasticsearch:${versions['ES_VERSION']}`,
    );
    expect(compose.services['redis']?.image).toMatch(/^redis:7\.\d+\.\d+$/);
    // The local stack runs Debian's current minor of that major, so compose pins the major too.
    expect(compose.services['postgres']?.image).toBe(`postgres:${versions['POSTGRES_VERSION']}`);
  });

  it('publishes the same ports as the local stack', () => {
    expect(compose.services['kafka']?.ports).toContain(`${versions['KAFKA_PORT']}:9092`);
    expect(compose.services['elasticsearch']?.ports).toContain(`${versions['ES_PORT']}:9200`);
    expect(compose.services['redis']?.ports).toContain(`${versions['REDIS_PORT']}:6379`);
    expect(compose.services['postgres']?.ports).toContain(`${versions['POSTGRES_PORT']}:5432`);
    expect(compose.services['query-gateway']?.ports).toContain('3000:3000');
    expect(compose.services['ops-console']?.ports).toContain('3004:3004');
  });

  it('serves the console over plain HTTP locally, so its session cookie is not Secure', () => {
    const opsConsole = compose.services['ops-console'] as ComposeService & {
      environment?: Record<string, string>;
    };
    expect(opsConsole.environment?.['CONSOLE_COOKIE_SECURE']).toBe('false');
    expect(Object.keys(opsConsole.depends_on ?? {}).sort()).toEqual(['elasticsearch', 'kafka', 'redis']);
  });

  it.each([...SERVICES, ...APPS])('health-checks %s', (name) => {
    expect(compose.services[name]?.healthcheck?.test).toBeDefined();
  });

  it.each(APPS)('builds %s from its own Dockerfile and waits for healthy dependencies', (name) => {
    const service = compose.services[name]!;
    expect(service.build?.dockerfile).toBe(`deploy/docker/${name}.Dockerfile`);
    expect(existsSync(join(ROOT, service.build!.dockerfile))).toBe(true);
    const dependencies = Object.values(service.depends_on ?? {});
    expect(dependencies.length).toBeGreaterThan(0);
    expect(dependencies.every((dependency) => dependency.condition === 'service_healthy')).toBe(true);
  });

  it.each(APPS)('the %s Dockerfile builds and starts that app', (name) => {
    const dockerfile = readFileSync(join(ROOT, `deploy/docker/${name}.Dockerfile`), 'utf8');
    expect(dockerfile).toContain(`node tools/scripts/build.mjs ${name}`);
    expect(dockerfile).toContain(`dist/apps/${name}/src/main.js`);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
