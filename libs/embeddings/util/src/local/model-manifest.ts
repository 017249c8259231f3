import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * `tributary-model.json`, written by tools/models/fetch-model.sh next to the
 * model files: how the model pools and which prefixes it was trained with, so
 * the provider needs no knowledge of particular models.
 */
export const modelManifestSchema = z.object({
  name: z.string().min(1),
  /** Where the weights came from (package and version), for the record. */
  origin: z.string().min(1),
  dimensions: z.number().int().min(1).max(8192),
  pooling: z.enum(['mean', 'cls']),
  /** Longest input in tokens; longer text is truncated (a chunk should never be that long). */
  maxTokens: z.number().int().min(8).max(8192),
  queryPrefix: z.string().default(''),
  documentPrefix: z.string().default(''),
});

export type ModelManifest = z.infer<typeof modelManifestSchema>;

export const MODEL_MANIFEST_FILE = 'tributary-model.json';

export class ModelNotInstalledError extends Error {
  constructor(directory: string, cause: unknown) {
    super(
      `no embedding model in ${directory} (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'fetch it with `bash tools/models/fetch-model.sh`, or point EMBEDDING_MODELS_DIR at a directory that has it',
    );
    this.name = 'ModelNotInstalledError';
  }
}

export async function readModelManifest(directory: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(join(directory, MODEL_MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw new ModelNotInstalledError(directory, error);
  }
  const parsed = modelManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${join(directory, MODEL_MANIFEST_FILE)} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
