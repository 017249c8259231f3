import { basename, dirname } from 'node:path';
import {
  AutoModel,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import type { EmbeddingProvider } from '../embedding-provider';
import { readModelManifest, type ModelManifest } from './model-manifest';
import { poolEmbeddings } from './pooling';

export interface LocalOnnxOptions {
  /** Texts per inference call: bounds memory (activations grow with batch × tokens). */
  batchSize: number;
  /** ONNX Runtime intra-op threads; 0 lets it choose (one per core). */
  threads: number;
}

interface HiddenState {
  data: Float32Array;
  dims: number[];
}

/**
 * A sentence-embedding model run in-process by ONNX Runtime (CPU) through
 * transformers.js, loaded from a local directory only: nothing is fetched at
 * run time. Inputs are sorted by length and embedded `batchSize` at a time, one
 * batch in flight per provider, so padding and memory stay bounded.
 */
export class LocalOnnxEmbeddingProvider implements EmbeddingProvider {
  readonly modelId: string;
  readonly dimensions: number;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly manifest: ModelManifest,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly options: LocalOnnxOptions,
  ) {
    this.modelId = `local:${manifest.name}`;
    this.dimensions = manifest.dimensions;
  }

  static async open(directory: string, options: LocalOnnxOptions): Promise<LocalOnnxEmbeddingProvider> {
    const manifest = await readModelManifest(directory);
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dirname(directory);
    const name = basename(directory);
    const tokenizer = await AutoTokenizer.from_pretrained(name, { local_files_only: true });
    const model = await AutoModel.from_pretrained(name, {
      local_files_only: true,
      dtype: 'fp32',
      device: 'cpu',
      session_options: {
        intraOpNumThreads: options.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      },
    });
    return new LocalOnnxEmbeddingProvider(manifest, tokenizer, model, options);
  }

  embedDocuments(texts: readonly string[]): Promise<number[][]> {
    return this.embed(texts.map((text) => this.manifest.documentPrefix + text));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embed([this.manifest.queryPrefix + text]);
    return vector!;
  }

  async close(): Promise<void> {
    await this.model.dispose();
  }

  private embed(texts: readonly string[]): Promise<number[][]> {
    const run = this.queue.then(() => this.embedSorted(texts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Similar lengths share a batch, so little compute goes into padding. */
  private async embedSorted(texts: readonly string[]): Promise<number[][]> {
    const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const vectors = new Array<number[]>(texts.length);
    for (let start = 0; start < order.length; start += this.options.batchSize) {
      const batch = order.slice(start, start + this.options.batchSize);
      const pooled = await this.embedBatch(batch.map((i) => texts[i]!));
      batch.forEach((i, j) => (vectors[i] = pooled[j]!));
    }
    return vectors;
  }

  private async embedBatch(texts: string[]): Promise<number[][]> {
    const inputs = this.tokenizer(texts, {
      padding: true,
      truncation: true,
      max_length: this.manifest.maxTokens,
    });
    const output = (await this.model(inputs)) as { last_hidden_state: HiddenState };
    const hidden = output.last_hidden_state;
    const [batch, tokens, width] = hidden.dims as [number, number, number];
    if (width !== this.dimensions)
      throw new Error(
        `${this.modelId} produced ${width}-dimensional vectors, its manifest says ${this.dimensions}`,
      );
    const mask = (inputs as { attention_mask: { data: ArrayLike<bigint> } }).attention_mask.data;
    return poolEmbeddings(hidden.data, mask, [batch, tokens, width], this.manifest.pooling);
  }
}
