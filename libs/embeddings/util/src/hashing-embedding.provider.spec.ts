import { HashingEmbeddingProvider } from './hashing-embedding.provider';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);

describe('HashingEmbeddingProvider', () => {
  const provider = new HashingEmbeddingProvider(256);

  it('names itself as the placeholder it is, with its dimensions', () => {
    expect(provider.modelId).toBe('hashing-placeholder-v2-256');
  });

  it('is deterministic and unit-length', async () => {
    const [a] = await provider.embedDocuments(['Kafka keeps events in order']);
    const b = await provider.embedQuery('Kafka keeps events in order');
    expect(a).toEqual(b);
    expect(Math.hypot(...b)).toBeCloseTo(1, 10);
  });

  it('places texts that share words closer than unrelated texts', async () => {
    const [query, related, unrelated] = await provider.embedDocuments([
      'vector search in elasticsearch',
      'elasticsearch supports vector search with HNSW',
      'bake the bread for forty minutes',
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!));
  });

  it('gives an empty text a valid non-zero vector', async () => {
    expect(Math.hypot(...(await provider.embedQuery('')))).toBeCloseTo(1, 10);
  });

  it('rejects dimensions outside the supported range', () => {
    expect(() => new HashingEmbeddingProvider(4)).toThrow(RangeError);
  });
});
