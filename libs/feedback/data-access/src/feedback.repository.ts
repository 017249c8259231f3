import type { Redis } from 'ioredis';
import { FEEDBACK_STREAM, type FeedbackEntryV1 } from '@tributary/contracts';

/** Feedback events kept (approximately, as Redis trims whole macro nodes). */
export const FEEDBACK_MAX_ENTRIES = 10_000_000;

/** Feedback in a capped Redis stream, persisted by Redis's append-only file. */
export class FeedbackRepository {
  constructor(private readonly redis: Redis) {}

  async append(entry: FeedbackEntryV1): Promise<void> {
    await this.redis.xadd(
      FEEDBACK_STREAM,
      'MAXLEN',
      '~',
      FEEDBACK_MAX_ENTRIES,
      '*',
      'entry',
      JSON.stringify(entry),
    );
  }

  /** Entries newest first, before the given stream id ("+" for the newest): how the fine-tune jobs read. */
  async readBefore(beforeId: string, count: number): Promise<Array<{ id: string; entry: FeedbackEntryV1 }>> {
    const end = beforeId === '+' ? '+' : `(${beforeId}`;
    const entries = await this.redis.xrevrange(FEEDBACK_STREAM, end, '-', 'COUNT', count);
    return entries.map(([id, fields]) => ({ id, entry: JSON.parse(fields[1] ?? '{}') as FeedbackEntryV1 }));
  }

  /** Entries oldest first, after the given stream id ("0" for all). */
  async readAfter(afterId: string, count: number): Promise<Array<{ id: string; entry: FeedbackEntryV1 }>> {
    const entries = await this.redis.xrange(FEEDBACK_STREAM, `(${afterId}`, '+', 'COUNT', count);
    return entries.map(([id, fields]) => ({ id, entry: JSON.parse(fields[1] ?? '{}') as FeedbackEntryV1 }));
  }
}
