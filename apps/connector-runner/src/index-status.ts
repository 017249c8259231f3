import type { Client } from '@elastic/elasticsearch';
import { ChunkIndexTargets, type ChunkIndexTarget } from '@tributary/search-data-access';
import { alignColumns } from '@tributary/cli-util';

export interface IndexStatusRow extends ChunkIndexTarget {
  chunks: number;
  bytes: number;
}

/** Each index with a role, with its chunk count and size on disk. */
export async function readIndexStatus(es: Client, alias: string): Promise<IndexStatusRow[]> {
  const targets = await new ChunkIndexTargets(es, alias, 0).all();
  if (targets.length === 0) return [];
  const stats = await es.indices.stats({ index: targets.map((t) => t.index), metric: ['docs', 'store'] });
  return targets.map((target) => {
    const primaries = stats.indices?.[target.index]?.primaries;
    return { ...target, chunks: primaries?.docs?.count ?? 0, bytes: primaries?.store?.size_in_bytes ?? 0 };
  });
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function formatIndexStatus(rows: readonly IndexStatusRow[]): string {
  if (rows.length === 0) return 'no chunks index yet (the embedder creates it when it starts)';
  return alignColumns([
    ['ROLE', 'INDEX', 'MODEL', 'DIMS', 'CHUNKS', 'SIZE'],
    ...rows.map((r) => [r.role, r.index, r.model, String(r.dimensions), String(r.chunks), mib(r.bytes)]),
  ]).join('\n');
}
