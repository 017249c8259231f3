/** Pools a [batch, tokens, hidden] output into one L2-normalised vector per input. */
export function poolEmbeddings(
  hidden: Float32Array,
  mask: ArrayLike<bigint | number>,
  [batch, tokens, width]: readonly [number, number, number],
  pooling: 'mean' | 'cls',
): number[][] {
  const vectors: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const vector = new Array<number>(width).fill(0);
    if (pooling === 'cls') {
      for (let h = 0; h < width; h++) vector[h] = hidden[b * tokens * width + h]!;
    } else {
      let count = 0;
      for (let t = 0; t < tokens; t++) {
        if (Number(mask[b * tokens + t]) === 0) continue;
        count++;
        const offset = (b * tokens + t) * width;
        for (let h = 0; h < width; h++) vector[h]! += hidden[offset + h]!;
      }
      for (let h = 0; h < width; h++) vector[h]! /= Math.max(count, 1);
    }
    vectors.push(normalise(vector));
  }
  return vectors;
}

export function normalise(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
