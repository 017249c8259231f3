/** Pools a [batch, tokens, hidden] output into one L2-normalised vector per input. */
export function poolEmbeddings(
  hidden: Float32Array,
  mask: ArrayLike<bigint | number>,
  [batch, tokens, width]: readonly [number, number, number],
  pooling: 'mean' | 'cls',
): number[][] {
  const vectors: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const first = b * tokens * width;
    if (pooling === 'cls') {
      vectors.push(normalise(Array.from(hidden.subarray(first, first + width))));
      continue;
    }
    const sum = new Float64Array(width);
    let count = 0;
    for (let t = 0; t < tokens; t++) {
      if (Number(mask[b * tokens + t]) === 0) continue;
      count++;
      const row = hidden.subarray(first + t * width, first + (t + 1) * width);
      row.forEach((value, h) => (sum[h] = (sum[h] ?? 0) + value));
    }
    vectors.push(normalise(Array.from(sum, (value) => value / Math.max(count, 1))));
  }
  return vectors;
}

export function normalise(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
