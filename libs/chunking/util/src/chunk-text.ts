/** How a text is cut; recorded on every chunk so a change of settings is visible in the index. */
export interface ChunkerSettings {
  /** Upper bound per chunk, in whitespace-separated tokens. */
  maxTokens: number;
  /** Tokens repeated from the end of one chunk at the start of the next. */
  overlapTokens: number;
}

export interface TextChunk {
  chunk: number;
  text: string;
  tokens: number;
}

export const CHUNKER_ID = 'paragraph/v1';
export const DEFAULT_CHUNKER_SETTINGS: ChunkerSettings = { maxTokens: 200, overlapTokens: 30 };

const tokensOf = (text: string): string[] => text.split(/\s+/).filter(Boolean);

/** Paragraphs (blank-line separated); a paragraph over the limit falls back to sentences, then words. */
function units(text: string, maxTokens: number): string[][] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .flatMap((paragraph) => {
      const words = tokensOf(paragraph);
      if (words.length <= maxTokens) return [words];
      return paragraph
        .split(/(?<=[.!?])\s+/)
        .map(tokensOf)
        .filter((sentence) => sentence.length > 0)
        .flatMap((sentence) => splitWords(sentence, maxTokens));
    });
}

function splitWords(words: string[], maxTokens: number): string[][] {
  const parts: string[][] = [];
  for (let start = 0; start < words.length; start += maxTokens)
    parts.push(words.slice(start, start + maxTokens));
  return parts;
}

/**
 * Packs whole paragraphs (or sentences of long ones) into chunks of at most
 * maxTokens, each starting with the previous chunk's last overlapTokens tokens.
 */
export function chunkText(text: string, settings: ChunkerSettings = DEFAULT_CHUNKER_SETTINGS): TextChunk[] {
  const { maxTokens, overlapTokens } = settings;
  if (!Number.isInteger(maxTokens) || maxTokens < 1)
    throw new RangeError('maxTokens must be a positive integer');
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new RangeError('overlapTokens must be an integer in [0, maxTokens)');
  }
  const chunks: string[][] = [];
  let current: string[] = [];
  let fresh = 0; // tokens in `current` that are not overlap carried from the previous chunk
  for (const unit of units(text, maxTokens - overlapTokens)) {
    if (fresh > 0 && current.length + unit.length > maxTokens) {
      chunks.push(current);
      current = overlapTokens > 0 ? current.slice(-overlapTokens) : [];
      fresh = 0;
    }
    current = current.concat(unit);
    fresh += unit.length;
  }
  if (fresh > 0) chunks.push(current);
  return chunks.map((words, chunk) => ({ chunk, text: words.join(' '), tokens: words.length }));
}
