// The trained query-side linear map: q' = normalize(W q); documents stay as indexed.
import { createHash } from 'node:crypto';
import { allFinite } from './vector-math';

const FLOAT_BYTES = 4;

/**
 * A d×d matrix W (row-major float32) applied to query embeddings only. W = I
 * leaves a normalised query unchanged, so the identity adapter is a safe
 * default; cosine scoring in Elasticsearch is why the output is re-normalised.
 */
export class QueryAdapter {
  constructor(
    readonly dimensions: number,
    /** Row-major: weights[row * dimensions + column]. */
    readonly weights: Float32Array,
  ) {
    if (!Number.isInteger(dimensions) || dimensions <= 0) {
      throw new RangeError(`adapter dimensions must be a positive integer, got ${dimensions}`);
    }
    if (weights.length !== dimensions * dimensions) {
      throw new RangeError(
        `adapter weights hold ${weights.length} values; ${dimensions} dimensions need ${dimensions * dimensions}`,
      );
    }
    if (!allFinite(weights)) throw new RangeError('adapter weights must all be finite');
  }

  static identity(dimensions: number): QueryAdapter {
    const weights = new Float32Array(dimensions * dimensions);
    for (let i = 0; i < dimensions; i++) weights[i * dimensions + i] = 1;
    return new QueryAdapter(dimensions, weights);
  }

  /** Reads toBase64()'s form back, checking it holds exactly a dimensions × dimensions matrix. */
  static fromBase64(dimensions: number, encoded: string): QueryAdapter {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw new RangeError('adapter weights are not valid base64');
    const bytes = Buffer.from(encoded, 'base64');
    const expected = dimensions * dimensions * FLOAT_BYTES;
    if (bytes.length !== expected) {
      throw new RangeError(
        `adapter weights decode to ${bytes.length} bytes; ${dimensions} dimensions need ${expected}`,
      );
    }
    const weights = new Float32Array(dimensions * dimensions);
    for (let i = 0; i < weights.length; i++) weights[i] = bytes.readFloatLE(i * FLOAT_BYTES);
    return new QueryAdapter(dimensions, weights);
  }

  /** W · vector, L2-normalised (a zero result stays zero). One array allocated per call. */
  apply(vector: readonly number[]): number[] {
    const d = this.dimensions;
    if (vector.length !== d) {
      throw new RangeError(`query adapter expects ${d}-dimensional vectors, got ${vector.length}`);
    }
    const w = this.weights;
    const out = new Array<number>(d);
    let squared = 0;
    for (let row = 0; row < d; row++) {
      const base = row * d;
      let sum = 0;
      for (let column = 0; column < d; column++) sum += (w[base + column] ?? 0) * (vector[column] ?? 0);
      out[row] = sum;
      squared += sum * sum;
    }
    if (squared === 0) return out;
    const inverse = 1 / Math.sqrt(squared);
    for (let row = 0; row < d; row++) out[row] = (out[row] ?? 0) * inverse;
    return out;
  }

  /** The weights as little-endian float32 bytes, base64: the stored and transported form. */
  toBase64(): string {
    return this.bytes().toString('base64');
  }

  /** SHA-256 (hex) of the little-endian float32 bytes: identifies a trained adapter. */
  checksum(): string {
    return createHash('sha256').update(this.bytes()).digest('hex');
  }

  private bytes(): Buffer {
    const bytes = Buffer.allocUnsafe(this.weights.length * FLOAT_BYTES);
    this.weights.forEach((value, i) => bytes.writeFloatLE(value, i * FLOAT_BYTES));
    return bytes;
  }
}
