import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { FeedbackEntryV1, QueryLogEntryV1 } from '@tributary/contracts';
import { realServices } from '@tributary/testing';
import { FeedbackRepository } from './feedback.repository';
import { QueryLogRepository } from './query-log.repository';

/** The streams as the fine-tune jobs read them, against real Redis (entries are the suite's own: a unique tenant). */
describe('feedback and query log streams (real Redis)', () => {
  const redis = new Redis(realServices.redisUrl);
  const tenant = `it-${randomUUID().slice(0, 8)}`;
  const feedbackEntry = (n: number): FeedbackEntryV1 => ({
    feedbackId: `f-${n}`,
    queryId: randomUUID(),
    tenant,
    keyId: 'key-1',
    query: `question ${n}`,
    source: 'wiki',
    docId: `d${n}`,
    label: 'click',
    at: new Date().toISOString(),
  });

  afterAll(() => redis.disconnect());

  it('reads feedback newest first, page after page, before the last id read', async () => {
    const feedback = new FeedbackRepository(redis);
    for (let n = 0; n < 5; n++) await feedback.append(feedbackEntry(n));

    const first = await feedback.readBefore('+', 3);
    const lastOfFirst = first.at(-1)?.id ?? '';
    const second = await feedback.readBefore(lastOfFirst, 2);

    expect(first.map(({ entry }) => entry.feedbackId)).toEqual(['f-4', 'f-3', 'f-2']);
    expect(second.map(({ entry }) => entry.feedbackId)).toEqual(['f-1', 'f-0']);
    expect(second.every(({ entry }) => entry.tenant === tenant)).toBe(true);
  });

  it('finds many logged queries in one call, leaving out unknown ids', async () => {
    const queryLog = new QueryLogRepository(redis);
    const logged = (query: string): QueryLogEntryV1 => ({
      queryId: randomUUID(),
      tenant,
      keyId: 'key-1',
      query,
      mode: 'hybrid',
      page: 1,
      hits: [{ source: 'wiki', docId: 'a' }],
      latencyMs: 3,
      at: new Date().toISOString(),
    });
    const [a, b] = [logged('reset password'), logged('rotate keys')];
    await queryLog.record(a);
    await queryLog.record(b);

    const found = await queryLog.findMany([a.queryId, randomUUID(), b.queryId]);

    expect([...found.keys()]).toEqual([a.queryId, b.queryId]);
    expect(found.get(b.queryId)).toEqual(b);
    expect(await queryLog.findMany([])).toEqual(new Map());
  });
});
