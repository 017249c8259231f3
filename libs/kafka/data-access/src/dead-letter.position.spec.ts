import { InvalidDeadLetterPositionError } from './dead-letter.errors';
import { formatDeadLetterPosition, parseDeadLetterPosition } from './dead-letter.position';

describe('dead letter positions', () => {
  it('parses <partition>:<offset> and writes it back the same way', () => {
    expect(parseDeadLetterPosition('3:42')).toEqual({ partition: 3, offset: '42' });
    expect(formatDeadLetterPosition({ partition: 3, offset: '42' })).toBe('3:42');
  });

  it('keeps offsets beyond 2^53 exact and drops leading zeros', () => {
    expect(parseDeadLetterPosition('0:9223372036854775807').offset).toBe('9223372036854775807');
    expect(parseDeadLetterPosition(' 0:007 ')).toEqual({ partition: 0, offset: '7' });
  });

  it.each([
    '',
    '42',
    '0:',
    ':1',
    '-1:0',
    '0:-1',
    '0:1.5',
    'a:b',
    '0:1:2',
    '2147483648:0',
    '0:9223372036854775808',
  ])('rejects %p', (text) => {
    expect(() => parseDeadLetterPosition(text)).toThrow(InvalidDeadLetterPositionError);
  });
});
