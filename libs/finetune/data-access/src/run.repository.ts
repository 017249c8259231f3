import type { Client } from '@elastic/elasticsearch';
import { FINETUNE_RUNS_INDEX, type FineTuneRunV1 } from '@tributary/contracts';
import { ensureFinetuneIndex, isNotFound } from './finetune-index';

/** Log lines a run record keeps (the last ones): enough to read why, bounded in size. */
export const RUN_LOG_LIMIT = 200;

/**
 * Run records in Elasticsearch. Only the worker running a job writes its record
 * (whole, after each step), so there is one writer per run and no merge logic.
 */
export class RunRepository {
  constructor(
    private readonly client: Client,
    private readonly index: string = FINETUNE_RUNS_INDEX,
  ) {}

  async ensure(): Promise<void> {
    await ensureFinetuneIndex(this.client, this.index, {
      runId: { type: 'keyword' },
      plan: { type: 'keyword' },
      status: { type: 'keyword' },
      outcome: { type: 'keyword' },
      trigger: { type: 'keyword' },
      createdAt: { type: 'date' },
      finishedAt: { type: 'date' },
    });
  }

  async save(run: FineTuneRunV1, options: { refresh?: boolean } = {}): Promise<void> {
    const logs = run.logs.slice(-RUN_LOG_LIMIT);
    await this.client.index({
      index: this.index,
      id: run.runId,
      document: { ...run, logs },
      refresh: options.refresh ? 'wait_for' : false,
    });
  }

  /** Real-time read: a run's latest stage even before the index refreshed. */
  async get(runId: string): Promise<FineTuneRunV1 | undefined> {
    try {
      return (await this.client.get<FineTuneRunV1>({ index: this.index, id: runId }))._source;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Newest first. */
  async list(filter: { plan?: string; status?: string; size?: number } = {}): Promise<FineTuneRunV1[]> {
    const terms = Object.entries({ plan: filter.plan, status: filter.status })
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => ({ term: { [field]: value } }));
    try {
      const response = await this.client.search<FineTuneRunV1>({
        index: this.index,
        size: filter.size ?? 20,
        sort: [{ createdAt: 'desc' }],
        query: { bool: { filter: terms } },
      });
      return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }
}
