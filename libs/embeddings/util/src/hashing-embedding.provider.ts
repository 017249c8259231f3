import { createHash } from 'node:crypto';
import type { EmbeddingProvider } from './embedding-provider';

/**
 * PLACEHOLDER provider: feature-hashes lowercase word unigrams and bigrams into a
 * fixed-size, L2-normalised vector. Deterministic and dependency-free, so the
 * pipeline runs anywhere, but it captures word overlap, not meaning. Choose a
 * real model provider for anything but plumbing tests.
 */
export class HashingEmbeddingProvider implements EmbeddingProvider {
  readonly modelId: string;

  constructor(readonly dimensions = 256) {
    if (!Number.isInteger(dimensions) || dimensions < 8 || dimensions > 4096) {
      throw new RangeError('hashing embedder dimensions must be an integer in [8, 4096]');
    }
    this.modelId = `hashing-placeholder-${dimensions}`;
  }

  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  private embed(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    const words: string[] = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const features = words.concat(words.slice(1).map((word, i) => `${words[i]} ${word}`));
    for (const feature of features) {
      const digest = createHash('sha1').update(feature).digest();
      const bucket = digest.readUInt32BE(0) % this.dimensions;
      vector[bucket] = (vector[bucket] ?? 0) + ((digest[4] ?? 0) & 1 ? 1 : -1);
    }
    const norm = Math.hypot(...vector);
    // An empty text still needs a valid cosine vector: Elasticsearch rejects all-zero ones.
    if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
    return vector.map((value) => value / norm);
  }
}
