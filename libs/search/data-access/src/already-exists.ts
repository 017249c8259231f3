import { errors } from '@elastic/elasticsearch';

/** Creating an index that another process created first is not an error for idempotent bootstrap. */
export function isAlreadyExists(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError)) return false;
  return (
    (error.body as { error?: { type?: string } } | undefined)?.error?.type ===
    'resource_already_exists_exception'
  );
}
