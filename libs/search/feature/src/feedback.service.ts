import { randomUUID } from 'node:crypto';
import type { FeedbackEntryV1, FeedbackRequestV1, QueryLogEntryV1 } from '@tributary/contracts';
import type { SearchCaller } from './search-caller';

/** The query log and feedback store as feedback needs them (Redis repositories in production). */
export interface FeedbackStores {
  queries: { find(queryId: string): Promise<QueryLogEntryV1 | undefined> };
  feedback: { append(entry: FeedbackEntryV1): Promise<void> };
}

/** Feedback for a query this tenant did not ask, or one older than the feedback window. */
export class UnknownQueryError extends Error {
  constructor(queryId: string) {
    super(`no query ${queryId} was answered for this tenant in the feedback window`);
    this.name = 'UnknownQueryError';
  }
}

/** Records what users did with results, joined to the query they answered. */
export class FeedbackService {
  constructor(private readonly stores: FeedbackStores) {}

  async record(request: FeedbackRequestV1, caller: SearchCaller): Promise<{ feedbackId: string }> {
    const query = await this.stores.queries.find(request.queryId);
    // Another tenant's queryId looks exactly like an unknown one.
    if (!query || query.tenant !== caller.tenant) throw new UnknownQueryError(request.queryId);
    const feedbackId = randomUUID();
    await this.stores.feedback.append({
      ...request,
      feedbackId,
      tenant: caller.tenant,
      keyId: caller.keyId,
      query: query.query,
      at: new Date().toISOString(),
    });
    return { feedbackId };
  }
}
