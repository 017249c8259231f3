import { addOuterProducts, addScaledRows, multiplyRows } from './matrix-kernels';

// Seven rows exercise both the four-at-a-time pass and the remainder.
const d = 3;
const weights = Float64Array.from([1, 2, 3, -1, 0, 4, 0.5, -2, 1]);
const source = Float64Array.from({ length: 10 * d }, (_, i) => Math.sin(i + 1));
const rows = [9, 0, 4, 4, 7, 2, 5];
const row = (at: number) => Array.from(source.subarray(at * d, at * d + d));

describe('multiplyRows', () => {
  it('writes W · source row for every listed row', () => {
    const out = new Float64Array(rows.length * d);
    multiplyRows(weights, d, source, rows, out);
    rows.forEach((sourceRow, b) => {
      const vector = row(sourceRow);
      for (let r = 0; r < d; r++) {
        const expected = vector.reduce((sum, value, c) => sum + weights[r * d + c]! * value, 0);
        expect(out[b * d + r]).toBeCloseTo(expected, 12);
      }
    });
  });
});

describe('addOuterProducts', () => {
  it('adds Σ_b left[b] ⊗ source row, on top of what the target held', () => {
    const left = Float64Array.from({ length: rows.length * d }, (_, i) => Math.cos(i));
    const target = new Float64Array(d * d).fill(1);
    addOuterProducts(target, d, left, source, rows);
    for (let r = 0; r < d; r++) {
      for (let c = 0; c < d; c++) {
        const expected =
          1 + rows.reduce((sum, sourceRow, b) => sum + left[b * d + r]! * source[sourceRow * d + c]!, 0);
        expect(target[r * d + c]).toBeCloseTo(expected, 12);
      }
    }
  });
});

describe('addScaledRows', () => {
  it('adds the scaled rows into one target row, leaving the rest alone', () => {
    const scales = Float64Array.from(rows, (_, j) => j - 2.5);
    const target = new Float64Array(3 * d).fill(2);
    addScaledRows(target, d, source, rows, scales, d);
    for (let i = 0; i < d; i++) {
      const expected =
        2 + rows.reduce((sum, sourceRow, j) => sum + scales[j]! * source[sourceRow * d + i]!, 0);
      expect(target[d + i]).toBeCloseTo(expected, 12);
      expect(target[i]).toBe(2);
      expect(target[2 * d + i]).toBe(2);
    }
  });
});
