import { errors } from '@elastic/elasticsearch';
import { BulkWriteError } from './bulk-write';

/** Elasticsearch unreachable, timing out, overloaded (429) or failing (5xx): worth retrying. */
export function isTransientElasticsearchError(error: unknown): boolean {
  if (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError) return true;
  if (error instanceof errors.NoLivingConnectionsError) return true;
  if (error instanceof BulkWriteError) return error.transient;
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    return status === 429 || status >= 500;
  }
  return false;
}
