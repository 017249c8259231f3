import { FINETUNE_LIMITS, fineTunePlanV1Schema } from './finetune.v1';

const problems = (input: unknown) => {
  const result = fineTunePlanV1Schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};
const minimal = { name: 'support', trainer: { kind: 'query-adapter' } };

describe('fine-tune plan v1', () => {
  it('fills in every default of a minimal plan', () => {
    expect(fineTunePlanV1Schema.parse(minimal)).toEqual({
      name: 'support',
      trainer: { kind: 'query-adapter', seed: 42, shuffleLabels: false },
      dataset: {
        tenant: 'default',
        feedback: true,
        pseudoQueries: 1_000,
        holdoutFraction: 0.2,
        minPairs: 20,
        maxPairs: FINETUNE_LIMITS.maxPairs,
      },
      promotion: { margin: 0.005, automatic: true },
      paused: false,
    });
  });

  it('refuses a cron pattern or time zone the scheduler could not use, when the plan is stored', () => {
    expect(problems({ ...minimal, schedule: { cron: 'not a cron' } })).toEqual([
      expect.stringMatching(/^schedule\.cron: not a cron pattern/),
    ]);
    expect(problems({ ...minimal, schedule: { cron: '0 3 * * *', tz: 'Mars/Olympus' } })).toEqual([
      'schedule.tz: unknown time zone "Mars/Olympus"',
    ]);
    expect(problems({ ...minimal, schedule: { cron: '0 3 * * *', tz: 'Europe/Paris' } })).toEqual([]);
  });

  it('enforces the documented limits', () => {
    expect(problems({ ...minimal, schedule: { everyMs: FINETUNE_LIMITS.minEveryMs - 1 } })).not.toEqual([]);
    expect(problems({ ...minimal, name: 'Bad Name' })).toEqual([expect.stringMatching(/^name: /)]);
    expect(
      problems({ ...minimal, dataset: { pseudoQueries: FINETUNE_LIMITS.maxPseudoQueries + 1 } }),
    ).not.toEqual([]);
    expect(problems({ ...minimal, dataset: { maxPairs: FINETUNE_LIMITS.maxPairs + 1 } })).not.toEqual([]);
    expect(problems({ ...minimal, dataset: { tenant: 'Acme Corp' } })).toEqual([
      expect.stringMatching(/^dataset\.tenant: /),
    ]);
    expect(problems({ ...minimal, trainer: { kind: 'query-adapter', epochs: 5_001 } })).not.toEqual([]);
  });

  it('refuses minPairs above maxPairs, which would make every run end with no data', () => {
    expect(problems({ ...minimal, dataset: { minPairs: 100, maxPairs: 50 } })).toEqual([
      'dataset.minPairs: minPairs cannot exceed maxPairs (every run would end with no data)',
    ]);
  });

  it('refuses unknown fields and trainers', () => {
    expect(problems({ ...minimal, schedle: { everyMs: 60_000 } })).not.toEqual([]);
    expect(problems({ ...minimal, trainer: { kind: 'magic' } })).toEqual([
      expect.stringMatching(/^trainer\.kind: /),
    ]);
  });
});
