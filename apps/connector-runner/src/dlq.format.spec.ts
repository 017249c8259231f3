import type { DeadLetterEntry } from '@tributary/kafka';
import { formatDeadLetterTable, formatRedriveAll } from './dlq.format';
import { formatWhen, truncate } from '@tributary/cli-util';

const letter = (overrides: Partial<DeadLetterEntry> = {}): DeadLetterEntry => ({
  partition: 0,
  offset: '7',
  key: 'docs:guide/intro.md',
  source: 'docs',
  docId: 'guide/intro.md',
  error: 'Error: cannot embed',
  attempts: 3,
  failedAt: '2026-11-23T10:00:00.000Z',
  originalTopic: 'tributary.documents.changes',
  originalPartition: 4,
  originalOffset: '1234',
  ...overrides,
});

describe('dlq output', () => {
  it('prints pending letters as an aligned table with a count line', () => {
    const text = formatDeadLetterTable(
      [
        letter(),
        letter({ offset: '12', source: null, docId: null, key: null, attempts: null, failedAt: null }),
      ],
      2,
      'dlq',
    );
    expect(text.split('\n')).toEqual([
      'OFFSET  FAILED AT             DOCUMENT             ATTEMPTS  ERROR',
      '0:7     2026-11-23 10:00:00Z  docs:guide/intro.md  3         Error: cannot embed',
      '0:12    -                     (no key)             -         Error: cannot embed',
      '2 pending dead letters in dlq',
    ]);
  });

  it('puts a long or multi-line error on one truncated line, and says when --limit hid letters', () => {
    const error = `ContractViolationError:\n${'x'.repeat(200)}`;
    const [, row, footer] = formatDeadLetterTable([letter({ error })], 120, 'dlq').split('\n');
    const [, shown] = /(ContractViolationError: x+…)$/.exec(row!) ?? [];
    expect(shown).toHaveLength(80);
    expect(footer).toBe('120 pending dead letters in dlq (showing 1; raise --limit for more)');
  });

  it('says so when nothing is pending', () => {
    expect(formatDeadLetterTable([], 0, 'dlq')).toBe('no pending dead letters in dlq');
    expect(formatRedriveAll({ redriven: [], skipped: [] })).toBe(
      'nothing to redrive: no pending dead letters',
    );
  });

  it('reports each redriven and skipped letter, then the counts', () => {
    const text = formatRedriveAll({
      redriven: [letter()],
      skipped: [letter({ offset: '9', originalTopic: null })],
    });
    expect(text.split('\n')).toEqual([
      'redriven 0:7 (docs:guide/intro.md) to tributary.documents.changes',
      'skipped 0:9 (docs:guide/intro.md): no original topic; discard it',
      'redriven 1, skipped 1',
    ]);
  });

  it('truncates and formats times without losing what it cannot parse', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate(' a\n b ', 10)).toBe('a b');
    expect(formatWhen('yesterday')).toBe('yesterday');
  });
});
