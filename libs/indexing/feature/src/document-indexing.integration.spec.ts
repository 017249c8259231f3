import type { Client } from '@elastic/elasticsearch';
import { DOCUMENT_CHANGE_V1, type DocumentChangeV1 } from '@tributary/contracts';
import { HashingEmbeddingProvider } from '@tributary/embeddings';
import {
  ChunkIndexRepository,
  ChunkRepository,
  createElasticsearchClient,
  documentKeyHash,
  DocumentStateRepository,
} from '@tributary/search-data-access';
import { realServices, uniqueName } from '@tributary/testing';
import { DocumentIndexingService } from './document-indexing.service';
import { singleWriteTarget } from './write-targets';

/**
 * The indexing guarantees against real Elasticsearch with production settings:
 * no forced refresh, events applied back to back faster than the 1s refresh.
 */
describe('DocumentIndexingService against real Elasticsearch', () => {
  let es: Client;
  let alias: string;
  let service: DocumentIndexingService;
  const embeddings = new HashingEmbeddingProvider(32);

  const change = (docId: string, version: number, body?: string): DocumentChangeV1 => ({
    schema: DOCUMENT_CHANGE_V1,
    source: 'it',
    docId,
    version,
    occurredAt: new Date().toISOString(),
    ...(body === undefined
      ? { op: 'delete' as const }
      : { op: 'upsert' as const, title: docId, body, uri: `file:///${docId}`, metadata: {} }),
  });

  const indexedTexts = async (docId: string) => {
    await es.indices.refresh({ index: alias });
    const response = await es.search<{ text: string; chunk: number }>({
      index: alias,
      size: 100,
      query: { bool: { filter: [{ term: { source: 'it' } }, { term: { docId } }] } },
      sort: [{ chunk: 'asc' }],
    });
    return response.hits.hits.map((hit) => hit._source?.text);
  };

  const paragraphs = (n: number, word: string) =>
    Array.from({ length: n }, (_, i) => `${word} ${i} `.repeat(30)).join('\n\n');

  beforeAll(async () => {
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    alias = uniqueName('it-indexing');
    await new ChunkIndexRepository(es, alias).ensure(embeddings.modelId, embeddings.dimensions);
    const states = new DocumentStateRepository(es, `${alias}-state`);
    await states.ensure();
    service = new DocumentIndexingService(
      new ChunkRepository(es, alias),
      states,
      singleWriteTarget(embeddings),
      {
        maxTokens: 60,
        overlapTokens: 0,
      },
    );
  });

  afterAll(async () => {
    await es.indices.delete({ index: `${alias}*`, ignore_unavailable: true });
    await es.close();
  });

  it('replaces a long version by a short one applied right after it: no orphan chunk', async () => {
    expect(await service.apply(change('a', 1, paragraphs(6, 'old')))).toMatchObject({
      kind: 'indexed',
      chunks: 6,
    });
    expect(await service.apply(change('a', 2, 'brand new text'))).toMatchObject({
      kind: 'indexed',
      chunks: 1,
    });
    expect(await indexedTexts('a')).toEqual(['brand new text']);
  });

  it('keeps a deleted document deleted when an older upsert is replayed right after the delete', async () => {
    await service.apply(change('b', 1, paragraphs(3, 'doomed')));
    expect(await service.apply(change('b', 5))).toEqual({ kind: 'deleted', chunks: 3 });
    expect(await service.apply(change('b', 4, 'late replay'))).toEqual({ kind: 'stale', indexedVersion: 5 });
    expect(await indexedTexts('b')).toEqual([]);
  });

  it('changes nothing when the whole history of a document is replayed', async () => {
    const history = [
      change('c', 1, paragraphs(4, 'first')),
      change('c', 2, paragraphs(2, 'second')),
      change('c', 3, 'third'),
    ];
    for (const event of history) await service.apply(event);
    const before = await indexedTexts('c');
    for (const event of history) await service.apply(event);
    expect(await indexedTexts('c')).toEqual(before);
    expect(before).toEqual(['third']);
  });

  it('reuses the stored vectors of unchanged chunks when a document is edited', async () => {
    await service.apply(change('d', 1, paragraphs(3, 'steady')));
    const edited = `${paragraphs(2, 'steady')}\n\n${'fresh words '.repeat(20)}`;
    expect(await service.apply(change('d', 2, edited))).toEqual({
      kind: 'indexed',
      chunks: 3,
      reusedEmbeddings: 2,
    });
  });

  it('applies a batch of many documents in order, each ending at its newest version', async () => {
    const batch = [change('e', 1, 'e one'), change('f', 1, 'f one'), change('e', 2, 'e two'), change('f', 2)];
    const outcomes = await service.applyAll(batch);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'superseded',
      'superseded',
      'indexed',
      'deleted',
    ]);
    expect(await indexedTexts('e')).toEqual(['e two']);
    expect(await indexedTexts('f')).toEqual([]);
  });

  it("records each applied change's occurredAt and freshness on its document state", async () => {
    const occurredAt = new Date(Date.now() - 2_000).toISOString();
    await service.applyAll([
      { ...change('g', 1, 'g one'), occurredAt },
      { ...change('h', 1), occurredAt },
    ]);
    for (const docId of ['g', 'h']) {
      const { _source: stored } = await es.get<{
        updatedAt: string;
        occurredAt?: string;
        freshnessMs?: number;
      }>({
        index: `${alias}-state`,
        id: documentKeyHash('it', docId),
      });
      expect(stored?.occurredAt).toBe(occurredAt);
      expect(stored?.freshnessMs).toBe(Date.parse(stored!.updatedAt) - Date.parse(occurredAt));
      expect(stored?.freshnessMs).toBeGreaterThanOrEqual(2_000);
    }
  });
});
