// Dense-vector helpers shared by the adapter and its trainer; plain loops, no allocation.

/** Σ a[aOffset + i] · b[bOffset + i] for i < length. */
export function dotAt(
  a: ArrayLike<number>,
  aOffset: number,
  b: ArrayLike<number>,
  bOffset: number,
  length: number,
): number {
  // Four running sums break the add-after-add dependency chain, which V8 runs about a fifth faster.
  let sum0 = 0;
  let sum1 = 0;
  let sum2 = 0;
  let sum3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    sum0 += (a[aOffset + i] ?? 0) * (b[bOffset + i] ?? 0);
    sum1 += (a[aOffset + i + 1] ?? 0) * (b[bOffset + i + 1] ?? 0);
    sum2 += (a[aOffset + i + 2] ?? 0) * (b[bOffset + i + 2] ?? 0);
    sum3 += (a[aOffset + i + 3] ?? 0) * (b[bOffset + i + 3] ?? 0);
  }
  for (; i < length; i++) sum0 += (a[aOffset + i] ?? 0) * (b[bOffset + i] ?? 0);
  return sum0 + sum1 + sum2 + sum3;
}

/**
 * Scales target[offset, offset + length) to unit L2 norm in place and returns
 * the norm it had; a zero vector stays zero (there is no direction to keep).
 */
export function normalizeInPlace(target: Float64Array, offset: number, length: number): number {
  const norm = Math.sqrt(dotAt(target, offset, target, offset, length));
  if (norm === 0) return 0;
  for (let i = offset; i < offset + length; i++) target[i] = (target[i] ?? 0) / norm;
  return norm;
}

/** Whether every entry is a finite number. */
export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** target[t, t + length) += scale · source[s, s + length). */
export function addScaled(
  target: Float64Array,
  t: number,
  source: Float64Array,
  s: number,
  scale: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) target[t + i] = (target[t + i] ?? 0) + scale * (source[s + i] ?? 0);
}
