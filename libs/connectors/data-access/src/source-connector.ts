import type { Checkpoint } from './checkpoint.repository';

/** One document as a connector read it from its source. */
export interface SourceDocument {
  docId: string;
  /**
   * Per document, from the source (mtime in ms, row version, a Last-Modified
   * time). Change detection compares it for equality; the runner keeps the
   * published version monotonic even if the source's goes backwards.
   */
  version: number;
  /** An opaque token the connector wants back next run (an HTTP ETag), stored in its checkpoint. */
  validator?: string;
  title: string;
  body: string;
  uri: string;
  metadata: Record<string, string | number | boolean>;
  acl?: string[];
}

/** A document (or a folder of them) the connector could not read; reported, never fatal to the run. */
export interface SourceFailure {
  docId: string;
  error: string;
  /** The failure covers every document under `docId/` (an unreadable folder). */
  subtree?: boolean;
}

/**
 * What a scan finds: a document read in full, a document the connector knows
 * is unchanged since its checkpoint without reading it (a 304, an unchanged row
 * version), or a failure.
 */
export type ScanItem =
  | { kind: 'document'; document: SourceDocument }
  | { kind: 'unchanged'; docId: string }
  | { kind: 'failure'; failure: SourceFailure };

/** Lists and reads a source. The runner owns scheduling, change detection and deletions. */
export interface SourceConnector {
  readonly kind: string;
  /**
   * Every document the source holds now, each exactly once. `known` holds the
   * checkpoints of the last run, so a connector may skip reading what it can
   * tell has not changed (and report it as unchanged).
   */
  scan(known: ReadonlyMap<string, Checkpoint>): AsyncIterable<ScanItem>;
}
