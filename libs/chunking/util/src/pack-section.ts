// Packs one section's blocks into word ranges of at most maxTokens, with overlap between them.
import type { ChunkerSettings } from './chunker-settings';
import type { SectionWords, WordRange } from './section-words';
import { splitBlock } from './split-block';

/**
 * Greedy: a block goes whole into the current chunk if it fits, else whole
 * into the next one (which starts with the current chunk's last overlapTokens
 * words) if it fits there, else it is split into pieces that do. So a block
 * of up to maxTokens stays whole at the start of a section, elsewhere one of
 * up to maxTokens - overlapTokens.
 */
export function packSection(body: SectionWords, { maxTokens, overlapTokens }: ChunkerSettings): WordRange[] {
  const chunks: WordRange[] = [];
  let start = body.blocks[0]?.start ?? 0;
  let end = start;
  let fresh = start; // where the words not repeated from the previous chunk begin
  const add = (piece: WordRange) => {
    // Invariants: a flush happens only with fresh words, and leaves exactly
    // overlapTokens words, since every piece added after one fits beside them.
    if (piece.end - start > maxTokens && end > fresh) {
      chunks.push({ start, end });
      start = end - overlapTokens;
      fresh = end;
    }
    end = piece.end;
  };
  for (const block of body.blocks) {
    const size = block.end - block.start;
    if (block.end - start <= maxTokens || size <= maxTokens - overlapTokens) add(block);
    else for (const piece of splitBlock(body, block, maxTokens - overlapTokens)) add(piece);
  }
  if (end > fresh) chunks.push({ start, end });
  return chunks;
}
