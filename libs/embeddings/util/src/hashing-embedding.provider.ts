import type { EmbeddingProvider } from './embedding-provider';

/** FNV-1a over UTF-16 code units: fast and good enough to spread features over buckets. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's finaliser: every output bit depends on every input bit, so bucket and sign are independent. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * PLACEHOLDER provider: feature-hashes lowercase word unigrams and bigrams into a
 * fixed-size, L2-normalised vector. Deterministic, dependency-free and cheap (a
 * few microseconds per chunk, so benchmarks measure Elasticsearch, not this), but
 * it captures word overlap, not meaning. Choose a real model provider for
 * anything but plumbing tests and benchmarks. v2: FNV-1a instead of SHA-1, about
 * ten times faster; its vectors differ from v1's, hence the new model id.
 */
export class HashingEmbeddingProvider implements EmbeddingProvider {
  readonly modelId: string;

  constructor(readonly dimensions = 256) {
    if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 4096) {
      throw new RangeError('hashing embedder dimensions must be an integer in [8, 4096]');
    }
    this.modelId = `hashing-placeholder-v2-${dimensions}`;
  }

  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  private embed(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const add = (feature: number) => {
      const hash = mix(feature);
      const bucket = hash % this.dimensions;
      vector[bucket] = (vector[bucket] ?? 0) + (hash & 0x80000000 ? 1 : -1);
    };
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    let previous: number | undefined;
    for (const word of words) {
      const hash = fnv1a(word);
      add(hash);
      // The bigram's feature combines both words' hashes, order-sensitive.
      if (previous !== undefined) add(Math.imul(previous, 0x9e3779b1) ^ hash);
      previous = hash;
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    // An empty text still needs a valid cosine vector: Elasticsearch rejects all-zero ones.
    if (norm === 0) return Array.from(vector, (_, i) => (i === 0 ? 1 : 0));
    const scale = 1 / Math.sqrt(norm);
    return Array.from(vector, (value) => value * scale);
  }
}
