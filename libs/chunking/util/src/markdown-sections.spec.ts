import { markdownSections } from './markdown-sections';

const outline = (text: string) =>
  markdownSections(text).map((s) => [s.heading, s.blocks.map((b) => `${b.kind}: ${b.lines.join('|')}`)]);

describe('markdownSections', () => {
  it('reads ATX headings of levels 1 to 6 with up to three spaces of indent and without closing hashes', () => {
    expect(outline('# One #\na\n   ###### Six ###\nb')).toEqual([
      ['One', ['paragraph: a']],
      ['One > Six', ['paragraph: b']],
    ]);
  });

  it('takes neither #hashtags, seven hashes nor four-space-indented hashes for headings', () => {
    expect(outline('#tag\n####### seven\n    # code')).toEqual([
      [undefined, ['paragraph: #tag|####### seven|    # code']],
    ]);
  });

  it('replaces headings of the same or a deeper level in the path and keeps shallower ones', () => {
    const text = '# A\na\n### C\nc\n## B\nb\n# D\nd';
    expect(markdownSections(text).map((s) => s.heading)).toEqual(['A', 'A > C', 'A > B', 'D']);
  });

  it('underlines only a one-line paragraph into a heading, so a rule under wrapped text stays text', () => {
    expect(outline('Title\n===\nbody\n\nwrapped\nlines\n---\n\n---')).toEqual([
      ['Title', ['paragraph: body', 'paragraph: wrapped|lines|---', 'paragraph: ---']],
    ]);
  });

  it('ignores headings inside a fence until a closing fence of the same marker and at least its length', () => {
    const text = '~~~~ md\n# not\n```\n~~~\n~~~~~\n# Yes\nx';
    expect(outline(text)).toEqual([
      [undefined, ['code: ~~~~ md|# not|```|~~~|~~~~~']],
      ['Yes', ['paragraph: x']],
    ]);
  });

  it('runs an unclosed fence to the end of the text', () => {
    expect(outline('```\n# not a heading\n\ntext')).toEqual([
      [undefined, ['code: ```|# not a heading||text']],
    ]);
  });

  it('makes each list item a block, with its continuation lines', () => {
    expect(outline('intro\n- a\n  more\n* b\n1. c\n2) d')).toEqual([
      [
        undefined,
        ['paragraph: intro', 'list-item: - a|  more', 'list-item: * b', 'list-item: 1. c', 'list-item: 2) d'],
      ],
    ]);
  });

  it('reads CRLF line endings like LF ones', () => {
    expect(markdownSections('# Title\r\nbody\r\n\r\nSub\r\n---\r\nx').map((s) => s.heading)).toEqual([
      'Title',
      'Title > Sub',
    ]);
  });

  it('drops sections without a body', () => {
    expect(outline('# A\n\n## B\n\n# C\nc')).toEqual([['C', ['paragraph: c']]]);
  });
});
