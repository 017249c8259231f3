import { toDeadLetterEntry } from './dead-letter.entry';

const headers = {
  'dlq.original-topic': Buffer.from('tributary.documents.changes'),
  'dlq.original-partition': Buffer.from('4'),
  'dlq.original-offset': Buffer.from('1234'),
  'dlq.error': Buffer.from('Error: cannot embed'),
  'dlq.attempts': Buffer.from('3'),
  'dlq.failed-at': Buffer.from('2026-11-23T10:00:00.000Z'),
};

describe('toDeadLetterEntry', () => {
  it('reads the dead-letter headers and splits the key into source and docId at the first colon', () => {
    const entry = toDeadLetterEntry(0, {
      offset: '7',
      key: Buffer.from('docs:guide:intro.md'),
      value: Buffer.from('{}'),
      headers,
    });
    expect(entry).toEqual({
      partition: 0,
      offset: '7',
      key: 'docs:guide:intro.md',
      source: 'docs',
      docId: 'guide:intro.md',
      error: 'Error: cannot embed',
      attempts: 3,
      failedAt: '2026-11-23T10:00:00.000Z',
      originalTopic: 'tributary.documents.changes',
      originalPartition: 4,
      originalOffset: '1234',
    });
  });

  it('falls back to the payload for source and docId when the key does not carry them', () => {
    const value = Buffer.from(JSON.stringify({ source: 'wiki', docId: 'Home', op: 'upsert' }));
    expect(toDeadLetterEntry(1, { offset: '0', key: null, value, headers })).toMatchObject({
      key: null,
      source: 'wiki',
      docId: 'Home',
    });
  });

  it('leaves unknown what a letter without headers or a readable payload does not say', () => {
    expect(toDeadLetterEntry(0, { offset: '0', key: null, value: Buffer.from([0xff]) })).toMatchObject({
      source: null,
      docId: null,
      error: '(no error recorded)',
      attempts: null,
      failedAt: null,
      originalTopic: null,
      originalPartition: null,
    });
  });

  it('does not take a malformed attempts header for a number', () => {
    const entry = toDeadLetterEntry(0, {
      offset: '0',
      key: null,
      value: null,
      headers: { ...headers, 'dlq.attempts': Buffer.from('') },
    });
    expect(entry.attempts).toBeNull();
  });
});
