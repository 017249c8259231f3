import { UsageError } from './connector.factory';
import { parseLimit, parseOffsetOption, redriveTarget } from './dlq.command';

describe('dlq command arguments', () => {
  it('reads --offset as <partition>:<offset>', () => {
    expect(parseOffsetOption('2:1041')).toEqual({ partition: 2, offset: '1041' });
  });

  it.each(['42', '0-42', '0:', 'a:1', '0:1:2', '-1:3'])('calls --offset %p a usage error', (text) => {
    expect(() => parseOffsetOption(text)).toThrow(UsageError);
    expect(() => parseOffsetOption(text)).toThrow(/<partition>:<offset>/);
  });

  it('redrives one letter with --offset and every pending one with --all', () => {
    expect(redriveTarget({ offset: '0:7' })).toEqual({ partition: 0, offset: '7' });
    expect(redriveTarget({ all: true })).toBe('all');
  });

  it('refuses a redrive with both --offset and --all, or with neither', () => {
    expect(() => redriveTarget({ offset: '0:7', all: true })).toThrow(UsageError);
    expect(() => redriveTarget({})).toThrow(/exactly one of --offset/);
  });

  it('takes a positive integer --limit only', () => {
    expect(parseLimit('50')).toBe(50);
    for (const text of ['0', '-1', '2.5', 'ten']) expect(() => parseLimit(text)).toThrow(UsageError);
  });
});
