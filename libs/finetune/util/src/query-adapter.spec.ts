import { QueryAdapter } from './query-adapter';

const norm = (vector: readonly number[]) => Math.hypot(...vector);

describe('QueryAdapter', () => {
  it('leaves a unit vector unchanged as the identity', () => {
    const vector = [0.6, 0, -0.8];
    const out = QueryAdapter.identity(3).apply(vector);
    out.forEach((value, i) => expect(value).toBeCloseTo(vector[i]!, 6));
  });

  it('multiplies by W (row-major) and re-normalises the result', () => {
    // W = [[2, 0], [1, 1]]: W·(1, 0) = (2, 1) → (2, 1)/√5.
    const adapter = new QueryAdapter(2, Float32Array.from([2, 0, 1, 1]));
    const out = adapter.apply([1, 0]);
    expect(out[0]).toBeCloseTo(2 / Math.sqrt(5), 6);
    expect(out[1]).toBeCloseTo(1 / Math.sqrt(5), 6);
    expect(norm(adapter.apply([0.3, -2]))).toBeCloseTo(1, 6);
  });

  it('returns a zero vector for an input W maps to zero instead of dividing by zero', () => {
    expect(new QueryAdapter(2, new Float32Array(4)).apply([1, 1])).toEqual([0, 0]);
  });

  it('refuses a vector of the wrong length, naming both lengths', () => {
    expect(() => QueryAdapter.identity(4).apply([1, 2, 3])).toThrow(/expects 4-dimensional vectors, got 3/);
  });

  it('refuses weights that do not make a d×d matrix or are not finite', () => {
    expect(() => new QueryAdapter(3, new Float32Array(8))).toThrow(/need 9/);
    expect(() => new QueryAdapter(0, new Float32Array(0))).toThrow(/positive integer/);
    expect(() => new QueryAdapter(1, Float32Array.from([Number.NaN]))).toThrow(/finite/);
  });

  it('round-trips through base64 exactly', () => {
    const weights = Float32Array.from({ length: 16 }, (_, i) => Math.sin(i) * 3.7);
    const adapter = new QueryAdapter(4, weights);
    const back = QueryAdapter.fromBase64(4, adapter.toBase64());
    expect(Array.from(back.weights)).toEqual(Array.from(weights));
    expect(back.checksum()).toBe(adapter.checksum());
  });

  it('encodes float32 little-endian, whatever the platform', () => {
    // 1.0f is 0x3f800000: little-endian bytes 00 00 80 3f.
    const encoded = new QueryAdapter(1, Float32Array.from([1])).toBase64();
    expect(Buffer.from(encoded, 'base64')).toEqual(Buffer.from([0x00, 0x00, 0x80, 0x3f]));
  });

  it('refuses base64 of the wrong size or with foreign characters', () => {
    const encoded = QueryAdapter.identity(3).toBase64();
    expect(() => QueryAdapter.fromBase64(4, encoded)).toThrow(/36 bytes; 4 dimensions need 64/);
    expect(() => QueryAdapter.fromBase64(3, `${encoded}!`)).toThrow(/not valid base64/);
  });

  it('gives a SHA-256 checksum that changes with any weight', () => {
    const identity = QueryAdapter.identity(3);
    const changed = QueryAdapter.identity(3);
    changed.weights[4] = 1.0001;
    expect(identity.checksum()).toMatch(/^[0-9a-f]{64}$/);
    expect(identity.checksum()).toBe(QueryAdapter.identity(3).checksum());
    expect(changed.checksum()).not.toBe(identity.checksum());
  });
});
