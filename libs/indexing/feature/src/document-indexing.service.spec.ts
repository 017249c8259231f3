import { DOCUMENT_CHANGE_V1, type DocumentUpsertV1 } from '@tributary/contracts';
import { HashingEmbeddingProvider } from '@tributary/embeddings';
import type { ChunkDocument } from '@tributary/search-data-access';
import type { ChunkStore } from './chunk-store';
import { DocumentIndexingService } from './document-indexing.service';

/** An in-memory ChunkStore: a fake of our own port, not of Elasticsearch. */
class FakeChunkStore implements ChunkStore {
  readonly docs = new Map<string, ChunkDocument[]>();
  async currentVersion(source: string, docId: string) {
    return this.docs.get(`${source}:${docId}`)?.[0]?.version;
  }
  async replaceDocument(source: string, docId: string, _version: number, chunks: readonly ChunkDocument[]) {
    this.docs.set(`${source}:${docId}`, [...chunks]);
  }
  async deleteDocument(source: string, docId: string) {
    const removed = this.docs.get(`${source}:${docId}`)?.length ?? 0;
    this.docs.delete(`${source}:${docId}`);
    return removed;
  }
}

const base = {
  schema: DOCUMENT_CHANGE_V1,
  source: 'docs',
  docId: 'a.md',
  occurredAt: '2026-11-23T10:00:00Z',
} as const;
const upsert = (version: number, body: string): DocumentUpsertV1 => ({
  ...base,
  op: 'upsert',
  version,
  title: 'A',
  body,
  uri: 'file:///a.md',
  metadata: { lang: 'en' },
});

describe('DocumentIndexingService', () => {
  const setup = () => {
    const store = new FakeChunkStore();
    const service = new DocumentIndexingService(store, new HashingEmbeddingProvider(16), {
      maxTokens: 5,
      overlapTokens: 1,
    });
    return { store, service };
  };

  it('writes one chunk per piece with the model, version, chunker settings and metadata', async () => {
    const { store, service } = setup();
    expect(await service.apply(upsert(1, 'one two three four five six seven'))).toEqual({
      kind: 'indexed',
      chunks: 2,
    });
    const chunks = store.docs.get('docs:a.md')!;
    expect(chunks.map((c) => c.chunk)).toEqual([0, 1]);
    expect(chunks[0]).toMatchObject({
      version: 1,
      model: 'hashing-placeholder-16',
      chunker: 'paragraph/v1;max=5;overlap=1',
      metadata: { lang: 'en' },
    });
    expect(chunks[0]?.embedding).toHaveLength(16);
  });

  it('skips an event older than the indexed version', async () => {
    const { store, service } = setup();
    await service.apply(upsert(5, 'new text'));
    expect(await service.apply(upsert(4, 'old text'))).toEqual({ kind: 'stale', indexedVersion: 5 });
    expect(store.docs.get('docs:a.md')?.[0]?.text).toContain('new text');
  });

  it('replays the same version idempotently', async () => {
    const { store, service } = setup();
    await service.apply(upsert(2, 'same'));
    const first = structuredClone(store.docs.get('docs:a.md')!.map(({ indexedAt: _, ...rest }) => rest));
    await service.apply(upsert(2, 'same'));
    expect(store.docs.get('docs:a.md')!.map(({ indexedAt: _, ...rest }) => rest)).toEqual(first);
  });

  it('indexes a title-only document as one chunk holding the title', async () => {
    const { store, service } = setup();
    expect(await service.apply({ ...upsert(1, '  '), title: 'Only a title' })).toEqual({
      kind: 'indexed',
      chunks: 1,
    });
    expect(store.docs.get('docs:a.md')?.[0]?.text).toBe('Only a title');
  });

  it('deletes every chunk of a document', async () => {
    const { store, service } = setup();
    await service.apply(upsert(1, 'one two three four five six'));
    expect(await service.apply({ ...base, op: 'delete', version: 2 })).toEqual({
      kind: 'deleted',
      chunks: 2,
    });
    expect(store.docs.has('docs:a.md')).toBe(false);
  });
});
