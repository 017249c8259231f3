import type { FeedbackEntryV1, QueryLogEntryV1 } from '@tributary/contracts';
import { normalizeQuery } from '@tributary/finetune-util';
import { gradeOf, pairsFromFeedback } from './feedback-pairs';

let sequence = 0;
const feedback = (
  query: string,
  docId: string,
  label: FeedbackEntryV1['label'],
  queryId = 'q-1',
): FeedbackEntryV1 => ({
  feedbackId: `f-${++sequence}`,
  queryId,
  tenant: 'default',
  keyId: 'key-1',
  query,
  source: 'wiki',
  docId,
  label,
  at: new Date(Date.UTC(2024, 0, 1, 0, 0, sequence)).toISOString(),
});

const logged = (queryId: string, query: string, docIds: string[]): QueryLogEntryV1 => ({
  queryId,
  tenant: 'default',
  keyId: 'key-1',
  query,
  mode: 'hybrid',
  page: 1,
  hits: docIds.map((docId) => ({ source: 'wiki', docId })),
  latencyMs: 12,
  at: '2024-01-01T00:00:00.000Z',
});

const noLog = new Map<string, QueryLogEntryV1>();
const negativeIds = (pair: { negatives?: Array<{ docId: string }> }) =>
  (pair.negatives ?? []).map((negative) => negative.docId).sort();

describe('gradeOf', () => {
  it('grades a click 1, a thumbs-up 2, a thumbs-down 0 and a graded label as itself', () => {
    expect(gradeOf('click')).toBe(1);
    expect(gradeOf('thumbs_up')).toBe(2);
    expect(gradeOf('thumbs_down')).toBe(0);
    expect(gradeOf(3)).toBe(3);
    expect(gradeOf(0)).toBe(0);
  });
});

describe('normalizeQuery', () => {
  it('ignores case, surrounding whitespace and repeated whitespace', () => {
    expect(normalizeQuery('  Reset   My\tPASSWORD ')).toBe('reset my password');
  });
});

describe('pairsFromFeedback', () => {
  it('turns each positive label into a pair graded by its label', () => {
    const pairs = pairsFromFeedback(
      [
        feedback('reset password', 'a', 'click'),
        feedback('reset password', 'b', 'thumbs_up'),
        feedback('reset password', 'c', 3),
      ],
      noLog,
    );
    expect(pairs.map((pair) => [pair.positive.docId, pair.grade, pair.origin])).toEqual([
      ['a', 1, 'feedback'],
      ['b', 2, 'feedback'],
      ['c', 3, 'feedback'],
    ]);
  });

  it('keeps only the latest label of a (query, document): a click then a thumbs-down is a negative', () => {
    const pairs = pairsFromFeedback(
      [
        feedback('reset password', 'a', 'click'),
        feedback('reset password', 'a', 'thumbs_down'),
        feedback('reset password', 'b', 'thumbs_down'),
        feedback('reset password', 'b', 'thumbs_up'),
      ],
      noLog,
    );
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ positive: { docId: 'b' }, grade: 2 });
    expect(negativeIds(pairs[0]!)).toEqual(['a']);
  });

  it('makes documents labelled thumbs_down or graded 0 the negatives of every positive of the query', () => {
    const pairs = pairsFromFeedback(
      [
        feedback('reset password', 'good', 'thumbs_up'),
        feedback('reset password', 'also-good', 'click'),
        feedback('reset password', 'bad', 'thumbs_down'),
        feedback('reset password', 'zero', 0),
      ],
      noLog,
    );
    expect(pairs.map((pair) => pair.positive.docId)).toEqual(['good', 'also-good']);
    for (const pair of pairs) expect(negativeIds(pair)).toEqual(['bad', 'zero']);
  });

  it('makes unlabelled hits ranked above the lowest positive negatives, and leaves hits below it alone', () => {
    const shown = new Map([
      ['q-1', logged('q-1', 'reset password', ['skipped-1', 'first', 'skipped-2', 'last', 'below'])],
    ]);
    const pairs = pairsFromFeedback(
      [feedback('reset password', 'first', 'click'), feedback('reset password', 'last', 'click')],
      shown,
    );
    expect(pairs).toHaveLength(2);
    for (const pair of pairs) expect(negativeIds(pair)).toEqual(['skipped-1', 'skipped-2']);
  });

  it('takes no skipped negatives when the positive was the top hit', () => {
    const shown = new Map([['q-1', logged('q-1', 'reset password', ['top', 'other'])]]);
    const [pair] = pairsFromFeedback([feedback('reset password', 'top', 'click')], shown);
    expect(pair).toBeDefined();
    expect(pair!.negatives).toBeUndefined();
  });

  it('merges queries that differ only in case and whitespace, skipped hits of each search included', () => {
    const shown = new Map([
      ['q-1', logged('q-1', 'Reset Password', ['skipped-a', 'a'])],
      ['q-2', logged('q-2', '  reset   password ', ['skipped-b', 'b'])],
    ]);
    const pairs = pairsFromFeedback(
      [
        feedback('Reset Password', 'a', 'click', 'q-1'),
        feedback('  reset   password ', 'b', 'thumbs_up', 'q-2'),
      ],
      shown,
    );
    expect(pairs).toHaveLength(2);
    expect(new Set(pairs.map((pair) => pair.query))).toEqual(new Set(['Reset Password']));
    for (const pair of pairs) expect(negativeIds(pair)).toEqual(['skipped-a', 'skipped-b']);
  });

  it('keeps queries that differ in words apart', () => {
    const pairs = pairsFromFeedback(
      [feedback('reset password', 'a', 'click'), feedback('reset username', 'b', 'click')],
      noLog,
    );
    expect(pairs.map((pair) => pair.query)).toEqual(['reset password', 'reset username']);
  });

  it('yields no pair for a query with no positive label, even with negatives and a logged search', () => {
    const shown = new Map([['q-1', logged('q-1', 'nothing good', ['a', 'b'])]]);
    const pairs = pairsFromFeedback(
      [
        feedback('nothing good', 'a', 'thumbs_down'),
        feedback('nothing good', 'b', 0),
        feedback('has one', 'c', 'click', 'q-2'),
      ],
      shown,
    );
    expect(pairs.map((pair) => pair.query)).toEqual(['has one']);
  });
});
