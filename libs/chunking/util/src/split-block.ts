// Cuts a block too long for one chunk into pieces that fit: sentences, then lines, then words.
import { endsSentence } from './sentence-end';
import type { BlockRange, SectionWords, WordRange } from './section-words';

/** Whether a piece may start at word i. */
type Cut = (body: SectionWords, i: number) => boolean;

const afterSentence: Cut = ({ words }, i) => endsSentence(words[i - 1] ?? '');
const atLineStart: Cut = ({ gaps }, i) => gaps[i]?.includes('\n') ?? false;

// Code is never cut at a '.': its "sentences" are not sentences.
const PROSE_CUTS: readonly Cut[] = [afterSentence, atLineStart];
const CODE_CUTS: readonly Cut[] = [atLineStart];

/** Each word is looked at once per level, so the work stays linear in the block's length. */
export function splitBlock(body: SectionWords, block: BlockRange, limit: number): WordRange[] {
  const pieces: WordRange[] = [];
  const split = (start: number, end: number, cuts: readonly Cut[]): void => {
    if (end - start <= limit) {
      pieces.push({ start, end });
      return;
    }
    const [cut, ...finer] = cuts;
    if (!cut) {
      for (let from = start; from < end; from += limit)
        pieces.push({ start: from, end: Math.min(end, from + limit) });
      return;
    }
    let from = start;
    for (let i = start + 1; i < end; i++) {
      if (!cut(body, i)) continue;
      split(from, i, finer);
      from = i;
    }
    split(from, end, finer);
  };
  split(block.start, block.end, block.code ? CODE_CUTS : PROSE_CUTS);
  return pieces;
}
