import { pseudoQueriesOf } from './pseudo-queries';

describe('pseudoQueriesOf', () => {
  it('splits a passage into sentences, dropping the trailing full stop', () => {
    const text =
      'Kafka keeps every change in order. The embedder reads it in batches! Does it retry on failure?';
    expect(pseudoQueriesOf(text, { minWords: 3 })).toEqual([
      'Kafka keeps every change in order',
      'The embedder reads it in batches!',
      'Does it retry on failure?',
    ]);
  });

  it('skips sentences with too few or too many words', () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const text = `See below. ${long}. The gateway fuses lexical and vector scores.`;
    expect(pseudoQueriesOf(text, { minWords: 4, maxWords: 24 })).toEqual([
      'The gateway fuses lexical and vector scores',
    ]);
  });

  it('drops markdown headings (both styles) and code blocks, and keeps the text of inline markup', () => {
    const text = [
      '# Installing the connector on Linux hosts',
      '',
      'Run the **installer** with [the defaults](https://example.com/docs) first.',
      '',
      'Configuring every connector option',
      '=================================',
      '```bash',
      'npm run this is code and not a sentence at all',
      '```',
      'Set `CONNECTOR_URL` before starting the service.',
    ].join('\n');
    expect(pseudoQueriesOf(text, { minWords: 3 })).toEqual([
      'Run the installer with the defaults first',
      'Set CONNECTOR_URL before starting the service',
    ]);
  });

  it('reads each list item as a sentence of its own, even without a full stop', () => {
    const text =
      'Steps to follow:\n- open the settings page first\n- choose the tenant to configure\n1. save all the changes';
    expect(pseudoQueriesOf(text, { minWords: 3, max: 10 })).toEqual([
      'Steps to follow',
      'open the settings page first',
      'choose the tenant to configure',
      'save all the changes',
    ]);
  });

  it('does not break a sentence at an abbreviation or a decimal point', () => {
    expect(
      pseudoQueriesOf('Use a small model, e.g. bge-small at version 1.5 for speed.', { minWords: 3 }),
    ).toEqual(['Use a small model, e.g. bge-small at version 1.5 for speed']);
  });

  it('returns at most max, first ones first, without repeats', () => {
    const text = 'Alpha beta gamma delta. Alpha beta gamma delta. One two three four. Five six seven eight.';
    expect(pseudoQueriesOf(text, { max: 2 })).toEqual(['Alpha beta gamma delta', 'One two three four']);
    expect(pseudoQueriesOf(text, { max: 0 })).toEqual([]);
  });

  it('returns nothing for an empty passage and rejects contradictory bounds', () => {
    expect(pseudoQueriesOf('')).toEqual([]);
    expect(() => pseudoQueriesOf('x', { minWords: 5, maxWords: 3 })).toThrow(RangeError);
  });
});
