// The figures of a run: a table for people, then one key=value line.
import type { SearchMode } from '@tributary/contracts';
import { meanOverJudgedQueries, ndcgAt, recallAt, type Judgments } from '@tributary/finetune-util';
import { round } from '../ingest/stats';
import type { EmbeddingThroughput } from './embedding-throughput';
import type { ModeRankings } from './gateway-rankings';

export interface ModeScores {
  mode: SearchMode;
  ndcg10: number;
  recall100: number;
  /** Judged queries with a relevant document: what the means are over. */
  queries: number;
  queriesPerSecond: number;
}

/**
 * A document whose id is the query's own is dropped first, as BEIR's evaluation
 * does by default (data sets such as ArguAna and Quora share ids between the two).
 */
export function scoreModes(
  runs: readonly ModeRankings[],
  qrels: ReadonlyMap<string, Judgments>,
): ModeScores[] {
  return runs.map(({ mode, rankings: retrieved, seconds }) => {
    const rankings = new Map(
      [...retrieved].map(([query, ranking]) => [query, ranking.filter((doc) => doc !== query)]),
    );
    const ndcg10 = meanOverJudgedQueries((ranking, judged) => ndcgAt(10, ranking, judged), rankings, qrels);
    const recall100 = meanOverJudgedQueries(
      (ranking, judged) => recallAt(100, ranking, judged),
      rankings,
      qrels,
    );
    return {
      mode,
      ndcg10: ndcg10.mean,
      recall100: recall100.mean,
      queries: ndcg10.queries,
      queriesPerSecond: rankings.size / seconds,
    };
  });
}

export interface RunFigures {
  dataset: string;
  split: string;
  model: string;
  chunker: string;
  scores: readonly ModeScores[];
  /** Hybrid's fusion, as JSON. */
  fusion: string;
  /** Absent with --skip-embedding. */
  embedding?: EmbeddingThroughput;
  /** Documents per second through connector, Kafka and embedder; absent for --queries-only. */
  ingestDocsPerSecond?: number;
}

const align = (rows: readonly string[][]) => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
};

function bareLines(bare: NonNullable<EmbeddingThroughput['bare']>): string[] {
  const { recipe } = bare;
  return [
    `bare ONNX Runtime session (${recipe.pooling} pooling, at most ${recipe.maxTokens} tokens): ` +
      `${round(bare.chunksPerSecond, 1)} chunks/s; provider/bare ${bare.ratio.toFixed(3)}; ` +
      `least cosine between their vectors of one text ${bare.minCosine.toFixed(6)}`,
    ...(recipe.manifestPooling && recipe.manifestPooling !== recipe.pooling
      ? [
          `WARNING: tributary-model.json says ${recipe.manifestPooling} pooling, 1_Pooling/config.json ${recipe.pooling}`,
        ]
      : []),
  ];
}

export function reportTable(figures: RunFigures): string[] {
  const { embedding } = figures;
  return [
    ...align([
      ['mode', 'nDCG@10', 'Recall@100', 'queries', 'queries/s'],
      ...figures.scores.map((s) => [
        s.mode,
        s.ndcg10.toFixed(4),
        s.recall100.toFixed(4),
        String(s.queries),
        round(s.queriesPerSecond, 1).toString(),
      ]),
    ]),
    `hybrid fusion: ${figures.fusion}`,
    ...(embedding
      ? embeddingLines(embedding, figures.model)
      : ['embedding throughput not measured (--skip-embedding)']),
  ];
}

function embeddingLines(embedding: EmbeddingThroughput, model: string): string[] {
  return [
    `embedding ${embedding.chunks} chunk texts with ${model} (batch ${embedding.batchSize}, ` +
      `threads ${embedding.threads || 'one per core'}): provider ${round(embedding.providerChunksPerSecond, 1)} chunks/s`,
    ...(embedding.bare ? bareLines(embedding.bare) : ['no bare ONNX Runtime comparison: not a local model']),
  ];
}

export function finalLine(figures: RunFigures): string {
  const byMode = (key: 'ndcg10' | 'recall100') =>
    figures.scores.map((s) => `${key}_${s.mode}=${s[key].toFixed(4)}`);
  const { embedding } = figures;
  return [
    'relevance',
    `dataset=${figures.dataset}`,
    `split=${figures.split}`,
    ...byMode('ndcg10'),
    ...byMode('recall100'),
    `model=${figures.model}`,
    `embed_chunks_per_s=${embedding ? round(embedding.providerChunksPerSecond, 1) : 'n/a'}`,
    `embed_ratio=${embedding?.bare ? embedding.bare.ratio.toFixed(3) : 'n/a'}`,
    `chunker=${figures.chunker.replace(/\s+/g, '')}`,
    `fusion=${figures.fusion.replace(/\s+/g, '')}`,
    `queries=${figures.scores[0]?.queries ?? 0}`,
    ...(figures.ingestDocsPerSecond === undefined
      ? []
      : [`ingest_docs_per_s=${round(figures.ingestDocsPerSecond, 1)}`]),
  ].join(' ');
}
