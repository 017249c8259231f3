import { endsSentence } from './sentence-end';

describe('endsSentence', () => {
  it.each(['end.', 'why?', 'wow!', 'said."', 'it.)', 'etc.'])(
    'takes %s for the end of a sentence',
    (word) => {
      expect(endsSentence(word)).toBe(true);
    },
  );

  it.each(['e.g.', 'i.e.', '(e.g.', 'Dr.', 'mr.', 'U.S.', 'J.', 'vs.', 'word', 'v1.2', '3.14'])(
    'does not take %s for the end of a sentence',
    (word) => {
      expect(endsSentence(word)).toBe(false);
    },
  );
});
