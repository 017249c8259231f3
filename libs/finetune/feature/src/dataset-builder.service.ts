import { createHash } from 'node:crypto';
import type { FeedbackEntryV1, FineTuneDatasetRecipeV1, QueryLogEntryV1 } from '@tributary/contracts';
import type { DatasetPair, StoredDataset } from '@tributary/finetune-data-access';
import { normalizeQuery, pseudoQueriesOf, SeededRandom, splitByQuery } from '@tributary/finetune-util';
import type { TrainingChunk } from '@tributary/search-data-access';
import { pairsFromFeedback } from './feedback-pairs';

const FEEDBACK_PAGE = 1_000;

/** What building a dataset reads and writes, as ports (faked in unit tests). */
export interface DatasetSources {
  feedback: {
    readBefore(beforeId: string, count: number): Promise<Array<{ id: string; entry: FeedbackEntryV1 }>>;
  };
  queryLog: { findMany(queryIds: readonly string[]): Promise<Map<string, QueryLogEntryV1>> };
  chunks: {
    sample(
      index: string,
      tenant: string,
      size: number,
      seed: number,
      sources?: readonly string[],
    ): Promise<TrainingChunk[]>;
  };
  store: { save(dataset: StoredDataset): Promise<boolean> };
}

export interface DatasetRequest {
  plan: string;
  recipe: FineTuneDatasetRecipeV1;
  /** The concrete chunks index the pseudo-queries are mined from. */
  index: string;
  seed: number;
  /** Queries that must never train, e.g. the golden set's: they would make its verdict optimistic. */
  reserved?: readonly string[];
}

/**
 * A run's dataset: graded pairs from feedback, plus pseudo-queries mined from
 * the indexed corpus, de-duplicated and split into train and holdout by query.
 * The holdout holds feedback pairs only (real users' queries are what the model
 * must get better at); pseudo-queries only train. The stored version's id is a
 * hash of its content, so an unchanged corpus and feedback give the same version.
 */
export class DatasetBuilderService {
  constructor(private readonly sources: DatasetSources) {}

  async build(request: DatasetRequest): Promise<{ dataset: StoredDataset; created: boolean }> {
    const { recipe, seed } = request;
    const { entries, lastId, oldestId } = recipe.feedback
      ? await this.readFeedback(recipe)
      : { entries: [], lastId: '0', oldestId: '0' };
    const shown = await this.shownHits(entries);
    const feedbackPairs = dedupe(pairsFromFeedback(entries, shown)).slice(-recipe.maxPairs);
    const pseudoBudget = Math.max(0, Math.min(recipe.pseudoQueries, recipe.maxPairs - feedbackPairs.length));
    // A pseudo-query that is also a user's (or a golden) query would leak an evaluation query into training.
    const reserved = new Set((request.reserved ?? []).map(normalizeQuery));
    const evaluated = new Set([...reserved, ...feedbackPairs.map((pair) => normalizeQuery(pair.query))]);
    const pseudoPairs = dedupe(await this.pseudoPairs(request.index, recipe, pseudoBudget, seed)).filter(
      (pair) => !evaluated.has(normalizeQuery(pair.query)),
    );
    const split = splitByQuery(feedbackPairs, (pair) => pair.query, recipe.holdoutFraction, seed);
    const isReserved = (pair: DatasetPair) => reserved.has(normalizeQuery(pair.query));
    const train = split.train.filter((pair) => !isReserved(pair));
    const holdout = [...split.holdout, ...split.train.filter(isReserved)];
    const trainPairs = [...train, ...pseudoPairs];
    const content = { train: trainPairs, holdout };
    const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
    const dataset: StoredDataset = {
      id: `${request.plan}-${hash}`,
      plan: request.plan,
      createdAt: new Date().toISOString(),
      lineage: {
        recipe,
        seed,
        index: request.index,
        feedbackEntries: entries.length,
        feedbackRead: { from: oldestId, through: lastId },
      },
      counts: {
        train: trainPairs.length,
        holdout: holdout.length,
        feedbackPairs: feedbackPairs.length,
        pseudoPairs: pseudoPairs.length,
        queries: new Set(feedbackPairs.map((pair) => normalizeQuery(pair.query))).size,
      },
      ...content,
    };
    const created = await this.sources.store.save(dataset);
    return { dataset, created };
  }

  /**
   * The tenant's feedback, newest first, until twice `maxPairs` distinct
   * (query, document) labels are in hand (older ones could not make the cut),
   * returned oldest first so that the latest label of each pair wins.
   */
  private async readFeedback({ tenant, sources, maxPairs }: FineTuneDatasetRecipeV1) {
    const wanted = sources ? new Set(sources) : undefined;
    const entries: FeedbackEntryV1[] = [];
    const labelled = new Set<string>();
    let beforeId = '+';
    let newestId: string | undefined;
    for (;;) {
      const page = await this.sources.feedback.readBefore(beforeId, FEEDBACK_PAGE);
      for (const { id, entry } of page) {
        newestId ??= id;
        beforeId = id;
        if (entry.tenant !== tenant || (wanted && !wanted.has(entry.source))) continue;
        entries.push(entry);
        labelled.add(`${normalizeQuery(entry.query)}\u0000${entry.source}\u0000${entry.docId}`);
      }
      if (page.length < FEEDBACK_PAGE || labelled.size >= 2 * maxPairs)
        return { entries: entries.reverse(), lastId: newestId ?? '0', oldestId: beforeId };
    }
  }

  /** What each search showed, read in batches (one MGET each). */
  private async shownHits(entries: readonly FeedbackEntryV1[]) {
    const shown = new Map<string, QueryLogEntryV1>();
    const queryIds = [...new Set(entries.map((entry) => entry.queryId))];
    for (let start = 0; start < queryIds.length; start += FEEDBACK_PAGE) {
      const found = await this.sources.queryLog.findMany(queryIds.slice(start, start + FEEDBACK_PAGE));
      for (const [id, logged] of found) shown.set(id, logged);
    }
    return shown;
  }

  /** One sentence of each sampled chunk as its query, that chunk as the positive. */
  private async pseudoPairs(
    index: string,
    { tenant, sources }: FineTuneDatasetRecipeV1,
    size: number,
    seed: number,
  ): Promise<DatasetPair[]> {
    const random = new SeededRandom(seed);
    const chunks = await this.sources.chunks.sample(index, tenant, size, seed, sources);
    return chunks.flatMap((chunk) => {
      const sentences = pseudoQueriesOf(chunk.text, { max: 20, minWords: 6, maxWords: 40 });
      if (sentences.length === 0) return [];
      const sentence = sentences[random.int(sentences.length)];
      if (sentence === undefined) return [];
      return [
        {
          query: sentence,
          positive: { source: chunk.source, docId: chunk.docId, chunk: chunk.chunk },
          grade: 1,
          origin: 'pseudo' as const,
        },
      ];
    });
  }
}

/** One pair per (query, document): the one with the highest grade. */
function dedupe(pairs: readonly DatasetPair[]): DatasetPair[] {
  const kept = new Map<string, DatasetPair>();
  for (const pair of pairs) {
    const key = `${normalizeQuery(pair.query)}\u0000${pair.positive.source}\u0000${pair.positive.docId}`;
    const seen = kept.get(key);
    if (!seen || pair.grade > seen.grade) kept.set(key, pair);
  }
  return [...kept.values()];
}
