// Trains a query-side linear adapter: W starts at I, Adam on in-batch InfoNCE, seeded shuffles.
import { AdamOptimizer } from './adam-optimizer';
import { adapterBatchLoss } from './adapter-loss';
import { packAdapterExamples } from './adapter-training-examples';
import {
  resolveAdapterTrainingSettings,
  type AdapterTrainingExample,
  type AdapterTrainingOptions,
  type AdapterTrainingResult,
} from './adapter-training-options';
import { AdapterTrainingCancelledError } from './adapter-training.errors';
import { QueryAdapter } from './query-adapter';
import { SeededRandom } from './seeded-random';

/** Resolves after whatever else waits on the event loop (timers, I/O) has had its turn. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * CPU-bound (d = 384, 3000 pairs, 10 epochs: about 8 s of one core), but it
 * yields to the event loop after every batch, so the process it runs in keeps
 * renewing its job lock and answering health checks. Deterministic:
 * the same examples, in the same order, with the same options give the same
 * weights. Throws AdapterTrainingInputError for unusable input and
 * AdapterTrainingCancelledError when shouldStop() says so.
 */
export async function trainQueryAdapter(
  examples: readonly AdapterTrainingExample[],
  options: AdapterTrainingOptions = {},
): Promise<AdapterTrainingResult> {
  const settings = resolveAdapterTrainingSettings(options);
  const data = packAdapterExamples(examples);
  const d = data.dimensions;
  const weights = new Float64Array(d * d);
  for (let i = 0; i < d; i++) weights[i * d + i] = 1;
  const gradient = new Float64Array(d * d);
  const optimizer = new AdamOptimizer(d * d, { learningRate: settings.learningRate });
  const random = new SeededRandom(settings.seed);
  const order = Array.from({ length: data.count }, (_, i) => i);
  const epochLosses: number[] = [];
  let steps = 0;

  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const shuffled = random.shuffle(order);
    let lossSum = 0;
    for (let start = 0; start < shuffled.length; start += settings.batchSize) {
      if (options.shouldStop?.()) throw new AdapterTrainingCancelledError(epoch, steps);
      const batch = shuffled.slice(start, start + settings.batchSize);
      lossSum += adapterBatchLoss(weights, data, batch, settings, gradient) * batch.length;
      optimizer.step(weights, gradient);
      steps++;
      await yieldToEventLoop();
    }
    const meanLoss = lossSum / data.count;
    epochLosses.push(meanLoss);
    options.onEpoch?.(epoch, meanLoss);
  }
  return {
    adapter: new QueryAdapter(d, Float32Array.from(weights)),
    epochLosses,
    steps,
    examples: data.count,
  };
}
