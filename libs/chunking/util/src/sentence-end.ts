// Whether a word closes a sentence, so an overlong paragraph can be cut after it.

const CLOSES_SENTENCE = /[.!?]["'”’)\]]*$/;
const OPENING_PUNCTUATION = /^["'“‘([]+/;
/** Initialisms such as "e.g.", "i.e.", "U.S." and initials such as "J.". */
const INITIALISM = /^(?:[a-z]\.)+$/i;
const ABBREVIATIONS = new Set([
  'mr.',
  'mrs.',
  'ms.',
  'dr.',
  'prof.',
  'sr.',
  'jr.',
  'st.',
  'vs.',
  'cf.',
  'fig.',
  'approx.',
  'inc.',
  'ltd.',
]);

export function endsSentence(word: string): boolean {
  if (!CLOSES_SENTENCE.test(word)) return false;
  const bare = word.replace(OPENING_PUNCTUATION, '');
  return !INITIALISM.test(bare) && !ABBREVIATIONS.has(bare.toLowerCase());
}
