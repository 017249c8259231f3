// Sentences of a passage that can stand in for queries it answers, when no real queries exist yet.

export interface PseudoQueryOptions {
  /** At most this many, the passage's first usable sentences. */
  max: number;
  /** Shorter sentences say too little to stand for a query ("See below."). */
  minWords: number;
  /** Longer sentences read like passages, not queries. */
  maxWords: number;
}

export const DEFAULT_PSEUDO_QUERY_OPTIONS: Readonly<PseudoQueryOptions> = Object.freeze({
  max: 3,
  minWords: 4,
  maxWords: 24,
});

const FENCED_CODE = /^\s*(```|~~~)[^\n]*\n[\s\S]*?^\s*\1[^\n]*$/gm;
const ATX_HEADING = /^\s{0,3}#{1,6}(\s|$)/;
const SETEXT_UNDERLINE = /^\s{0,3}(=+|-+)\s*$/;
const LIST_MARKER = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;
const QUOTE_MARKER = /^\s*(?:>\s?)+/;
/** After . ! or ? (and any closing quote or bracket), before a capital, digit or opening quote. */
const SENTENCE_BREAK = /(?<=[.!?]["')\]]*)\s+(?=["'([]?[\p{Lu}\p{N}])/u;
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/**
 * The passage's sentences that have between minWords and maxWords words, in
 * order, without repeats, at most max of them. Markdown is read as text:
 * headings, code blocks and table rows are dropped (a heading is a title, not
 * a sentence), list items are sentences of their own, and links, emphasis and
 * inline code keep only their text. A trailing full stop is dropped.
 * Deterministic: the same text and options give the same list.
 */
export function pseudoQueriesOf(text: string, options: Partial<PseudoQueryOptions> = {}): string[] {
  const { max, minWords, maxWords } = { ...DEFAULT_PSEUDO_QUERY_OPTIONS, ...options };
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`max must be an integer ≥ 0, got ${max}`);
  if (!Number.isInteger(minWords) || minWords < 1 || !Number.isInteger(maxWords) || maxWords < minWords) {
    throw new RangeError(`need integers 1 ≤ minWords ≤ maxWords, got ${minWords} and ${maxWords}`);
  }
  const queries: string[] = [];
  const seen = new Set<string>();
  for (const block of blocksOf(text)) {
    for (const sentence of block.split(SENTENCE_BREAK)) {
      if (queries.length >= max) return queries;
      const query = sentence
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/[.:;]+$/, '');
      const words = query.match(WORD)?.length ?? 0;
      const key = query.toLowerCase();
      if (words < minWords || words > maxWords || seen.has(key)) continue;
      seen.add(key);
      queries.push(query);
    }
  }
  return queries;
}

/** Paragraphs and list items as plain one-line text. */
function blocksOf(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(FENCED_CODE, '').split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  const close = () => {
    if (current.length > 0) blocks.push(inlineText(current.join(' ')));
    current = [];
  };
  for (const line of lines) {
    if (SETEXT_UNDERLINE.test(line)) {
      // "Title\n=====": the line above was a heading, not the start of a paragraph.
      current.pop();
      close();
      continue;
    }
    if (line.trim() === '' || ATX_HEADING.test(line) || line.trimStart().startsWith('|')) {
      close();
      continue;
    }
    const unquoted = line.replace(QUOTE_MARKER, '');
    if (LIST_MARKER.test(unquoted)) close();
    current.push(unquoted.replace(LIST_MARKER, ''));
  }
  close();
  return blocks;
}

/** Markdown inline syntax reduced to its text. */
function inlineText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/\*(\S(?:.*?\S)?)\*/g, '$1');
}
