import { chunkText } from './chunk-text';

const words = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');

describe('chunkText', () => {
  it('keeps a short text in one chunk', () => {
    expect(chunkText('Hello world.\n\nSecond paragraph.')).toEqual([
      { chunk: 0, text: 'Hello world. Second paragraph.', tokens: 4 },
    ]);
  });

  it('returns no chunk for a blank text', () => {
    expect(chunkText('  \n\n ')).toEqual([]);
  });

  it('never exceeds maxTokens and never splits a paragraph that fits', () => {
    const text = [words(40, 'a'), words(40, 'b'), words(40, 'c')].join('\n\n');
    const chunks = chunkText(text, { maxTokens: 90, overlapTokens: 10 });
    expect(chunks.every((c) => c.tokens <= 90)).toBe(true);
    expect(chunks[0]?.text).toBe(`${words(40, 'a')} ${words(40, 'b')}`);
    expect(chunks[1]?.text.startsWith(words(40, 'b').split(' ').slice(-10).join(' '))).toBe(true);
    expect(chunks[1]?.text.endsWith(words(40, 'c'))).toBe(true);
  });

  it('splits an overlong paragraph by sentences, then by words, covering every token', () => {
    const text = `${words(50, 's')}. ${words(300, 'x')}`;
    const chunks = chunkText(text, { maxTokens: 100, overlapTokens: 0 });
    expect(chunks.every((c) => c.tokens <= 100)).toBe(true);
    expect(
      chunks
        .map((c) => c.text)
        .join(' ')
        .split(' '),
    ).toEqual(text.split(' '));
  });

  it('rejects an overlap that is not smaller than the chunk size', () => {
    expect(() => chunkText('a', { maxTokens: 10, overlapTokens: 10 })).toThrow(RangeError);
  });
});
