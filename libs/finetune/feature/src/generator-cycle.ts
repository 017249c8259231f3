import type { OpenAiChatTrainerV1, RegisteredModelV1 } from '@tributary/contracts';
import {
  chatExamplesFrom,
  FineTuneJobCancelledError,
  FineTuneJobFailedError,
  FineTuningApiError,
  TrainingExamplesError,
  runOpenAiFineTune,
  type OpenAiFineTuningClient,
} from '@tributary/finetune-data-access';
import type { TrainingChunk } from '@tributary/search-data-access';
import type { CycleInput } from './cycle-input';
import { FineTuneInputError } from './fine-tune.errors';
import { documentKey } from './query-vectors';

export interface GeneratorCyclePorts {
  client: OpenAiFineTuningClient;
  chunksOf(documents: readonly { source: string; docId: string }[]): Promise<Map<string, TrainingChunk[]>>;
  registry: { save(model: RegisteredModelV1): Promise<void> };
  pollIntervalMs?: number;
}

export interface GeneratorCycleInput extends CycleInput {
  trainer: OpenAiChatTrainerV1;
}

const STOP_POLL_MS = 1_000;

/**
 * A generator fine-tune through an OpenAI-compatible API: (question, grounded
 * answer) examples from the feedback pairs' passages, one remote job, the
 * resulting model id recorded. Retrieval metrics say nothing about a generator,
 * so it is never promoted automatically: an operator promotes it.
 */
export async function runGeneratorCycle(ports: GeneratorCyclePorts, input: GeneratorCycleInput) {
  const { dataset, trainer, recorder } = input;
  const feedback = [...dataset.train, ...dataset.holdout].filter((pair) => pair.origin === 'feedback');
  const externalModel = await recorder.stage(
    'train',
    { datasetId: dataset.id, pairs: feedback.length, trainer },
    async () => {
      const chunks = await ports.chunksOf(feedback.map((pair) => pair.positive));
      const examples = await asPermanent(async () =>
        chatExamplesFrom(
          feedback.flatMap((pair) => {
            const chunk = chunks.get(documentKey(pair.positive))?.[0];
            return chunk ? [{ question: pair.query, passage: chunk.text, title: chunk.title }] : [];
          }),
        ),
      );
      const stop = new AbortController();
      const watch = setInterval(() => {
        const reason = input.stopReason();
        if (reason) stop.abort(new Error(reason));
      }, STOP_POLL_MS);
      try {
        const result = await asPermanent(() =>
          runOpenAiFineTune(ports.client, {
            examples,
            model: trainer.model,
            ...(trainer.suffix ? { suffix: trainer.suffix } : {}),
            ...(trainer.nEpochs ? { nEpochs: trainer.nEpochs } : {}),
            ...(ports.pollIntervalMs ? { pollIntervalMs: ports.pollIntervalMs } : {}),
            signal: stop.signal,
            onProgress: (status, detail) =>
              void recorder.log('info', `fine-tuning job: ${status} (${detail})`).catch(() => undefined),
          }),
        );
        const outputs = {
          examples: examples.length,
          fileId: result.fileId,
          jobId: result.jobId,
          fineTunedModel: result.fineTunedModel,
          trainedTokens: result.trainedTokens,
        };
        return { outputs, result: result.fineTunedModel };
      } finally {
        clearInterval(watch);
      }
    },
  );
  await recorder.skip('evaluate', 'a generator is not judged by retrieval metrics');
  return recorder.stage('promote', { modelId: input.modelId }, async () => {
    await input.checkCancelled();
    await ports.registry.save({
      id: input.modelId,
      kind: 'generator',
      baseModel: trainer.model,
      plan: input.plan.name,
      runId: input.runId,
      datasetId: dataset.id,
      createdAt: new Date().toISOString(),
      externalModel,
      decision: { promote: false, reason: 'recorded for an operator to promote (tributary models promote)' },
    });
    const result = {
      status: 'succeeded' as const,
      outcome: 'recorded' as const,
      reason: `fine-tuned model ${externalModel}`,
    };
    return { outputs: { outcome: result.outcome, externalModel }, result };
  });
}

/**
 * Failures that a retry would only repeat: too few usable examples, a job the
 * provider failed (a bad file, a model it will not tune) or someone cancelled,
 * and a request it refused (4xx other than throttling). Network errors, 5xx and
 * timeouts stay retryable.
 */
function isPermanent(error: unknown): boolean {
  if (error instanceof TrainingExamplesError) return true;
  if (error instanceof FineTuneJobFailedError || error instanceof FineTuneJobCancelledError) return true;
  return error instanceof FineTuningApiError && !error.retryable;
}

async function asPermanent<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isPermanent(error) ? new FineTuneInputError((error as Error).message) : error;
  }
}
