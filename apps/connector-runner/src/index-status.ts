import type { Client } from '@elastic/elasticsearch';
import { IndexOverviewReader, type IndexTargetOverview } from '@tributary/search-data-access';
import { alignColumns } from '@tributary/cli-util';

export type IndexStatusRow = IndexTargetOverview;

/** Each index with a role, with its chunk count and size on disk (the reading lives in search-data-access). */
export function readIndexStatus(
  es: Client,
  alias: string,
  documentStateIndex: string,
): Promise<IndexStatusRow[]> {
  return new IndexOverviewReader(es, alias, documentStateIndex).targets();
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function formatIndexStatus(rows: readonly IndexStatusRow[]): string {
  if (rows.length === 0) return 'no chunks index yet (the embedder creates it when it starts)';
  return alignColumns([
    ['ROLE', 'INDEX', 'MODEL', 'DIMS', 'CHUNKS', 'SIZE'],
    ...rows.map((r) => [r.role, r.index, r.model, String(r.dimensions), String(r.chunks), mib(r.bytes)]),
  ]).join('\n');
}
