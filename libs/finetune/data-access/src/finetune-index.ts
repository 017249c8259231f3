import { errors, type Client, type estypes } from '@elastic/elasticsearch';

/** Creates an index of the fine-tune side unless it exists: every process may call this at start. */
export async function ensureFinetuneIndex(
  client: Client,
  index: string,
  properties: Record<string, estypes.MappingProperty>,
): Promise<void> {
  try {
    await client.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      // Unmapped fields (metrics, stage inputs and outputs) are kept in _source, not indexed.
      mappings: { dynamic: false, properties },
    });
  } catch (error) {
    const type =
      error instanceof errors.ResponseError
        ? (error.body as { error?: { type?: string } })?.error?.type
        : undefined;
    if (type !== 'resource_already_exists_exception') throw error;
  }
}

export const isNotFound = (error: unknown): boolean =>
  error instanceof errors.ResponseError && error.statusCode === 404;

export const isVersionConflict = (error: unknown): boolean =>
  error instanceof errors.ResponseError && error.statusCode === 409;
