// The two d²-per-example products training spends its time in, blocked four rows at a time:
// each weight or gradient entry is loaded once per four examples, not once per example.

/** out row b = W · source row rows[b], for W row-major d×d. */
export function multiplyRows(
  weights: Float64Array,
  d: number,
  source: Float64Array,
  rows: readonly number[],
  out: Float64Array,
): void {
  const count = rows.length;
  for (let r = 0; r < d; r++) {
    const w = r * d;
    let b = 0;
    for (; b + 3 < count; b += 4) {
      const s0 = (rows[b] ?? 0) * d;
      const s1 = (rows[b + 1] ?? 0) * d;
      const s2 = (rows[b + 2] ?? 0) * d;
      const s3 = (rows[b + 3] ?? 0) * d;
      let sum0 = 0;
      let sum1 = 0;
      let sum2 = 0;
      let sum3 = 0;
      for (let c = 0; c < d; c++) {
        const x = weights[w + c] ?? 0;
        sum0 += x * (source[s0 + c] ?? 0);
        sum1 += x * (source[s1 + c] ?? 0);
        sum2 += x * (source[s2 + c] ?? 0);
        sum3 += x * (source[s3 + c] ?? 0);
      }
      out[b * d + r] = sum0;
      out[(b + 1) * d + r] = sum1;
      out[(b + 2) * d + r] = sum2;
      out[(b + 3) * d + r] = sum3;
    }
    for (; b < count; b++) {
      const s = (rows[b] ?? 0) * d;
      let sum = 0;
      for (let c = 0; c < d; c++) sum += (weights[w + c] ?? 0) * (source[s + c] ?? 0);
      out[b * d + r] = sum;
    }
  }
}

/** target[r][c] += Σ_b left[b][r] · source[rows[b]][c]: adds leftᵀ · source_rows to a row-major d×d target. */
export function addOuterProducts(
  target: Float64Array,
  d: number,
  left: Float64Array,
  source: Float64Array,
  rows: readonly number[],
): void {
  const count = rows.length;
  for (let r = 0; r < d; r++) {
    const t = r * d;
    let b = 0;
    for (; b + 3 < count; b += 4) {
      const a0 = left[b * d + r] ?? 0;
      const a1 = left[(b + 1) * d + r] ?? 0;
      const a2 = left[(b + 2) * d + r] ?? 0;
      const a3 = left[(b + 3) * d + r] ?? 0;
      const s0 = (rows[b] ?? 0) * d;
      const s1 = (rows[b + 1] ?? 0) * d;
      const s2 = (rows[b + 2] ?? 0) * d;
      const s3 = (rows[b + 3] ?? 0) * d;
      for (let c = 0; c < d; c++) {
        target[t + c] =
          (target[t + c] ?? 0) +
          a0 * (source[s0 + c] ?? 0) +
          a1 * (source[s1 + c] ?? 0) +
          a2 * (source[s2 + c] ?? 0) +
          a3 * (source[s3 + c] ?? 0);
      }
    }
    for (; b < count; b++) {
      const a = left[b * d + r] ?? 0;
      const s = (rows[b] ?? 0) * d;
      for (let c = 0; c < d; c++) target[t + c] = (target[t + c] ?? 0) + a * (source[s + c] ?? 0);
    }
  }
}

/**
 * target[t, t + d) += Σ_j scales[j] · source row rows[j], for j < rows.length;
 * four rows per pass, so each target entry is written once per four rows.
 */
export function addScaledRows(
  target: Float64Array,
  t: number,
  source: Float64Array,
  rows: readonly number[],
  scales: Float64Array,
  d: number,
): void {
  const count = rows.length;
  let j = 0;
  for (; j + 3 < count; j += 4) {
    const a0 = scales[j] ?? 0;
    const a1 = scales[j + 1] ?? 0;
    const a2 = scales[j + 2] ?? 0;
    const a3 = scales[j + 3] ?? 0;
    const s0 = (rows[j] ?? 0) * d;
    const s1 = (rows[j + 1] ?? 0) * d;
    const s2 = (rows[j + 2] ?? 0) * d;
    const s3 = (rows[j + 3] ?? 0) * d;
    for (let i = 0; i < d; i++) {
      target[t + i] =
        (target[t + i] ?? 0) +
        a0 * (source[s0 + i] ?? 0) +
        a1 * (source[s1 + i] ?? 0) +
        a2 * (source[s2 + i] ?? 0) +
        a3 * (source[s3 + i] ?? 0);
    }
  }
  for (; j < count; j++) {
    const a = scales[j] ?? 0;
    const s = (rows[j] ?? 0) * d;
    for (let i = 0; i < d; i++) target[t + i] = (target[t + i] ?? 0) + a * (source[s + i] ?? 0);
  }
}
