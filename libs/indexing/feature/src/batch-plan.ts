// Deciding what a batch of changes does to each document: version fencing, one effective change per document.
import type { DocumentChangeV1 } from '@tributary/contracts';
import { documentStateKey, type DocumentState } from '@tributary/search-data-access';
import type { UnembeddedChunk } from './chunk-builder';

export type IndexingOutcome =
  | { kind: 'indexed'; chunks: number; reusedEmbeddings: number }
  | { kind: 'deleted'; chunks: number }
  | { kind: 'stale'; indexedVersion: number }
  | { kind: 'superseded'; byVersion: number };

export const NOTHING_APPLIED: DocumentState = { version: -1, chunks: 0, deleted: false };

/**
 * An event older than what the index holds is skipped, and so is a replay of
 * the version it holds: replaying the topic rewrites nothing. At equal versions
 * a delete still wins over an applied upsert, so a delete is never lost.
 */
function isStale(state: DocumentState, change: DocumentChangeV1): boolean {
  if (state.version !== change.version) return state.version > change.version;
  return change.op === 'upsert' || state.deleted;
}

/** The one change of a batch that decides a document's new state, and the state before the batch. */
export interface Effective {
  change: DocumentChangeV1;
  before: DocumentState;
  chunks: UnembeddedChunk[];
}

/** Walks the changes in order against each document's state: which are stale, superseded, or effective. */
export function planBatch(changes: readonly DocumentChangeV1[], stored: ReadonlyMap<string, DocumentState>) {
  const outcomes: (IndexingOutcome | undefined)[] = [];
  const effective = new Map<string, Effective>();
  const current = new Map<string, DocumentState>();
  changes.forEach((change, i) => {
    const key = documentStateKey(change);
    const state = current.get(key) ?? stored.get(key) ?? NOTHING_APPLIED;
    if (isStale(state, change)) {
      outcomes[i] = { kind: 'stale', indexedVersion: state.version };
      return;
    }
    const previous = effective.get(key);
    if (previous) {
      outcomes[changes.indexOf(previous.change)] = { kind: 'superseded', byVersion: change.version };
    }
    effective.set(key, { change, before: stored.get(key) ?? NOTHING_APPLIED, chunks: [] });
    current.set(key, { version: change.version, chunks: 0, deleted: change.op === 'delete' });
    outcomes[i] = undefined;
  });
  return { outcomes, effective };
}
