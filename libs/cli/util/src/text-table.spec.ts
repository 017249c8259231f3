import { alignColumns, formatWhen, truncate } from './text-table';

describe('text-table', () => {
  it('aligns columns and pads every column but the last', () => {
    const lines = alignColumns([
      ['id', 'status', 'reason'],
      ['run-1', 'ok', ''],
      ['r', 'failed', 'boom'],
    ]);
    expect(lines).toEqual(['id     status  reason', 'run-1  ok      ', 'r      failed  boom']);
  });

  it('cuts long values to one line ending in an ellipsis', () => {
    expect(truncate('a  b\nc', 10)).toBe('a b c');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
  });

  it('prints instants to the second in UTC, and a missing one as a dash', () => {
    expect(formatWhen('2026-11-23T10:00:00.123Z')).toBe('2026-11-23 10:00:00Z');
    expect(formatWhen(null)).toBe('-');
    expect(formatWhen('soon')).toBe('soon');
  });
});
