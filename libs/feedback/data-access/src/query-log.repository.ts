import type { Redis } from 'ioredis';
import { QUERY_LOG_STREAM, type QueryLogEntryV1 } from '@tributary/contracts';

/** Entries the query log keeps (approximately: Redis trims whole macro nodes). */
export const QUERY_LOG_MAX_ENTRIES = 1_000_000;
/** How long feedback may refer to a query. */
export const QUERY_FEEDBACK_WINDOW_SECONDS = 7 * 24 * 3600;

const queryKey = (queryId: string) => `tributary:queries:${queryId}`;

/** The query log: a capped Redis stream for the fine-tune jobs, plus a short-lived record per query for feedback. */
export class QueryLogRepository {
  constructor(private readonly redis: Redis) {}

  /** One round trip: the stream entry and the per-query record go in one MULTI. */
  async record(entry: QueryLogEntryV1): Promise<void> {
    const json = JSON.stringify(entry);
    await this.redis
      .multi()
      .xadd(QUERY_LOG_STREAM, 'MAXLEN', '~', QUERY_LOG_MAX_ENTRIES, '*', 'entry', json)
      .set(queryKey(entry.queryId), json, 'EX', QUERY_FEEDBACK_WINDOW_SECONDS)
      .exec();
  }

  /** The logged queries still inside the feedback window, by id, in one round trip. */
  async findMany(queryIds: readonly string[]): Promise<Map<string, QueryLogEntryV1>> {
    const found = new Map<string, QueryLogEntryV1>();
    if (queryIds.length === 0) return found;
    const values = await this.redis.mget(...queryIds.map(queryKey));
    values.forEach((json, i) => {
      const id = queryIds[i];
      if (json !== null && id !== undefined) found.set(id, JSON.parse(json) as QueryLogEntryV1);
    });
    return found;
  }

  /** A logged query still inside the feedback window, or undefined. */
  async find(queryId: string): Promise<QueryLogEntryV1 | undefined> {
    const json = await this.redis.get(queryKey(queryId));
    return json === null ? undefined : (JSON.parse(json) as QueryLogEntryV1);
  }
}
