import type { SourceFailure } from '@tributary/connectors-data-access';

export interface RunProgress {
  seen: number;
  changed: number;
  deleted: number;
  failed: number;
}

/** Deletions the mass-delete guard held back, and why. */
export interface RefusedDeletes {
  wouldDelete: number;
  of: number;
  maxShare: number;
}

export interface RunSummary extends RunProgress {
  source: string;
  failures: SourceFailure[];
  durationMs: number;
  /** Set when the run found more documents gone than the guard allows; nothing was deleted. */
  refusedDeletes?: RefusedDeletes;
}

export interface RunOptions {
  /** The tenant every published change carries (the source's owner); the default tenant when absent. */
  tenant?: string;
  /** Changes per publish: a batch is flushed at this count or at maxBatchBytes of body text. */
  batchSize?: number;
  maxBatchBytes?: number;
  /** Share (0..1] of a source's known documents one run may delete; more is refused unless forced. */
  maxDeleteShare?: number;
  /** Delete whatever is gone, however much. */
  forceDeletes?: boolean;
  onProgress?: (progress: RunProgress) => void;
  now?: () => Date;
}

export const DEFAULT_MAX_DELETE_SHARE = 0.5;
/** Deleting this many documents or fewer is never a mass delete, whatever the share. */
export const MASS_DELETE_FLOOR = 5;

/** The guard's verdict on deleting `gone` of `known` documents. */
export function massDeleteVerdict(
  gone: number,
  known: number,
  options: RunOptions,
): RefusedDeletes | undefined {
  const maxShare = options.maxDeleteShare ?? DEFAULT_MAX_DELETE_SHARE;
  if (options.forceDeletes || gone <= MASS_DELETE_FLOOR || gone <= known * maxShare) return undefined;
  return { wouldDelete: gone, of: known, maxShare };
}
