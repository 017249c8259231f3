import { addScaled, allFinite, dotAt, normalizeInPlace } from './vector-math';

describe('vector math', () => {
  it('takes a dot product of slices at offsets, any length', () => {
    const a = [9, 1, 2, 3, 4, 5];
    const b = [1, 1, 1, 1, 1, 2, 0];
    expect(dotAt(a, 1, b, 1, 5)).toBe(1 + 2 + 3 + 4 + 10);
    expect(dotAt(a, 0, b, 0, 0)).toBe(0);
  });

  it('normalises a slice in place, returning its former norm, and leaves a zero slice at zero', () => {
    const values = Float64Array.from([7, 3, 4, 0, 0]);
    expect(normalizeInPlace(values, 1, 2)).toBe(5);
    expect(Array.from(values)).toEqual([7, 0.6, 0.8, 0, 0]);
    expect(normalizeInPlace(values, 3, 2)).toBe(0);
    expect(Array.from(values.subarray(3))).toEqual([0, 0]);
  });

  it('adds a scaled slice', () => {
    const target = Float64Array.from([1, 1, 1]);
    addScaled(target, 1, Float64Array.from([5, 2, 3]), 1, 2, 2);
    expect(Array.from(target)).toEqual([1, 5, 7]);
  });

  it('tells finite arrays from those holding NaN or ±Infinity', () => {
    expect(allFinite([1, -2, 0])).toBe(true);
    expect(allFinite([1, Number.NaN])).toBe(false);
    expect(allFinite(Float32Array.from([Infinity]))).toBe(false);
  });
});
