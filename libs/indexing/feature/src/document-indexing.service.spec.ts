import { DOCUMENT_CHANGE_V1, type DocumentDeleteV1, type DocumentUpsertV1 } from '@tributary/contracts';
import { HashingEmbeddingProvider } from '@tributary/embeddings';
import type { ChunkDocument, DocumentState } from '@tributary/search-data-access';
import type { ChunkWriter, DocumentStateStore } from './chunk-store';
import { DocumentIndexingService } from './document-indexing.service';

/** In-memory fakes of our own ports (not of Elasticsearch). */
class MemoryIndex implements ChunkWriter, DocumentStateStore {
  readonly chunks = new Map<string, ChunkDocument>();
  readonly states = new Map<string, DocumentState>();
  failWrites = false;
  async write(source: string, docId: string, chunks: readonly ChunkDocument[], remove: readonly number[]) {
    for (const chunk of chunks) this.chunks.set(`${source}:${docId}:${chunk.chunk}`, chunk);
    for (const n of remove) this.chunks.delete(`${source}:${docId}:${n}`);
    // Like a bulk request whose items were applied but one was rejected.
    if (this.failWrites) throw new Error('mapper_parsing_exception');
  }
  async get(source: string, docId: string) {
    return this.states.get(`${source}:${docId}`);
  }
  async save(source: string, docId: string, state: DocumentState) {
    this.states.set(`${source}:${docId}`, state);
  }
  texts() {
    return [...this.chunks.values()].sort((a, b) => a.chunk - b.chunk).map((c) => c.text);
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
const remove = (version: number): DocumentDeleteV1 => ({ ...base, op: 'delete', version });
const words = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');

describe('DocumentIndexingService', () => {
  const setup = () => {
    const index = new MemoryIndex();
    const service = new DocumentIndexingService(index, index, new HashingEmbeddingProvider(16), {
      maxTokens: 5,
      overlapTokens: 1,
    });
    return { index, service };
  };

  it('writes one chunk per piece with the model, version, chunker settings and metadata', async () => {
    const { index, service } = setup();
    expect(await service.apply(upsert(1, words(7, 'w')))).toEqual({ kind: 'indexed', chunks: 2 });
    const [first] = index.chunks.values();
    expect(first).toMatchObject({
      chunk: 0,
      version: 1,
      model: 'hashing-placeholder-16',
      chunker: 'paragraph/v1;max=5;overlap=1',
      metadata: { lang: 'en' },
    });
    expect(first?.embedding).toHaveLength(16);
    expect(index.states.get('docs:a.md')).toEqual({ version: 1, chunks: 2, deleted: false });
  });

  it('replaces a document whole: a shorter new version leaves no chunk of the old one', async () => {
    const { index, service } = setup();
    await service.apply(upsert(1, words(12, 'old')));
    expect(index.chunks.size).toBeGreaterThan(2);
    await service.apply(upsert(2, 'new'));
    expect(index.texts()).toEqual(['new']);
  });

  it('skips an event older than the applied version', async () => {
    const { index, service } = setup();
    await service.apply(upsert(5, 'new text'));
    expect(await service.apply(upsert(4, 'old text'))).toEqual({ kind: 'stale', indexedVersion: 5 });
    expect(index.texts()).toEqual(['new text']);
  });

  it('never lets a late upsert of an older or equal version bring a deleted document back', async () => {
    const { index, service } = setup();
    await service.apply(upsert(1, 'alive'));
    expect(await service.apply(remove(3))).toEqual({ kind: 'deleted', chunks: 1 });
    expect(await service.apply(upsert(2, 'late'))).toEqual({ kind: 'stale', indexedVersion: 3 });
    expect(await service.apply(upsert(3, 'same version'))).toEqual({ kind: 'stale', indexedVersion: 3 });
    expect(index.chunks.size).toBe(0);
    expect(await service.apply(upsert(4, 'recreated'))).toEqual({ kind: 'indexed', chunks: 1 });
  });

  it('records a tombstone for a delete of a document it never indexed', async () => {
    const { index, service } = setup();
    await service.apply(remove(7));
    expect(index.states.get('docs:a.md')).toEqual({ version: 7, chunks: 0, deleted: true });
    expect((await service.apply(upsert(6, 'late'))).kind).toBe('stale');
  });

  it('replays the same version idempotently', async () => {
    const { index, service } = setup();
    await service.apply(upsert(2, words(8, 'x')));
    const first = [...index.chunks.entries()].map(([id, { indexedAt: _, ...rest }]) => [id, rest]);
    await service.apply(upsert(2, words(8, 'x')));
    expect([...index.chunks.entries()].map(([id, { indexedAt: _, ...rest }]) => [id, rest])).toEqual(first);
  });

  it('cleans up chunks of a write that failed halfway once a later version succeeds', async () => {
    const { index, service } = setup();
    await service.apply(upsert(1, 'short'));
    index.failWrites = true;
    await expect(service.apply(upsert(2, words(12, 'long')))).rejects.toThrow('mapper_parsing_exception');
    index.failWrites = false;
    await service.apply(upsert(3, 'short again'));
    expect(index.texts()).toEqual(['short again']);
  });

  it('indexes a title-only document as one chunk holding the title', async () => {
    const { index, service } = setup();
    expect(await service.apply({ ...upsert(1, '  '), title: 'Only a title' })).toEqual({
      kind: 'indexed',
      chunks: 1,
    });
    expect(index.texts()).toEqual(['Only a title']);
  });
});
