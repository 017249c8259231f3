import type { FeedbackEntryV1, QueryLogEntryV1 } from '@tributary/contracts';
import { FeedbackService, UnknownQueryError } from './feedback.service';

const logged: QueryLogEntryV1 = {
  queryId: '6f1c2a9e-1d1b-4a57-9a55-0d8d7b3f0c11',
  tenant: 'acme',
  keyId: 'k1',
  query: 'kafka ordering',
  mode: 'hybrid',
  page: 1,
  hits: [{ source: 'wiki', docId: 'kafka' }],
  latencyMs: 3,
  at: '2026-01-01T00:00:00.000Z',
};

describe('FeedbackService', () => {
  const stored: FeedbackEntryV1[] = [];
  const service = new FeedbackService({
    queries: { find: async (id) => (id === logged.queryId ? logged : undefined) },
    feedback: { append: async (entry) => void stored.push(entry) },
  });

  it('stores feedback joined to the query text it answered', async () => {
    const { feedbackId } = await service.record(
      { queryId: logged.queryId, source: 'wiki', docId: 'kafka', label: 3 },
      { tenant: 'acme', keyId: 'k2', principals: [] },
    );
    expect(stored).toEqual([
      expect.objectContaining({ feedbackId, tenant: 'acme', keyId: 'k2', query: 'kafka ordering', label: 3 }),
    ]);
  });

  it('refuses feedback on an unknown query and on another tenant’s query alike', async () => {
    const other = { tenant: 'globex', keyId: 'k9', principals: [] };
    await expect(
      service.record({ queryId: logged.queryId, source: 'wiki', docId: 'kafka', label: 'click' }, other),
    ).rejects.toThrow(UnknownQueryError);
    await expect(
      service.record(
        { queryId: '00000000-0000-4000-8000-000000000000', source: 'wiki', docId: 'x', label: 'click' },
        other,
      ),
    ).rejects.toThrow(UnknownQueryError);
  });
});
