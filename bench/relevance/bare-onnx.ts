// The reference the embedding provider's throughput is compared with: the same
// ONNX model run straight on an onnxruntime-node InferenceSession, fed by the
// same tokenizer, pooled and L2-normalised here, with nothing else around it.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { InferenceSession, Tensor } from 'onnxruntime-node';

export type Pooling = 'mean' | 'cls';

export interface BareOnnxOptions {
  /** Texts per session run: the provider's EMBEDDING_BATCH_SIZE. */
  batchSize: number;
  /** Intra-op threads, 0 = ONNX Runtime's default (one per core): the provider's EMBEDDING_THREADS. */
  threads: number;
}

/** How the model wants its inputs cut and its output pooled, read from its own files. */
export interface ModelRecipe {
  pooling: Pooling;
  maxTokens: number;
  documentPrefix: string;
  /** The pooling the project's manifest (tributary-model.json) names, when there is one. */
  manifestPooling?: string;
}

const readJson = async (path: string): Promise<Record<string, unknown> | undefined> => {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/**
 * Pooling as sentence-transformers configures it (1_Pooling/config.json: CLS for
 * bge, mean for MiniLM), else the manifest's, else mean. Truncation and the
 * document prefix follow the manifest, so both sides tokenize identical inputs.
 */
export async function readModelRecipe(directory: string): Promise<ModelRecipe> {
  const [pooling, manifest, sentenceBert] = await Promise.all([
    readJson(join(directory, '1_Pooling', 'config.json')),
    readJson(join(directory, 'tributary-model.json')),
    readJson(join(directory, 'sentence_bert_config.json')),
  ]);
  const manifestPooling = typeof manifest?.['pooling'] === 'string' ? manifest['pooling'] : undefined;
  let chosen: Pooling = manifestPooling === 'cls' ? 'cls' : 'mean';
  if (pooling) {
    if (pooling['pooling_mode_cls_token'] === true) chosen = 'cls';
    else if (pooling['pooling_mode_mean_tokens'] === true) chosen = 'mean';
    else throw new Error(`${directory}/1_Pooling/config.json asks for a pooling other than CLS or mean`);
  }
  const maxTokens = manifest?.['maxTokens'] ?? sentenceBert?.['max_seq_length'] ?? 512;
  return {
    pooling: chosen,
    maxTokens: Number(maxTokens),
    documentPrefix: typeof manifest?.['documentPrefix'] === 'string' ? manifest['documentPrefix'] : '',
    ...(manifestPooling ? { manifestPooling } : {}),
  };
}

/** One L2-normalised vector per batch row of a [batch, tokens, width] output. */
export function pool(
  hidden: Float32Array,
  mask: BigInt64Array,
  [batch = 0, tokens = 0, width = 0]: readonly number[],
  pooling: Pooling,
): Float32Array[] {
  const vectors: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const vector = new Float32Array(width);
    for (let t = 0; t < (pooling === 'cls' ? 1 : tokens); t++) {
      if (mask[b * tokens + t] === 0n) continue;
      const offset = (b * tokens + t) * width;
      for (let h = 0; h < width; h++) vector[h] = (vector[h] ?? 0) + (hidden[offset + h] ?? 0);
    }
    // Mean then L2 normalisation is one scale: dividing by the token count first would cancel out.
    let norm = 0;
    for (const value of vector) norm += value * value;
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    for (let h = 0; h < width; h++) vector[h] = (vector[h] ?? 0) * scale;
    vectors.push(vector);
  }
  return vectors;
}

export class BareOnnxEmbedder {
  private constructor(
    readonly recipe: ModelRecipe,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly session: InferenceSession,
    private readonly options: BareOnnxOptions,
  ) {}

  /** A model directory with tokenizer.json, config.json and onnx/model.onnx; nothing is fetched. */
  static async open(directory: string, options: BareOnnxOptions): Promise<BareOnnxEmbedder> {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dirname(directory);
    const [recipe, tokenizer, session] = await Promise.all([
      readModelRecipe(directory),
      AutoTokenizer.from_pretrained(basename(directory), { local_files_only: true }),
      InferenceSession.create(join(directory, 'onnx', 'model.onnx'), {
        executionProviders: ['cpu'],
        intraOpNumThreads: options.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      }),
    ]);
    if (!session.outputNames.includes('last_hidden_state'))
      throw new Error(
        `${directory}/onnx/model.onnx has no last_hidden_state output (${session.outputNames.join(', ')})`,
      );
    return new BareOnnxEmbedder(recipe, tokenizer, session, options);
  }

  /**
   * Sorted by length and cut into batches as the provider does, so both run the
   * same tensors; vectors come back in the input order.
   */
  async embedDocuments(texts: readonly string[]): Promise<Float32Array[]> {
    const byLength = texts
      .map((text, index) => ({ text, index }))
      .sort((a, b) => a.text.length - b.text.length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < byLength.length; start += this.options.batchSize) {
      const batch = byLength.slice(start, start + this.options.batchSize);
      const pooled = await this.embedBatch(batch.map(({ text }) => this.recipe.documentPrefix + text));
      pooled.forEach((vector, j) => {
        const entry = batch[j];
        if (entry) vectors[entry.index] = vector;
      });
    }
    return vectors;
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    const encoded = this.tokenizer(texts, {
      padding: true,
      truncation: true,
      max_length: this.recipe.maxTokens,
    }) as Partial<Record<string, { data: BigInt64Array; dims: number[] }>>;
    const ids = encoded['input_ids'];
    const mask = encoded['attention_mask'];
    if (!ids || !mask) throw new Error('the tokenizer gave no input_ids or attention_mask');
    const feeds = Object.fromEntries(
      this.session.inputNames.map((name) => {
        // BERT-style graphs take token types; a single-segment input is all zeros.
        const input = encoded[name] ?? { data: new BigInt64Array(ids.data.length), dims: ids.dims };
        return [name, new Tensor('int64', input.data, input.dims)];
      }),
    );
    const { last_hidden_state: hidden } = await this.session.run(feeds, ['last_hidden_state']);
    if (!hidden) throw new Error('the session returned no last_hidden_state');
    return pool(hidden.data as Float32Array, mask.data, hidden.dims, this.recipe.pooling);
  }
}
