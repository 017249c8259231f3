import type { DocumentChangeV1 } from '@tributary/contracts';
import type { ChangePublisher } from './change-batch';
import { PushIngestService, PushVersionClock } from './push-ingest.service';

class RecordingPublisher implements ChangePublisher {
  readonly published: DocumentChangeV1[] = [];
  async publish(changes: readonly DocumentChangeV1[]) {
    this.published.push(...changes);
  }
}

describe('PushIngestService', () => {
  it('publishes pushed changes as document-change/v1 and reports the versions it used', async () => {
    const publisher = new RecordingPublisher();
    const service = new PushIngestService(publisher, new PushVersionClock(() => 1_000));
    const response = await service.ingest([
      { op: 'upsert', source: 'crm', docId: 'a', title: 'A', body: 'text', uri: 'crm://a', metadata: {} },
      { op: 'delete', source: 'crm', docId: 'b', version: 7 },
    ]);
    expect(response.accepted).toEqual([
      { source: 'crm', docId: 'a', op: 'upsert', version: 1_000_000 },
      { source: 'crm', docId: 'b', op: 'delete', version: 7 },
    ]);
    expect(publisher.published[0]).toMatchObject({
      schema: 'document-change/v1',
      version: 1_000_000,
      body: 'text',
    });
    expect(publisher.published[1]?.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('fails when the publisher does, so the caller hears of it instead of a false acknowledgement', async () => {
    const service = new PushIngestService({
      publish: async () => {
        throw new Error('Kafka unreachable');
      },
    });
    await expect(service.ingest([{ op: 'delete', source: 'crm', docId: 'a' }])).rejects.toThrow(
      'Kafka unreachable',
    );
  });
});

describe('PushVersionClock', () => {
  it('is strictly increasing even within one millisecond and when the clock steps back', () => {
    let now = 5;
    const clock = new PushVersionClock(() => now);
    const first = clock.next();
    const second = clock.next();
    now = 4;
    const third = clock.next();
    expect([first, second, third]).toEqual([5000, 5001, 5002]);
  });
});
