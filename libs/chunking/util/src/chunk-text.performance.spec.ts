import { chunkText } from './chunk-text';

const FOUR_MIB = 4 * 1024 * 1024;
// A sanity bound, not a benchmark: a quadratic step would take minutes here.
const BOUND_MS = 2000;

function repeatTo(bytes: number, unit: string): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

function timeChunking(text: string): { ms: number; chunks: number } {
  const started = performance.now();
  const chunks = chunkText(text).length;
  return { ms: performance.now() - started, chunks };
}

describe('chunkText speed', () => {
  it('chunks a 4 MiB Markdown document in well under a second', () => {
    const unit = [
      '## Section',
      'Some prose with e.g. an abbreviation. Another sentence follows! And a question?',
      '- a list item\n- another item',
      '```ts\nconst x = a.b.c();\n# not a heading\n```',
      '',
    ].join('\n\n');
    const { ms, chunks } = timeChunking(repeatTo(FOUR_MIB, unit));
    expect(chunks).toBeGreaterThan(1000);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('chunks a 4 MiB text without any structure or sentence ends in well under a second', () => {
    const { ms, chunks } = timeChunking(repeatTo(FOUR_MIB, 'word '));
    expect(chunks).toBeGreaterThan(1000);
    expect(ms).toBeLessThan(BOUND_MS);
  });
});
