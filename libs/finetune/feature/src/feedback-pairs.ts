import type { FeedbackEntryV1, QueryLogEntryV1 } from '@tributary/contracts';
import type { DatasetPair } from '@tributary/finetune-data-access';
import { normalizeQuery } from '@tributary/finetune-util';
import { documentKey } from './query-vectors';

/** Negatives kept per query (rated 0 first, then skipped hits by rank): the trainer uses 3; the stored dataset stays small. */
export const MAX_NEGATIVES_PER_QUERY = 10;

/** The grade a feedback label stands for: a click is weak evidence, a thumbs-up stronger, a graded label is itself. */
export function gradeOf(label: FeedbackEntryV1['label']): number {
  if (typeof label === 'number') return label;
  switch (label) {
    case 'click':
      return 1;
    case 'thumbs_up':
      return 2;
    case 'thumbs_down':
      return 0;
  }
}

/**
 * Feedback turned into graded (query, document) pairs. For each query and
 * document the latest label wins (a user who clicked and then gave a thumbs-down
 * did not find it relevant). Documents rated 0, and documents the query log shows
 * were ranked above a positive but got no positive label (skipped), become the
 * query's negatives.
 */
export function pairsFromFeedback(
  entries: readonly FeedbackEntryV1[],
  shown: ReadonlyMap<string, QueryLogEntryV1>,
): DatasetPair[] {
  const byQuery = new Map<
    string,
    {
      query: string;
      queryIds: Set<string>;
      labels: Map<string, { source: string; docId: string; grade: number }>;
    }
  >();
  for (const entry of entries) {
    const key = normalizeQuery(entry.query);
    const group = byQuery.get(key) ?? { query: entry.query.trim(), queryIds: new Set(), labels: new Map() };
    group.queryIds.add(entry.queryId);
    group.labels.set(documentKey(entry), {
      source: entry.source,
      docId: entry.docId,
      grade: gradeOf(entry.label),
    });
    byQuery.set(key, group);
  }
  const pairs: DatasetPair[] = [];
  for (const group of byQuery.values()) {
    const labels = [...group.labels.values()];
    const positives = labels.filter((label) => label.grade > 0);
    if (positives.length === 0) continue;
    const negatives = new Map<string, { source: string; docId: string }>();
    for (const label of labels)
      if (label.grade === 0) negatives.set(documentKey(label), { source: label.source, docId: label.docId });
    for (const queryId of group.queryIds) {
      for (const hit of skippedAbovePositives(shown.get(queryId), group.labels))
        negatives.set(documentKey(hit), hit);
    }
    for (const positive of positives) {
      pairs.push({
        query: group.query,
        positive: { source: positive.source, docId: positive.docId },
        grade: positive.grade,
        origin: 'feedback',
        ...(negatives.size > 0
          ? { negatives: [...negatives.values()].slice(0, MAX_NEGATIVES_PER_QUERY) }
          : {}),
      });
    }
  }
  return pairs;
}

/** Hits ranked above the lowest-ranked positive that the user left unlabelled. */
function skippedAbovePositives(
  logged: QueryLogEntryV1 | undefined,
  labels: ReadonlyMap<string, { grade: number }>,
): Array<{ source: string; docId: string }> {
  if (!logged) return [];
  let lastPositive = -1;
  logged.hits.forEach((hit, rank) => {
    if ((labels.get(documentKey(hit))?.grade ?? 0) > 0) lastPositive = rank;
  });
  return logged.hits
    .slice(0, Math.max(lastPositive, 0))
    .filter((hit) => !labels.has(documentKey(hit)))
    .map(({ source, docId }) => ({ source, docId }));
}
