// Turns a section's blocks into its words and the whitespace that a chunk's text keeps between them.
import type { Block } from './markdown-sections';

export interface WordRange {
  start: number;
  end: number;
}

export interface BlockRange extends WordRange {
  code: boolean;
}

export interface SectionWords {
  words: string[];
  /** Whitespace written before words[i] unless it opens a chunk; holds a '\n' where words[i] opens a line. */
  gaps: string[];
  blocks: BlockRange[];
}

/** The code points that `\s` matches; a manual scan spares a match object per word. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 5760 ||
    (code >= 8192 && code <= 8202) ||
    code === 8232 ||
    code === 8233 ||
    code === 8239 ||
    code === 8287 ||
    code === 12288 ||
    code === 65279
  );
}

/**
 * Keeps line breaks (at most one blank line) and the indentation that starts
 * a line; within a line, code keeps its spacing and prose gets one space.
 */
export function sectionWords(blocks: readonly Block[]): SectionWords {
  const words: string[] = [];
  const gaps: string[] = [];
  const ranges: BlockRange[] = [];
  for (const block of blocks) {
    const code = block.kind === 'code';
    const start = words.length;
    let lineBreak = block.blankBefore ? '\n\n' : '\n';
    for (const line of block.lines) {
      let previousEnd = -1;
      let i = 0;
      while (i < line.length) {
        if (isSpace(line.charCodeAt(i))) {
          i++;
          continue;
        }
        const wordStart = i;
        while (i < line.length && !isSpace(line.charCodeAt(i))) i++;
        if (previousEnd < 0) gaps.push(lineBreak + line.slice(0, wordStart));
        else gaps.push(code ? line.slice(previousEnd, wordStart) : ' ');
        words.push(line.slice(wordStart, i));
        previousEnd = i;
      }
      lineBreak = previousEnd < 0 ? '\n\n' : '\n';
    }
    ranges.push({ start, end: words.length, code });
  }
  return { words, gaps, blocks: ranges };
}

/** The text of words[start, end): what a chunk over that range reads. */
export function wordsText({ words, gaps }: SectionWords, { start, end }: WordRange): string {
  let text = words[start] ?? '';
  for (let i = start + 1; i < end; i++) text += `${gaps[i]}${words[i]}`;
  return text;
}
