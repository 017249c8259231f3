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

/** Runs a connector once, or every interval until SIGINT/SIGTERM (the run in progress finishes first). */
export async function runConnector(
  app: INestApplicationContext,
  connector: SourceConnector,
  source: string,
  options: RunCommandOptions,
): Promise<void> {
  const runs = app.get(ConnectorRunService);
  let stopping = false;
  const stop = () => (stopping = true);
  process.once('SIGINT', stop).once('SIGTERM', stop);
  do {
    heartbeat(options.heartbeatFile);
    const summary = await runs.runOnce(source, connector, {
      onProgress: progressReporter(options.heartbeatFile),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(`${formatSummary(connector.kind, summary)}\n`);
    if (options.once) break;
    for (let waited = 0; waited < options.intervalSeconds && !stopping; waited++) {
      heartbeat(options.heartbeatFile);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } while (!stopping);
}
