// Recognises the Markdown lines that shape a document: headings, code fences, list items.

export interface Fence {
  marker: '`' | '~';
  length: number;
}

const BLANK = /^\s*$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:\s|$)(.*)$/s;
const CLOSING_HASHES = /(?:^|\s)#+\s*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:(=+)|-+)\s*$/;
const FENCE = /^\s*(`{3,}|~{3,})(.*)$/s;
const CLOSING_FENCE = /^\s*(`{3,}|~{3,})\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;

export const isBlank = (line: string): boolean => BLANK.test(line);

export const isListItem = (line: string): boolean => LIST_ITEM.test(line);

/** `## Title ##` → { level: 2, title: 'Title' }; `#hashtag` is no heading. */
export function atxHeading(line: string): { level: number; title: string } | undefined {
  const match = ATX_HEADING.exec(line);
  if (!match) return undefined;
  const title = (match[2] ?? '').replace(CLOSING_HASHES, '').trim();
  return { level: match[1]?.length ?? 1, title };
}

/** Level of the heading a line of `=` (1) or `-` (2) makes of the line above it. */
export function setextLevel(line: string): 1 | 2 | undefined {
  const match = SETEXT_UNDERLINE.exec(line);
  if (!match) return undefined;
  return match[1] ? 1 : 2;
}

export function openingFence(line: string): Fence | undefined {
  const match = FENCE.exec(line);
  const run = match?.[1];
  if (!run) return undefined;
  const marker = run[0] === '~' ? '~' : '`';
  // A backtick "fence" with a backtick in its info string is inline code.
  if (marker === '`' && match[2]?.includes('`')) return undefined;
  return { marker, length: run.length };
}

export function closesFence(line: string, fence: Fence): boolean {
  const run = CLOSING_FENCE.exec(line)?.[1];
  return run !== undefined && run[0] === fence.marker && run.length >= fence.length;
}
