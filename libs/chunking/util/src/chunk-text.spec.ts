import { chunkText } from './chunk-text';

const words = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');
const texts = (text: string, maxTokens = 100, overlapTokens = 0) =>
  chunkText(text, { maxTokens, overlapTokens }).map((c) => c.text);

describe('chunkText', () => {
  it('keeps a short text in one chunk, with its paragraph break', () => {
    expect(chunkText('Hello world.\n\nSecond paragraph.')).toEqual([
      { chunk: 0, text: 'Hello world.\n\nSecond paragraph.', tokens: 4 },
    ]);
  });

  it('returns no chunk for a blank text', () => {
    expect(chunkText('  \n\n ')).toEqual([]);
  });

  it('never exceeds maxTokens and never splits a paragraph that fits', () => {
    const text = [words(40, 'a'), words(40, 'b'), words(40, 'c')].join('\n\n');
    const chunks = chunkText(text, { maxTokens: 90, overlapTokens: 10 });
    expect(chunks.every((c) => c.tokens <= 90)).toBe(true);
    expect(chunks[0]?.text).toBe(`${words(40, 'a')}\n\n${words(40, 'b')}`);
    expect(chunks[1]?.text.startsWith(words(40, 'b').split(' ').slice(-10).join(' '))).toBe(true);
    expect(chunks[1]?.text.endsWith(words(40, 'c'))).toBe(true);
  });

  it('splits an overlong paragraph by sentences, then by words, covering every token', () => {
    const text = `${words(50, 's')}. ${words(300, 'x')}`;
    const chunks = chunkText(text, { maxTokens: 100, overlapTokens: 0 });
    expect(chunks.every((c) => c.tokens <= 100)).toBe(true);
    expect(chunks[0]?.text).toBe(`${words(50, 's')}.`);
    expect(
      chunks
        .map((c) => c.text)
        .join(' ')
        .split(' '),
    ).toEqual(text.split(' '));
  });

  it('rejects an overlap that is not smaller than the chunk size, and a chunk size below one', () => {
    expect(() => chunkText('a', { maxTokens: 10, overlapTokens: 10 })).toThrow(RangeError);
    expect(() => chunkText('a', { maxTokens: 0, overlapTokens: 0 })).toThrow(RangeError);
  });

  it('starts a section at each heading, never merges a small one into the previous, and records its path', () => {
    const text =
      'Intro.\n\n# Install\n\nGet it.\n\n## Linux\nUse apt.\n\n## macOS\n\nUse brew.\n\n# Usage\n\nRun it.';
    expect(chunkText(text)).toEqual([
      { chunk: 0, text: 'Intro.', tokens: 1 },
      { chunk: 1, text: 'Get it.', tokens: 2, heading: 'Install' },
      { chunk: 2, text: 'Use apt.', tokens: 2, heading: 'Install > Linux' },
      { chunk: 3, text: 'Use brew.', tokens: 2, heading: 'Install > macOS' },
      { chunk: 4, text: 'Run it.', tokens: 2, heading: 'Usage' },
    ]);
  });

  it('takes a line underlined by === or --- for a level 1 or level 2 heading', () => {
    const chunks = chunkText('Guide\n=====\n\nRead me.\n\nSetup\n-----\nDo this.');
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([
      ['Guide', 'Read me.'],
      ['Guide > Setup', 'Do this.'],
    ]);
  });

  it('takes no #hashtag, deeply indented hash or line inside a code fence for a heading', () => {
    const text = '#hashtag here\n\n    # indented code\n\n```sh\n# comment\nTitle\n===\n```';
    expect(chunkText(text).map((c) => c.heading)).toEqual([undefined]);
  });

  it('leaves out a heading with no body of its own; its subsections still carry it', () => {
    const chunks = chunkText('# Empty\n\n# Parent\n## Child\n\nText.');
    expect(chunks.map((c) => [c.heading, c.text])).toEqual([['Parent > Child', 'Text.']]);
  });

  it('never carries overlap across a heading', () => {
    const chunks = chunkText(`# A\n\n${words(30, 'a')}\n\n# B\n\n${words(5, 'b')}`, {
      maxTokens: 20,
      overlapTokens: 5,
    });
    expect(chunks.at(-1)).toMatchObject({ heading: 'B', text: words(5, 'b') });
  });

  it('lets a section open with a block of up to maxTokens; later chunks keep room for the overlap', () => {
    const chunks = chunkText(`${words(10, 'a')}\n\n${words(10, 'b')}`, { maxTokens: 10, overlapTokens: 3 });
    expect(chunks.map((c) => c.text)).toEqual([
      words(10, 'a'),
      `a7 a8 a9\n\n${words(7, 'b')}`,
      'b4 b5 b6 b7 b8 b9',
    ]);
  });

  it('keeps a fenced code block whole when it fits, with its line breaks and indentation', () => {
    const code = '```ts\nif (a.b) {\n    call(x,  y);\n}\n```';
    expect(texts(`Some   prose\nwrapped.\n\n\n\n${code}`)).toEqual([`Some prose\nwrapped.\n\n${code}`]);
  });

  it('cuts an overlong code block at line ends, never at a "." inside a line', () => {
    const line = (i: number) => `obj.f${i}(). x. y. z`;
    const code = ['```', ...Array.from({ length: 6 }, (_, i) => line(i)), '```'].join('\n');
    const chunks = texts(code, 9);
    expect(
      chunks.every((c) => c.split('\n').every((l) => l === '```' || /^obj\.f\d\(\)\. x\. y\. z$/.test(l))),
    ).toBe(true);
    expect(chunks.join('\n')).toBe(code);
  });

  it('keeps list items whole, cutting between them', () => {
    const list = ['- one two three.', '- four five six', '- seven. eight nine'].join('\n');
    expect(texts(list, 8)).toEqual(['- one two three.\n- four five six', '- seven. eight nine']);
  });

  it('does not cut a sentence after e.g., i.e., Dr. or U.S.', () => {
    const text = 'See e.g. this, i.e. that. Dr. Who went to the U.S. today. End.';
    expect(texts(text, 7)).toEqual(['See e.g. this, i.e. that.', 'Dr. Who went to the U.S. today.', 'End.']);
  });
});
