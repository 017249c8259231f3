import type { DocumentChangeV1 } from '@tributary/contracts';
import type { SourceClaim, SourceTenantStore } from '@tributary/connectors-data-access';
import type { ChangePublisher } from './change-batch';
import { PushIngestService, PushVersionClock } from './push-ingest.service';
import { SourceOwnedByAnotherTenantError } from './source-ownership';

class RecordingPublisher implements ChangePublisher {
  readonly published: DocumentChangeV1[] = [];
  async publish(changes: readonly DocumentChangeV1[]) {
    this.published.push(...changes);
  }
}

/** Source owners in memory, with the store's first-claim-wins rule. */
class MemorySourceTenants implements SourceTenantStore {
  readonly owners = new Map<string, string>();
  async claimAll(sources: readonly string[], tenant: string): Promise<SourceClaim> {
    for (const source of sources) {
      const owner = this.owners.get(source);
      if (owner !== undefined && owner !== tenant) return { ok: false, source, owner };
    }
    for (const source of sources) this.owners.set(source, this.owners.get(source) ?? tenant);
    return { ok: true };
  }
}

describe('PushIngestService', () => {
  const setup = () => {
    const publisher = new RecordingPublisher();
    const owners = new MemorySourceTenants();
    const service = new PushIngestService(publisher, owners, new PushVersionClock(() => 1_000));
    return { publisher, owners, service };
  };

  it("publishes pushed changes as document-change/v1 in the caller's tenant and reports the versions it used", async () => {
    const { publisher, service } = setup();
    const response = await service.ingest(
      [
        { op: 'upsert', source: 'crm', docId: 'a', title: 'A', body: 'text', uri: 'crm://a', metadata: {} },
        { op: 'delete', source: 'crm', docId: 'b', version: 7 },
      ],
      'acme',
    );
    expect(response.accepted).toEqual([
      { source: 'crm', docId: 'a', op: 'upsert', version: 1_000_000 },
      { source: 'crm', docId: 'b', op: 'delete', version: 7 },
    ]);
    expect(publisher.published[0]).toMatchObject({
      schema: 'document-change/v1',
      tenant: 'acme',
      version: 1_000_000,
      body: 'text',
    });
    expect(publisher.published[1]).toMatchObject({ tenant: 'acme' });
    expect(publisher.published[1]?.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("claims each new source for the caller's tenant", async () => {
    const { owners, service } = setup();
    await service.ingest(
      [
        { op: 'delete', source: 'crm', docId: 'a' },
        { op: 'delete', source: 'wiki', docId: 'b' },
      ],
      'acme',
    );
    expect(owners.owners).toEqual(
      new Map([
        ['crm', 'acme'],
        ['wiki', 'acme'],
      ]),
    );
  });

  it("refuses the whole request, publishing nothing, when one source is another tenant's, without naming that tenant", async () => {
    const { publisher, owners, service } = setup();
    owners.owners.set('wiki', 'acme');
    const refused = service.ingest(
      [
        { op: 'delete', source: 'crm', docId: 'a' },
        { op: 'delete', source: 'wiki', docId: 'b' },
      ],
      'globex',
    );
    await expect(refused).rejects.toThrow(SourceOwnedByAnotherTenantError);
    await expect(refused).rejects.toThrow(/^source "wiki" belongs to another tenant$/);
    expect(publisher.published).toEqual([]);
    expect(owners.owners.get('wiki')).toBe('acme');
    expect(owners.owners.has('crm')).toBe(false);
  });

  it('fails when the publisher does, so the caller hears of it instead of a false acknowledgement', async () => {
    const service = new PushIngestService(
      {
        publish: async () => {
          throw new Error('Kafka unreachable');
        },
      },
      new MemorySourceTenants(),
    );
    await expect(service.ingest([{ op: 'delete', source: 'crm', docId: 'a' }], 'acme')).rejects.toThrow(
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
