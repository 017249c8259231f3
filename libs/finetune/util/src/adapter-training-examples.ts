// Checks training pairs and packs them into flat float64 buffers the loss can loop over.
import type { AdapterTrainingExample } from './adapter-training-options';
import { AdapterTrainingInputError } from './adapter-training.errors';
import { normalizeInPlace } from './vector-math';

/** Training pairs as unit-length rows in flat buffers (row i of a buffer is [i * d, (i + 1) * d)). */
export interface PackedAdapterExamples {
  dimensions: number;
  count: number;
  queries: Float64Array;
  positives: Float64Array;
  /** positiveId interned: two examples have equal keys exactly when they share a positive document. */
  positiveKeys: Int32Array;
  /** queryId interned (a unique key for an example without one): equal keys are one query. */
  queryKeys: Int32Array;
  /** Every example's hard negatives, one after another. */
  negatives: Float64Array;
  /** Example i's negatives are rows [negativeStart[i], negativeStart[i + 1]) of negatives. */
  negativeStart: Int32Array;
}

/**
 * Validates and packs the examples, normalising every vector (inputs are meant
 * to be unit length already; this makes the loss right even when they drift).
 * Throws AdapterTrainingInputError naming the first bad example.
 */
export function packAdapterExamples(examples: readonly AdapterTrainingExample[]): PackedAdapterExamples {
  const first = examples[0];
  if (first === undefined) throw new AdapterTrainingInputError('no training examples');
  const d = first.query.length;
  if (d === 0) throw new AdapterTrainingInputError('example 0: the query vector is empty');
  const count = examples.length;
  const negativeStart = new Int32Array(count + 1);
  examples.forEach(
    (example, i) => (negativeStart[i + 1] = (negativeStart[i] ?? 0) + (example.negatives?.length ?? 0)),
  );
  const packed: PackedAdapterExamples = {
    dimensions: d,
    count,
    queries: new Float64Array(count * d),
    positives: new Float64Array(count * d),
    positiveKeys: new Int32Array(count),
    queryKeys: new Int32Array(count),
    negatives: new Float64Array((negativeStart[count] ?? 0) * d),
    negativeStart,
  };
  const keys = new Map<string, number>();
  const queryKeys = new Map<string, number>();
  examples.forEach((example, i) => {
    if (typeof example.positiveId !== 'string' || example.positiveId === '') {
      throw new AdapterTrainingInputError(`example ${i}: positiveId must be a non-empty string`);
    }
    copyUnitRow(packed.queries, i, example.query, d, `example ${i}: query`);
    copyUnitRow(packed.positives, i, example.positive, d, `example ${i}: positive`);
    (example.negatives ?? []).forEach((negative, k) =>
      copyUnitRow(packed.negatives, (negativeStart[i] ?? 0) + k, negative, d, `example ${i}: negative ${k}`),
    );
    const key = keys.get(example.positiveId) ?? keys.size;
    keys.set(example.positiveId, key);
    packed.positiveKeys[i] = key;
    const queryKey = example.queryId === undefined ? undefined : queryKeys.get(example.queryId);
    packed.queryKeys[i] = queryKey ?? count + i;
    if (example.queryId !== undefined && queryKey === undefined) queryKeys.set(example.queryId, count + i);
  });
  return packed;
}

function copyUnitRow(
  target: Float64Array,
  row: number,
  vector: readonly number[],
  d: number,
  what: string,
): void {
  if (vector.length !== d) {
    throw new AdapterTrainingInputError(
      `${what} has ${vector.length} dimensions; example 0's query has ${d}`,
    );
  }
  const offset = row * d;
  for (let i = 0; i < d; i++) {
    const value = vector[i];
    if (value === undefined || !Number.isFinite(value)) {
      throw new AdapterTrainingInputError(`${what} holds a non-finite value at index ${i}`);
    }
    target[offset + i] = value;
  }
  if (normalizeInPlace(target, offset, d) === 0) {
    throw new AdapterTrainingInputError(`${what} is the zero vector, which has no direction to train on`);
  }
}
