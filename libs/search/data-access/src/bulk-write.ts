import type { Client, estypes } from '@elastic/elasticsearch';

export interface BulkItemFailure {
  id: string;
  status: number;
  reason: string;
}

export class BulkWriteError extends Error {
  constructor(readonly failures: readonly BulkItemFailure[]) {
    const sample = failures.slice(0, 3).map((f) => `${f.id}: ${f.status} ${f.reason}`);
    super(`Elasticsearch rejected ${failures.length} write(s): ${sample.join('; ')}`);
    this.name = 'BulkWriteError';
  }

  /** Every item was refused for load or availability (429, 5xx): worth retrying as a whole. */
  get transient(): boolean {
    return this.failures.every((failure) => failure.status === 429 || failure.status >= 500);
  }
}

/** Sends one bulk request; any item that failed (other than deleting what is already gone) throws. */
export async function bulkWrite(
  client: Client,
  operations: readonly unknown[],
  refresh: 'wait_for' | false = false,
): Promise<void> {
  if (operations.length === 0) return;
  const response = await client.bulk({ operations: [...operations], refresh });
  if (response.errors) throw new BulkWriteError(bulkFailures(response));
}

function bulkFailures(response: estypes.BulkResponse): BulkItemFailure[] {
  return response.items.flatMap((item) => {
    const result = Object.values(item)[0];
    // A delete of a chunk that is already gone reports 404 without an error: the outcome we wanted.
    // A versioned write refused because a newer version is there (409) lost to that newer version, as it should.
    if (!result?.error || result.error.type === 'version_conflict_engine_exception') return [];
    return [
      {
        id: result._id ?? '?',
        status: result.status,
        reason: `${result.error.type}: ${result.error.reason ?? ''}`,
      },
    ];
  });
}
