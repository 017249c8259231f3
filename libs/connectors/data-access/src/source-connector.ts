/** One document as a connector read it from its source. */
export interface SourceDocument {
  docId: string;
  /** Monotonic per document (mtime in ms, row version, sequence). */
  version: number;
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

export type ScanItem =
  { kind: 'document'; document: SourceDocument } | { kind: 'failure'; failure: SourceFailure };

/** Lists and reads a source. The runner owns scheduling, change detection and deletions. */
export interface SourceConnector {
  readonly kind: string;
  /** Every document the source holds now, each exactly once. */
  scan(): AsyncIterable<ScanItem>;
}
