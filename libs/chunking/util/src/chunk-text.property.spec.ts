import type { ChunkerSettings } from './chunker-settings';
import { chunkText, type TextChunk } from './chunk-text';
import { markdownSections } from './markdown-sections';
import { type ExpectedSection, randomMarkdown } from './testing/random-markdown';
import { type Random, seededRandom } from './testing/seeded-random';

const CASES = 500;
const tokensOf = (text: string) => text.split(/\s+/).filter(Boolean);

function randomSettings(random: Random): ChunkerSettings {
  const maxTokens = random.int(1, 80);
  return { maxTokens, overlapTokens: random.chance(0.2) ? 0 : random.int(0, maxTokens - 1) };
}

/** Breaches of the per-chunk bounds, as readable lines. */
function boundViolations(chunks: TextChunk[], { maxTokens }: ChunkerSettings): string[] {
  return chunks.flatMap((c, i) => {
    const found: string[] = [];
    if (c.chunk !== i) found.push(`chunk ${i} is numbered ${c.chunk}`);
    if (c.tokens < 1 || c.tokens > maxTokens) found.push(`chunk ${i} has ${c.tokens} tokens`);
    if (c.tokens !== tokensOf(c.text).length) found.push(`chunk ${i} claims ${c.tokens} tokens`);
    if (c.text !== c.text.trim()) found.push(`chunk ${i} has untrimmed text`);
    return found;
  });
}

/**
 * Reads the chunks back section by section: the first chunk whole, each next
 * one after checking it opens with the previous one's last overlapTokens
 * tokens and adds at least one more. Any breach shows up as a marker word.
 */
function reassemble(chunks: TextChunk[], sections: ExpectedSection[], overlap: number): ExpectedSection[] {
  const read: ExpectedSection[] = [];
  let next = 0;
  for (const section of sections) {
    const heading = chunks[next]?.heading;
    const words: string[] = [];
    let previous: string[] | undefined;
    for (let chunk = chunks[next]; chunk && words.length < section.words.length; chunk = chunks[++next]) {
      const tokens = tokensOf(chunk.text);
      if (chunk.heading !== heading) words.push(`<heading ${chunk.heading}>`);
      if (!previous) words.push(...tokens);
      else {
        const carried = tokens.slice(0, overlap).join(' ');
        const tail = previous.slice(previous.length - overlap).join(' ');
        if (tokens.length <= overlap || carried !== tail) words.push('<overlap>');
        words.push(...tokens.slice(overlap));
      }
      previous = tokens;
    }
    read.push(heading === undefined ? { words } : { heading, words });
  }
  if (next < chunks.length) read.push({ heading: '<chunks left over>', words: [] });
  return read;
}

/** Compares section by section, words joined: one string compares much faster than many. */
function expectSectionsBack(seed: number, chunks: TextChunk[], sections: ExpectedSection[], overlap: number) {
  const expected = sections.filter((s) => s.words.length > 0);
  const readable = (read: ExpectedSection[]) => read.map((s) => ({ ...s, words: s.words.join(' ') }));
  expect({ seed, sections: readable(reassemble(chunks, expected, overlap)) }).toEqual({
    seed,
    sections: readable(expected),
  });
}

describe('chunkText properties', () => {
  it('on generated Markdown: bounded, non-empty chunks that give back every section, heading path and word in order', () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const random = seededRandom(seed);
      const document = randomMarkdown(random);
      const settings = randomSettings(random);
      const chunks = chunkText(document.text, settings);
      expect({ seed, violations: boundViolations(chunks, settings) }).toEqual({ seed, violations: [] });
      expectSectionsBack(seed, chunks, document.sections, settings.overlapTokens);
    }
  });

  it('on random markup soup: bounded, non-empty chunks that give back every word of every section found', () => {
    const pieces = [
      '#',
      '## ',
      '###### ',
      '`',
      '```',
      '~~~',
      '=',
      '===',
      '-',
      '--- ',
      '* ',
      '1. ',
      'word',
      'e.g.',
    ];
    const spaces = [' ', '  ', '\t', '\n', '\n\n', '\r\n', '\u00a0', '. ', '! ', '? ', 'x'.repeat(50)];
    for (let seed = 1; seed <= CASES; seed++) {
      const random = seededRandom(seed);
      const text = Array.from({ length: random.int(0, 400) }, () =>
        random.pick(random.chance(0.5) ? pieces : spaces),
      ).join('');
      const settings = randomSettings(random);
      const chunks = chunkText(text, settings);
      const sections = markdownSections(text).map(({ heading, blocks }) => ({
        ...(heading === undefined ? {} : { heading }),
        words: tokensOf(blocks.flatMap((b) => b.lines).join('\n')),
      }));
      expect({ seed, violations: boundViolations(chunks, settings) }).toEqual({ seed, violations: [] });
      expectSectionsBack(seed, chunks, sections, settings.overlapTokens);
    }
  });
});
