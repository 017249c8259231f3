import { handledLetterMessage, handledRecord, readHandledMessage } from './handled-letter';

describe('handled letter records', () => {
  it('round-trips a discard keyed by the letter position', () => {
    const record = handledRecord('discarded', 'source deleted');
    const message = handledLetterMessage({ partition: 0, offset: '42' }, record);
    expect(message.key).toBe('0:42');
    expect(
      readHandledMessage({
        key: Buffer.from(String(message.key)),
        value: Buffer.from(String(message.value)),
      }),
    ).toEqual({ key: '0:42', record });
  });

  it('reads a tombstone as "no longer handled"', () => {
    expect(readHandledMessage({ key: Buffer.from('1:2'), value: null })).toEqual({
      key: '1:2',
      record: null,
    });
  });

  it('counts a record it cannot read as handled rather than risk a second redrive', () => {
    const read = readHandledMessage({ key: Buffer.from('1:2'), value: Buffer.from('{"schema":"v9"}') });
    expect(read).toEqual({ key: '1:2', record: 'unreadable' });
  });

  it('ignores a record whose key is not a position', () => {
    expect(readHandledMessage({ key: Buffer.from('nope'), value: Buffer.from('{}') })).toBeNull();
  });
});
