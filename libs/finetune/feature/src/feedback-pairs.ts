import type { FeedbackEntryV1, QueryLogEntryV1 } from '@tributary/contracts';
import type { DatasetPair } from '@tributary/finetune-data-access';

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

/** How queries are compared: case, surrounding and repeated whitespace do not make a different query. */
export const normalizeQuery = (query: string) => query.trim().toLowerCase().replace(/\s+/g, ' ');

const docKey = (doc: { source: string; docId: string }) => `${doc.source}\u0000${doc.docId}`;

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
    group.labels.set(docKey(entry), {
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
      if (label.grade === 0) negatives.set(docKey(label), { source: label.source, docId: label.docId });
    for (const queryId of group.queryIds) {
      for (const hit of skippedAbovePositives(shown.get(queryId), group.labels))
        negatives.set(docKey(hit), hit);
    }
    for (const positive of positives) {
      pairs.push({
        query: group.query,
        positive: { source: positive.source, docId: positive.docId },
        grade: positive.grade,
        origin: 'feedback',
        ...(negatives.size > 0 ? { negatives: [...negatives.values()] } : {}),
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
    if ((labels.get(docKey(hit))?.grade ?? 0) > 0) lastPositive = rank;
  });
  return logged.hits
    .slice(0, Math.max(lastPositive, 0))
    .filter((hit) => !labels.has(docKey(hit)))
    .map(({ source, docId }) => ({ source, docId }));
}
