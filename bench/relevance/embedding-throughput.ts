// Chunks per second of the project's embedding provider over the corpus's
// chunk texts, and of a bare ONNX Runtime session on the same inputs.
import { join } from 'node:path';
import {
  openEmbeddingProvider,
  parseEmbeddingModelId,
  type EmbeddingProvider,
  type EmbeddingSettings,
} from '@tributary/embeddings';
import { BareOnnxEmbedder, type ModelRecipe } from './bare-onnx';

export interface EmbeddingThroughput {
  chunks: number;
  /** EMBEDDING_BATCH_SIZE and EMBEDDING_THREADS, which both sides ran with. */
  batchSize: number;
  threads: number;
  providerChunksPerSecond: number;
  /** Only for a local ONNX model. */
  bare?: {
    chunksPerSecond: number;
    /** Provider over bare: 1 means the provider adds nothing to the session's own cost. */
    ratio: number;
    /** The least cosine similarity between the two sides' vectors of one text: 1 when they compute the same. */
    minCosine: number;
    recipe: ModelRecipe;
  };
}

const cosine = (a: readonly number[], b: Float32Array) => {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  a.forEach((value, i) => {
    const other = b[i] ?? 0;
    dot += value * other;
    normA += value * value;
    normB += other * other;
  });
  return dot / Math.sqrt(normA * normB);
};

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/**
 * Each slice (the texts of one embedder batch of documents) goes to both
 * sides, in ABBA order so that neither always runs on a machine the other has
 * just warmed up. One batch each beforehand loads what loads lazily.
 */
async function measureThroughput(
  provider: EmbeddingProvider,
  bare: BareOnnxEmbedder | undefined,
  slices: readonly string[][],
  options: { batchSize: number; threads: number },
): Promise<EmbeddingThroughput> {
  const warmUp = slices[0]?.slice(0, options.batchSize) ?? [];
  await provider.embedDocuments(warmUp);
  await bare?.embedDocuments(warmUp);
  let providerMs = 0;
  let bareMs = 0;
  let minCosine = 1;
  for (const [i, slice] of slices.entries()) {
    if (!bare) {
      providerMs += (await timed(() => provider.embedDocuments(slice))).ms;
      continue;
    }
    const runProvider = () => timed(() => provider.embedDocuments(slice));
    const runBare = () => timed(() => bare.embedDocuments(slice));
    let ours: Awaited<ReturnType<typeof runProvider>>;
    let reference: Awaited<ReturnType<typeof runBare>>;
    if (i % 2 === 0) {
      ours = await runProvider();
      reference = await runBare();
    } else {
      reference = await runBare();
      ours = await runProvider();
    }
    providerMs += ours.ms;
    bareMs += reference.ms;
    ours.result.forEach((vector, j) => {
      const other = reference.result[j];
      minCosine = Math.min(minCosine, other ? cosine(vector, other) : -1);
    });
  }
  const chunks = slices.reduce((sum, slice) => sum + slice.length, 0);
  const providerChunksPerSecond = chunks / (providerMs / 1000);
  if (!bare) return { chunks, ...options, providerChunksPerSecond };
  const barePerSecond = chunks / (bareMs / 1000);
  return {
    chunks,
    ...options,
    providerChunksPerSecond,
    bare: {
      chunksPerSecond: barePerSecond,
      ratio: providerChunksPerSecond / barePerSecond,
      minCosine,
      recipe: bare.recipe,
    },
  };
}

/**
 * The model's provider as the services open it (EMBEDDING_BATCH_SIZE,
 * EMBEDDING_THREADS) and, for a local model, the bare session with the same
 * batch size and threads, over the texts the embedder embedded, in slices of
 * the documents it embeds together.
 */
export async function measureEmbedding(
  model: string,
  settings: EmbeddingSettings,
  documents: readonly string[][],
  documentsPerSlice: number,
): Promise<EmbeddingThroughput> {
  const slices: string[][] = [];
  for (let start = 0; start < documents.length; start += documentsPerSlice)
    slices.push(documents.slice(start, start + documentsPerSlice).flat());
  const spec = parseEmbeddingModelId(model);
  const options = { batchSize: settings.EMBEDDING_BATCH_SIZE, threads: settings.EMBEDDING_THREADS };
  const [provider, bare] = await Promise.all([
    openEmbeddingProvider(model, settings),
    spec.kind === 'local'
      ? BareOnnxEmbedder.open(join(settings.EMBEDDING_MODELS_DIR, spec.name), options)
      : undefined,
  ]);
  try {
    return await measureThroughput(provider, bare, slices, options);
  } finally {
    await bare?.close();
  }
}
