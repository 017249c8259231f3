import { parseZonelessAsUtc } from './timestamp.parser';

describe('parseZonelessAsUtc', () => {
  it('reads a timestamp without time zone as UTC, keeping milliseconds', () => {
    expect(parseZonelessAsUtc('2024-03-01 12:34:56.789123')).toEqual(new Date('2024-03-01T12:34:56.789Z'));
    expect(parseZonelessAsUtc('2024-03-01 12:34:56.5')).toEqual(new Date('2024-03-01T12:34:56.500Z'));
    expect(parseZonelessAsUtc('2024-03-01 12:34:56')).toEqual(new Date('2024-03-01T12:34:56Z'));
  });

  it('reads a date as UTC midnight, years below 100 included', () => {
    expect(parseZonelessAsUtc('2024-03-01')).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect((parseZonelessAsUtc('0050-01-01') as Date).getUTCFullYear()).toBe(50);
  });

  it('leaves infinity and BC values as text for the mapper to refuse', () => {
    expect(parseZonelessAsUtc('infinity')).toBe('infinity');
    expect(parseZonelessAsUtc('0044-03-15 BC')).toBe('0044-03-15 BC');
  });
});
