/**
 * What an embedding model id names: the id is stored on every chunk and in the
 * index's _meta, so any service can build the provider an index needs from it.
 *   hashing-placeholder-v2-<dims>  the deterministic placeholder (plumbing tests only)
 *   local:<name>                   an ONNX model in EMBEDDING_MODELS_DIR/<name>, run in-process
 *   openai:<model>                 an OpenAI-compatible embeddings API at EMBEDDING_API_URL
 */
export type EmbeddingModelSpec =
  | { kind: 'hashing'; dimensions: number }
  | { kind: 'local'; name: string }
  | { kind: 'openai'; model: string };

export class UnknownEmbeddingModelError extends Error {
  constructor(modelId: string) {
    super(
      `unknown embedding model id "${modelId}": expected local:<name>, openai:<model> or hashing-placeholder-v2-<dimensions>`,
    );
    this.name = 'UnknownEmbeddingModelError';
  }
}

const HASHING = /^hashing-placeholder-v2-(\d{1,4})$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const OPENAI_MODEL = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

export function parseEmbeddingModelId(modelId: string): EmbeddingModelSpec {
  const hashing = HASHING.exec(modelId);
  if (hashing) {
    const dimensions = Number(hashing[1]);
    if (dimensions >= 8 && dimensions <= 4096) return { kind: 'hashing', dimensions };
  }
  if (modelId.startsWith('local:') && NAME.test(modelId.slice(6)))
    return { kind: 'local', name: modelId.slice(6) };
  if (modelId.startsWith('openai:') && OPENAI_MODEL.test(modelId.slice(7)))
    return { kind: 'openai', model: modelId.slice(7) };
  throw new UnknownEmbeddingModelError(modelId);
}

/** True when parseEmbeddingModelId accepts the id (for config validation). */
export function isEmbeddingModelId(modelId: string): boolean {
  try {
    parseEmbeddingModelId(modelId);
    return true;
  } catch {
    return false;
  }
}
