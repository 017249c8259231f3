// The training objective for W and its exact gradient, over one batch.
import type { PackedAdapterExamples } from './adapter-training-examples';
import { addOuterProducts, addScaledRows, multiplyRows } from './matrix-kernels';
import { addScaled, dotAt, normalizeInPlace } from './vector-math';

export interface AdapterLossSettings {
  temperature: number;
  identityPenalty: number;
}

/**
 * Mean InfoNCE over the batch plus λ‖W − I‖²_F, where W is row-major d×d and
 * batch lists example indices into data.
 *
 * For example b: z = W q / ‖W q‖ (the cosine Elasticsearch will score with);
 * its candidates are every batch positive (except another example's that has
 * the same positiveId: the same document is no negative) and its own hard
 * negatives; s_j = z·c_j / τ; loss_b = logsumexp_j s_j − s_own.
 *
 * Gradient, written into `gradient` when given (overwritten, length d²):
 *   ∂loss_b/∂z = (1/τ) Σ_j (softmax_j − [j = own]) c_j = g
 *   ∂loss_b/∂u = (g − (g·z) z) / ‖u‖          (through the normalisation of u = W q)
 *   ∂loss/∂W   = (1/B) Σ_b (∂loss_b/∂u) q_bᵀ + 2λ (W − I)
 */
export function adapterBatchLoss(
  weights: Float64Array,
  data: PackedAdapterExamples,
  batch: readonly number[],
  { temperature, identityPenalty }: AdapterLossSettings,
  gradient?: Float64Array,
): number {
  const d = data.dimensions;
  const size = batch.length;
  const outputs = new Float64Array(size * d);
  const norms = new Float64Array(size);
  multiplyRows(weights, d, data.queries, batch, outputs);
  for (let b = 0; b < size; b++) norms[b] = normalizeInPlace(outputs, b * d, d);

  let maxNegatives = 0;
  for (const example of batch) maxNegatives = Math.max(maxNegatives, negativeCount(data, example));
  const logits = new Float64Array(size + maxNegatives);
  const outputGradients = gradient ? new Float64Array(size * d) : undefined;
  const softmaxWeights = new Float64Array(size);
  let dataLoss = 0;
  for (let b = 0; b < size; b++) {
    const example = batch[b] ?? 0;
    const negatives = negativeCount(data, example);
    const negativesFrom = data.negativeStart[example] ?? 0;
    const candidates = size + negatives;
    // Logits: batch positives in columns [0, size), the example's own negatives after them.
    for (let j = 0; j < size; j++) {
      const other = batch[j] ?? 0;
      // Another pair's positive is a negative unless it is the same document or answers the same query.
      const alsoRelevant =
        j !== b &&
        (data.positiveKeys[other] === data.positiveKeys[example] ||
          data.queryKeys[other] === data.queryKeys[example]);
      logits[j] = alsoRelevant
        ? -Infinity
        : dotAt(outputs, b * d, data.positives, other * d, d) / temperature;
    }
    for (let k = 0; k < negatives; k++) {
      logits[size + k] = dotAt(outputs, b * d, data.negatives, (negativesFrom + k) * d, d) / temperature;
    }
    const logSumExp = logSumExpOf(logits, candidates);
    dataLoss += logSumExp - (logits[b] ?? 0);
    if (!outputGradients) continue;

    // g = ∂loss_b/∂z, scaled by 1/B for the batch mean; a masked (also relevant) column has softmax weight 0.
    const scale = 1 / (size * temperature);
    for (let j = 0; j < size; j++) {
      softmaxWeights[j] = (Math.exp((logits[j] ?? 0) - logSumExp) - (j === b ? 1 : 0)) * scale;
    }
    addScaledRows(outputGradients, b * d, data.positives, batch, softmaxWeights, d);
    for (let k = 0; k < negatives; k++) {
      const weight = Math.exp((logits[size + k] ?? 0) - logSumExp) * scale;
      addScaled(outputGradients, b * d, data.negatives, (negativesFrom + k) * d, weight, d);
    }
    throughNormalisation(outputGradients, outputs, b * d, norms[b] ?? 0, d);
  }

  const penalty = identityPenaltyOf(weights, d, identityPenalty, gradient);
  if (gradient && outputGradients) addOuterProducts(gradient, d, outputGradients, data.queries, batch);
  return dataLoss / size + penalty;
}

function negativeCount(data: PackedAdapterExamples, example: number): number {
  return (data.negativeStart[example + 1] ?? 0) - (data.negativeStart[example] ?? 0);
}

/** log Σ exp(values[0, count)), shifted by the maximum so no term overflows. */
function logSumExpOf(values: Float64Array, count: number): number {
  let max = -Infinity;
  for (let j = 0; j < count; j++) max = Math.max(max, values[j] ?? 0);
  let sum = 0;
  for (let j = 0; j < count; j++) sum += Math.exp((values[j] ?? 0) - max);
  return max + Math.log(sum);
}

/** Turns ∂/∂z into ∂/∂u for z = u/‖u‖: (g − (g·z) z) / ‖u‖; zero when u is zero (no direction, no gradient). */
function throughNormalisation(
  grads: Float64Array,
  outputs: Float64Array,
  at: number,
  norm: number,
  d: number,
) {
  if (norm === 0) {
    grads.fill(0, at, at + d);
    return;
  }
  const along = dotAt(grads, at, outputs, at, d);
  for (let i = 0; i < d; i++) grads[at + i] = ((grads[at + i] ?? 0) - along * (outputs[at + i] ?? 0)) / norm;
}

/**
 * λ‖W − I‖²_F, computed as λ(Σ w² − 2 tr W + d); when given, gradient is set
 * to its gradient 2λ(W − I), which the data term is then added onto.
 */
function identityPenaltyOf(
  weights: Float64Array,
  d: number,
  lambda: number,
  gradient?: Float64Array,
): number {
  let squares = 0;
  for (let i = 0; i < weights.length; i++) squares += (weights[i] ?? 0) * (weights[i] ?? 0);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += weights[i * (d + 1)] ?? 0;
  if (gradient) {
    for (let i = 0; i < weights.length; i++) gradient[i] = 2 * lambda * (weights[i] ?? 0);
    for (let i = 0; i < d; i++) gradient[i * (d + 1)] = (gradient[i * (d + 1)] ?? 0) - 2 * lambda;
  }
  return lambda * (squares - 2 * trace + d);
}
