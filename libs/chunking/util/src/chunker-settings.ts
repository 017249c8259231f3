/** How a text is cut; recorded on every chunk so a change of settings is visible in the index. */
export interface ChunkerSettings {
  /** Upper bound per chunk, in whitespace-separated tokens. */
  maxTokens: number;
  /** Tokens repeated from the end of one chunk at the start of the next in the same section. */
  overlapTokens: number;
}

/** Changes whenever chunk boundaries for the same text and settings change. */
export const CHUNKER_ID = 'structured/v2';
export const DEFAULT_CHUNKER_SETTINGS: ChunkerSettings = { maxTokens: 350, overlapTokens: 50 };

export function assertValidSettings({ maxTokens, overlapTokens }: ChunkerSettings): void {
  if (!Number.isInteger(maxTokens) || maxTokens < 1)
    throw new RangeError('maxTokens must be a positive integer');
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new RangeError('overlapTokens must be an integer in [0, maxTokens)');
  }
}
