import { CHUNKER_ID } from '@tributary/chunking';
import { DOCUMENT_CHANGE_V1, type DocumentDeleteV1, type DocumentUpsertV1 } from '@tributary/contracts';
import { HashingEmbeddingProvider } from '@tributary/embeddings';
import {
  chunkId,
  documentStateKey,
  type ChunkDocument,
  type ChunkWrite,
  type DocumentKey,
  type DocumentState,
  type DocumentStateWrite,
  type StoredEmbedding,
} from '@tributary/search-data-access';
import type { ChunkStore, DocumentStateStore } from './chunk-store';
import { DocumentIndexingService } from './document-indexing.service';
import { singleWriteTarget, type WriteTarget, type WriteTargets } from './write-targets';

/** In-memory fakes of our own ports (not of Elasticsearch). */
class MemoryIndex implements ChunkStore, DocumentStateStore {
  readonly chunks = new Map<string, ChunkDocument>();
  readonly states = new Map<string, DocumentState>();
  /** The occurredAt each state was last saved with (undefined: a bookkeeping write). */
  readonly occurredAts = new Map<string, string | undefined>();
  readonly writes: ChunkWrite[][] = [];
  failWrites = false;
  async writeMany(writes: readonly ChunkWrite[]) {
    this.writes.push([...writes]);
    for (const { source, docId, chunks, remove } of writes) {
      for (const chunk of chunks) this.chunks.set(chunkId(source, docId, chunk.chunk), chunk);
      for (const n of remove) this.chunks.delete(chunkId(source, docId, n));
    }
    // Like a bulk request whose items were applied but one was rejected.
    if (this.failWrites) throw new Error('mapper_parsing_exception');
  }
  async storedEmbeddings(documents: readonly { source: string; docId: string; count: number }[]) {
    const found = new Map<string, StoredEmbedding>();
    for (const { source, docId, count } of documents) {
      for (let n = 0; n < count; n++) {
        const chunk = this.chunks.get(chunkId(source, docId, n));
        if (chunk) found.set(chunkId(source, docId, n), chunk);
      }
    }
    return found;
  }
  async getMany(keys: readonly DocumentKey[]) {
    const found = new Map<string, DocumentState>();
    for (const key of keys) {
      const state = this.states.get(documentStateKey(key));
      if (state) found.set(documentStateKey(key), state);
    }
    return found;
  }
  async saveMany(entries: readonly DocumentStateWrite[]) {
    for (const { state, occurredAt, ...key } of entries) {
      this.states.set(documentStateKey(key), state);
      this.occurredAts.set(documentStateKey(key), occurredAt);
    }
  }
  state(docId = 'a.md') {
    return this.states.get(documentStateKey({ source: 'docs', docId }));
  }
  texts() {
    return [...this.chunks.values()].sort((a, b) => a.chunk - b.chunk).map((c) => c.text);
  }
}

/** Counts what it was asked to embed. */
class CountingEmbeddings extends HashingEmbeddingProvider {
  embedded: string[] = [];
  override async embedDocuments(texts: readonly string[]) {
    this.embedded.push(...texts);
    return super.embedDocuments(texts);
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
    const embeddings = new CountingEmbeddings(16);
    const service = new DocumentIndexingService(index, index, singleWriteTarget(embeddings), {
      maxTokens: 5,
      overlapTokens: 1,
    });
    return { index, service, embeddings };
  };

  it('writes one chunk per piece with the model, version, chunker settings and metadata', async () => {
    const { index, service } = setup();
    expect(await service.apply(upsert(1, words(7, 'w')))).toEqual({
      kind: 'indexed',
      chunks: 2,
      reusedEmbeddings: 0,
    });
    const [first] = index.chunks.values();
    expect(first).toMatchObject({
      chunk: 0,
      version: 1,
      model: 'hashing-placeholder-v2-16',
      chunker: `${CHUNKER_ID};max=5;overlap=1`,
      metadata: { lang: 'en' },
    });
    expect(first?.embedding).toHaveLength(16);
    expect(index.state()).toEqual({ version: 1, chunks: 2, deleted: false });
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
    expect(await service.apply(upsert(4, 'recreated'))).toMatchObject({ kind: 'indexed', chunks: 1 });
  });

  it('records a tombstone for a delete of a document it never indexed', async () => {
    const { index, service } = setup();
    await service.apply(remove(7));
    expect(index.state()).toEqual({ version: 7, chunks: 0, deleted: true });
    expect((await service.apply(upsert(6, 'late'))).kind).toBe('stale');
  });

  it('skips a replay of the applied version without rewriting anything', async () => {
    const { index, service, embeddings } = setup();
    await service.apply(upsert(2, words(8, 'x')));
    const before = [...index.chunks.entries()];
    embeddings.embedded = [];
    expect(await service.apply(upsert(2, words(8, 'x')))).toEqual({ kind: 'stale', indexedVersion: 2 });
    expect([...index.chunks.entries()]).toEqual(before);
    expect(embeddings.embedded).toEqual([]);
  });

  it('applies a delete that carries the same version as the applied upsert', async () => {
    const { index, service } = setup();
    await service.apply(upsert(2, 'alive'));
    expect(await service.apply(remove(2))).toEqual({ kind: 'deleted', chunks: 1 });
    expect(index.chunks.size).toBe(0);
  });

  it('re-applies a version whose write failed halfway: its state was never recorded', async () => {
    const { index, service } = setup();
    index.failWrites = true;
    await expect(service.apply(upsert(1, words(8, 'y')))).rejects.toThrow('mapper_parsing_exception');
    index.failWrites = false;
    expect(await service.apply(upsert(1, words(8, 'y')))).toMatchObject({ kind: 'indexed', chunks: 2 });
    expect(index.state()).toEqual({ version: 1, chunks: 2, deleted: false });
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
    expect(await service.apply({ ...upsert(1, '  '), title: 'Only a title' })).toMatchObject({
      kind: 'indexed',
      chunks: 1,
    });
    expect(index.texts()).toEqual(['Only a title']);
  });

  it('applies a batch in one chunk write, only the newest change of each document', async () => {
    const { index, service } = setup();
    const other = (version: number, body: string) => ({ ...upsert(version, body), docId: 'b.md' });
    const outcomes = await service.applyAll([
      upsert(1, 'first'),
      other(1, 'b one'),
      upsert(2, 'second'),
      remove(1),
    ]);
    expect(outcomes).toEqual([
      { kind: 'superseded', byVersion: 2 },
      { kind: 'indexed', chunks: 1, reusedEmbeddings: 0 },
      { kind: 'indexed', chunks: 1, reusedEmbeddings: 0 },
      { kind: 'stale', indexedVersion: 2 },
    ]);
    expect(index.writes).toHaveLength(1);
    expect(index.texts().sort()).toEqual(['b one', 'second']);
  });

  it("saves each document's state with the occurredAt of the change that decided it, for its freshness", async () => {
    const { index, service } = setup();
    const at = (change: DocumentUpsertV1 | DocumentDeleteV1, occurredAt: string) => ({
      ...change,
      occurredAt,
    });
    await service.applyAll([
      at(upsert(1, 'first'), '2026-11-23T10:00:01Z'),
      at({ ...upsert(1, 'b one'), docId: 'b.md' }, '2026-11-23T10:00:02Z'),
      at(remove(2), '2026-11-23T10:00:03Z'),
    ]);
    expect(index.occurredAts.get(documentStateKey({ source: 'docs', docId: 'a.md' }))).toBe(
      '2026-11-23T10:00:03Z',
    );
    expect(index.occurredAts.get(documentStateKey({ source: 'docs', docId: 'b.md' }))).toBe(
      '2026-11-23T10:00:02Z',
    );
  });

  it('saves no occurredAt with the high-water mark it raises after a failed chunk write', async () => {
    const { index, service } = setup();
    index.failWrites = true;
    await expect(service.apply(upsert(1, words(7, 'w')))).rejects.toThrow('mapper_parsing_exception');
    expect(index.state()).toEqual({ version: -1, chunks: 2, deleted: false });
    expect(index.occurredAts.get(documentStateKey({ source: 'docs', docId: 'a.md' }))).toBeUndefined();
  });

  it('lets a delete later in the same batch win over an upsert before it', async () => {
    const { index, service } = setup();
    await service.apply(upsert(1, 'alive'));
    expect(await service.applyAll([upsert(2, 'edited'), remove(3)])).toEqual([
      { kind: 'superseded', byVersion: 3 },
      { kind: 'deleted', chunks: 1 },
    ]);
    expect(index.chunks.size).toBe(0);
    expect(index.state()).toEqual({ version: 3, chunks: 0, deleted: true });
  });

  it('re-embeds only the chunks of an edited document whose text changed', async () => {
    const { index, service, embeddings } = setup();
    const paragraphs = (last: string) => ['alpha beta gamma', 'delta epsilon zeta', last].join('\n\n');
    await service.apply(upsert(1, paragraphs('eta theta iota')));
    embeddings.embedded = [];
    expect(await service.apply(upsert(2, paragraphs('kappa lambda mu')))).toEqual({
      kind: 'indexed',
      chunks: 3,
      reusedEmbeddings: 2,
    });
    // Only the third chunk (the only one whose text changed) was embedded.
    expect(embeddings.embedded).toEqual([`A\n\n${index.texts()[2]}`]);
    expect(index.texts()[2]).toContain('kappa lambda mu');
  });
});

describe('DocumentIndexingService during a model migration', () => {
  it('writes each change to every target, each embedded by its own model, versioned only where asked', async () => {
    const index = new MemoryIndex();
    const active = new CountingEmbeddings(16);
    const next = new CountingEmbeddings(8);
    const targets: WriteTargets = {
      current: async () => [
        { index: 'chunks-a', versioned: false, embeddings: active },
        { index: 'chunks-b', versioned: true, embeddings: next },
      ],
    };
    const service = new DocumentIndexingService(index, index, targets, { maxTokens: 5, overlapTokens: 1 });
    await service.apply(upsert(3, words(7, 'w')));
    const [writes] = index.writes;
    expect(writes?.map((w) => [w.index, w.versioned, w.version, w.chunks.map((c) => c.model)])).toEqual([
      ['chunks-a', false, 3, ['hashing-placeholder-v2-16', 'hashing-placeholder-v2-16']],
      ['chunks-b', true, 3, ['hashing-placeholder-v2-8', 'hashing-placeholder-v2-8']],
    ]);
    expect(writes?.[1]?.chunks[0]?.embedding).toHaveLength(8);
    expect(active.embedded).toHaveLength(2);
    expect(next.embedded).toHaveLength(2);
  });

  it('also writes to a target that appeared while the batch was being embedded', async () => {
    const index = new MemoryIndex();
    const active = new CountingEmbeddings(16);
    const late: WriteTarget = {
      index: 'chunks-next',
      versioned: true,
      embeddings: new CountingEmbeddings(8),
    };
    let looks = 0;
    const targets: WriteTargets = {
      current: async () => {
        looks++;
        const first: WriteTarget = { index: 'chunks-a', versioned: false, embeddings: active };
        return looks === 1 ? [first] : [first, late];
      },
    };
    const service = new DocumentIndexingService(index, index, targets, { maxTokens: 5, overlapTokens: 1 });
    await service.apply(upsert(1, 'hello'));
    expect(index.writes[0]?.map((w) => w.index)).toEqual(['chunks-a', 'chunks-next']);
    expect(active.embedded).toHaveLength(1); // the active index was embedded once, not per look
  });
});
