import type { HitExplanationV1, ResolvedFusion } from '@tributary/contracts';
import type { ChunkHit, ChunkSearchResult } from '@tributary/search-data-access';
import { linearFusion, reciprocalRankFusion, type FusedItem } from '@tributary/search-util';

/** A chunk in fused order, with what each retriever said about it. */
export interface RankedChunk extends ChunkHit {
  fused: number;
  explain: HitExplanationV1;
}

type Retriever = 'bm25' | 'vector';

/** Chunks best first: one retriever's own order, or both fused as the request asked. */
export function rankChunks(result: ChunkSearchResult, fusion: ResolvedFusion | undefined): RankedChunk[] {
  const lists = (['bm25', 'vector'] as const)
    .filter((retriever) => result[retriever] !== undefined)
    .map((retriever) => ({ retriever, items: result[retriever] ?? [] }));
  const [single] = lists;
  if (lists.length === 1 && single)
    return single.items.map((hit, index) => singleRanked(hit, index, single.retriever));
  if (!fusion) throw new Error('a hybrid search needs a fusion');
  const byId = new Map<string, ChunkHit>();
  // BM25 first: its copy of a chunk carries the highlights.
  for (const { items } of lists) for (const hit of items) if (!byId.has(hit.id)) byId.set(hit.id, hit);
  const fused =
    fusion.method === 'rrf'
      ? reciprocalRankFusion(
          lists.map(({ retriever, items }) => ({ retriever, ids: items.map((item) => item.id) })),
          fusion.k,
        )
      : linearFusion(lists, fusion.normalization, fusion.weights);
  return fused.map((item) => {
    const hit = byId.get(item.id) as ChunkHit;
    return { ...hit, fused: item.score, explain: explainFused(item, hit.chunk, fusion, result) };
  });
}

function singleRanked(hit: ChunkHit, index: number, retriever: Retriever): RankedChunk {
  const mine = { rank: index + 1, score: hit.score };
  return {
    ...hit,
    fused: hit.score,
    explain: {
      chunk: hit.chunk,
      bm25: retriever === 'bm25' ? mine : null,
      vector: retriever === 'vector' ? mine : null,
      fusion: { method: 'single', retriever },
      score: hit.score,
    },
  };
}

function explainFused(
  item: FusedItem,
  chunk: number,
  fusion: ResolvedFusion,
  result: ChunkSearchResult,
): HitExplanationV1 {
  // A rank is 1-based in that retriever's list, so the raw score is the hit at rank - 1.
  const side = (retriever: Retriever) => {
    const rank = item.ranks[retriever];
    const score = rank === undefined ? undefined : result[retriever]?.[rank - 1]?.score;
    return rank === undefined || score === undefined ? null : { rank, score };
  };
  const components = { bm25: item.components['bm25'] ?? 0, vector: item.components['vector'] ?? 0 };
  return {
    chunk,
    bm25: side('bm25'),
    vector: side('vector'),
    fusion:
      fusion.method === 'rrf'
        ? { method: 'rrf', k: fusion.k, contributions: components }
        : {
            method: 'linear',
            normalization: fusion.normalization,
            weights: fusion.weights,
            normalized: components,
          },
    score: item.score,
  };
}
