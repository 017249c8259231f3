import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './eventually';

const ROOT = join(__dirname, '../../..');

/**
 * The index names and model every app started here uses unless a test says
 * otherwise: tests and benchmarks never touch the demo's `tributary-chunks`
 * (which may hold a real model), and the placeholder model keeps them fast.
 */
export const TEST_INDEX_ENV = {
  CHUNKS_ALIAS: 'tributary-test-chunks',
  DOCUMENT_STATE_INDEX: 'tributary-test-documents',
  EMBEDDING_MODEL: 'hashing-placeholder-v2-256',
  MODEL_REGISTRY_INDEX: 'tributary-test-models',
  FINETUNE_RUNS_INDEX: 'tributary-test-finetune-runs',
  FINETUNE_DATASETS_INDEX: 'tributary-test-finetune-datasets',
  FINETUNE_REDIS_PREFIX: 'tributary-test:finetune',
} as const;

export interface AppProcess {
  readonly url: string;
  logs(): string;
  /** SIGTERM, then SIGKILL after 15 s: a graceful stop. */
  stop(): Promise<void>;
  /** SIGKILL at once: a crash, nothing flushed or committed. */
  crash(): Promise<void>;
}

/**
 * Starts an app from its TypeScript entry point as a real child process and
 * waits until its /readyz answers 200.
 */
export async function startApp(
  entry: string,
  env: Record<string, string>,
  port: number,
): Promise<AppProcess> {
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, entry)], {
    cwd: ROOT,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      PORT: String(port),
      HOST: '127.0.0.1',
      ...TEST_INDEX_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const handle: AppProcess = {
    url,
    logs: () => output.join(''),
    stop: () => stopChild(child, 'SIGTERM'),
    crash: () => stopChild(child, 'SIGKILL'),
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
        const response = await fetch(`${url}/readyz`);
        if (response.status !== 200) throw new Error(`${entry} not ready: ${await response.text()}`);
      },
      { timeoutMs: 60_000, intervalMs: 300 },
    );
  } catch (error) {
    await handle.stop();
    throw new Error(`${(error as Error).message}\n--- ${entry} output ---\n${handle.logs().slice(-4000)}`);
  }
  return handle;
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
