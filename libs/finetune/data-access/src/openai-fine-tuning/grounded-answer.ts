/** Picks the passage sentences that answer a question best, by shared words: a cheap, extractive answer. */

// Words that say nothing about what is asked; matching on them would favour any sentence.
const STOP_WORDS = new Set(
  (
    'the and for are was were with that this from what which who whom whose when where why how does did ' +
    'can could should would will shall may might must have has had not but its into onto than then them ' +
    'they their there these those you your our his her about over under any all each more most some such'
  ).split(' '),
);

/** A sentence ends at . ! ? or … followed by space and a capital, digit or opening quote; "e.g. x" stays whole. */
export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?…])\s+(?=[\p{Lu}\p{N}"'“‘([])/u)
    .filter((sentence) => sentence.length > 0);
}

/** Lower-cased words of three or more letters that are not stop words. */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((word) => word.length >= 3 && !STOP_WORDS.has(word)));
}

/**
 * The at most `maxSentences` sentences sharing the most distinct content words with the
 * question, in passage order. With no overlap at all, the first sentence: a passage's
 * lead usually states what it is about.
 */
export function groundedAnswer(question: string, passage: string, maxSentences: number): string {
  const sentences = splitSentences(passage);
  const asked = contentWords(question);
  const scored = sentences
    .map((sentence, position) => ({
      position,
      score: [...contentWords(sentence)].filter((word) => asked.has(word)).length,
    }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, maxSentences)
    .sort((a, b) => a.position - b.position);
  if (scored.length === 0) return sentences[0] ?? '';
  return scored.map(({ position }) => sentences[position]).join(' ');
}
