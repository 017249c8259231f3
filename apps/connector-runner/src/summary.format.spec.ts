import { formatSummary } from './summary.format';

describe('formatSummary', () => {
  it('prints the counts on one line and each failure below it', () => {
    const text = formatSummary('filesystem', {
      source: 'docs',
      seen: 3,
      changed: 1,
      deleted: 1,
      failed: 1,
      durationMs: 1234,
      failures: [{ docId: 'secret.md', error: 'EACCES: permission denied' }],
    });
    expect(text).toBe(
      'filesystem source=docs seen=3 changed=1 deleted=1 failed=1 in 1.2s\n  failed secret.md: EACCES: permission denied',
    );
  });

  it('caps the failure list at twenty lines and says how many more', () => {
    const failures = Array.from({ length: 25 }, (_, i) => ({ docId: `f${i}`, error: 'bad' }));
    const lines = formatSummary('filesystem', {
      source: 's',
      seen: 0,
      changed: 0,
      deleted: 0,
      failed: 25,
      durationMs: 0,
      failures,
    }).split('\n');
    expect(lines).toHaveLength(22);
    expect(lines[21]).toBe('  ... and 5 more');
  });
});
