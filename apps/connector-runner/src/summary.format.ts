import type { RunSummary } from '@tributary/connectors';

const MAX_FAILURE_LINES = 20;

/** One line of counts, then each failure, then what the mass-delete guard held back. */
export function formatSummary(kind: string, summary: RunSummary): string {
  const lines = [
    `${kind} source=${summary.source} seen=${summary.seen} changed=${summary.changed} deleted=${summary.deleted} failed=${summary.failed} in ${(summary.durationMs / 1000).toFixed(1)}s`,
  ];
  for (const failure of summary.failures.slice(0, MAX_FAILURE_LINES))
    lines.push(`  failed ${failure.docId}: ${failure.error}`);
  if (summary.failures.length > MAX_FAILURE_LINES)
    lines.push(`  ... and ${summary.failures.length - MAX_FAILURE_LINES} more`);
  const refused = summary.refusedDeletes;
  if (refused) {
    lines.push(
      `  refused to delete ${refused.wouldDelete} of ${refused.of} documents: more than the ${Math.round(refused.maxShare * 100)}% one run may delete (--max-delete-share). Check the source, then rerun with --force-deletes if they really are gone.`,
    );
  }
  return lines.join('\n');
}
