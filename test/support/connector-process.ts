import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { TEST_INDEX_ENV } from '@tributary/testing';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'tools/cli/bin/tributary.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `tributary` CLI as a user would and returns its exit code and output, never throwing on a non-zero exit. */
export function runCli(
  args: readonly string[],
  timeoutMs = 90_000,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const options = { cwd: ROOT, timeout: timeoutMs, env: { ...process.env, ...TEST_INDEX_ENV, ...env } };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}

/** A filesystem connector running every `intervalSeconds` in the background, as an operator would run it. */
export function startScheduledConnector(root: string, source: string, intervalSeconds = 1) {
  const output: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      CLI,
      'connector',
      'run',
      'filesystem',
      '--root',
      root,
      '--source',
      source,
      '--interval',
      String(intervalSeconds),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return {
    logs: () => output.join(''),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Restarts one service of the local stack (deploy/local/stack.sh restart). */
export function restartService(service: 'kafka' | 'elasticsearch' | 'redis'): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [join(ROOT, 'deploy/local/stack.sh'), 'restart', service],
      { timeout: 240_000 },
      (error, _out, stderr) =>
        error ? reject(new Error(`restart ${service} failed: ${stderr}`)) : resolve(),
    );
  });
}
