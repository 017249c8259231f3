import { errors } from '@elastic/elasticsearch';

/** Elasticsearch unreachable, timing out, overloaded (429) or failing (5xx): worth retrying. */
export function isTransientElasticsearchError(error: unknown): boolean {
  if (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError) return true;
  if (error instanceof errors.NoLivingConnectionsError) return true;
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    return status === 429 || status >= 500;
  }
  return false;
}
