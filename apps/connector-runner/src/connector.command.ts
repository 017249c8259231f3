import { utimesSync, writeFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { ConnectorRunService, type RunProgress, type RunSummary } from '@tributary/connectors';
import type { SourceConnector } from '@tributary/connectors-data-access';
import type { ConnectorOptions } from './connector.factory';

export interface RunCommandOptions extends ConnectorOptions {
  source?: string;
  once?: boolean;
  intervalSeconds: number;
  heartbeatFile?: string | undefined;
}

function heartbeat(file: string | undefined): void {
  if (!file) return;
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    writeFileSync(file, now.toISOString());
  }
}

export function formatSummary(kind: string, summary: RunSummary): string {
  const lines = [
    `${kind} source=${summary.source} seen=${summary.seen} changed=${summary.changed} deleted=${summary.deleted} failed=${summary.failed} in ${(summary.durationMs / 1000).toFixed(1)}s`,
  ];
  for (const failure of summary.failures.slice(0, 20))
    lines.push(`  failed ${failure.docId}: ${failure.error}`);
  if (summary.failures.length > 20) lines.push(`  ... and ${summary.failures.length - 20} more`);
  return lines.join('\n');
}

function progressReporter(heartbeatFile: string | undefined): (progress: RunProgress) => void {
  return ({ seen, changed, deleted, failed }) => {
    heartbeat(heartbeatFile);
    if (process.stderr.isTTY)
      process.stderr.write(`\r  seen ${seen}  changed ${changed}  deleted ${deleted}  failed ${failed}`);
  };
}

/**
 * Runs a connector once, or every interval until SIGINT/SIGTERM. The first
 * signal lets the pass in progress finish (its checkpoints stay consistent);
 * a second one exits at once. In interval mode a failed pass (Kafka or Redis
 * unreachable) is reported and retried at the next interval.
 */
export async function runConnector(
  app: INestApplicationContext,
  connector: SourceConnector,
  source: string,
  options: RunCommandOptions,
  log: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): Promise<void> {
  const runs = app.get(ConnectorRunService);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    log('stopping after the current pass (signal again to stop now)');
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  try {
    do {
      heartbeat(options.heartbeatFile);
      try {
        const summary = await runs.runOnce(source, connector, {
          onProgress: progressReporter(options.heartbeatFile),
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stdout.write(`${formatSummary(connector.kind, summary)}\n`);
      } catch (error) {
        if (options.once) throw error;
        log(`pass failed, retrying in ${options.intervalSeconds}s: ${(error as Error).message}`);
      }
      if (options.once) break;
      for (let waited = 0; waited < options.intervalSeconds && !stopping; waited++) {
        heartbeat(options.heartbeatFile);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } while (!stopping);
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}
