import type { Client } from '@elastic/elasticsearch';
import { FINETUNE_DATASETS_INDEX } from '@tributary/contracts';
import { ensureFinetuneIndex, isNotFound, isVersionConflict } from './finetune-index';

/** One training or evaluation pair: a query and a document judged relevant to it. */
export interface DatasetPair {
  query: string;
  positive: { source: string; docId: string; chunk?: number };
  /** 1 (clicked) … 3 (perfectly relevant). */
  grade: number;
  origin: 'feedback' | 'pseudo';
  /** Documents shown for the query and judged or skipped as not relevant. */
  negatives?: Array<{ source: string; docId: string }>;
}

/** A stored dataset: content-addressed, so the same data is one version however often it is built. */
export interface StoredDataset {
  id: string;
  plan: string;
  createdAt: string;
  /** What built it: the recipe, the feedback read, the corpus sample's seed. */
  lineage: Record<string, unknown>;
  counts: { train: number; holdout: number; feedbackPairs: number; pseudoPairs: number; queries: number };
  train: DatasetPair[];
  holdout: DatasetPair[];
}

export class DatasetRepository {
  constructor(
    private readonly client: Client,
    private readonly index: string = FINETUNE_DATASETS_INDEX,
  ) {}

  async ensure(): Promise<void> {
    await ensureFinetuneIndex(this.client, this.index, {
      id: { type: 'keyword' },
      plan: { type: 'keyword' },
      createdAt: { type: 'date' },
      train: { type: 'object', enabled: false },
      holdout: { type: 'object', enabled: false },
    });
  }

  /** Stores a dataset unless that version exists already; returns whether it was new. */
  async save(dataset: StoredDataset): Promise<boolean> {
    try {
      await this.client.create({ index: this.index, id: dataset.id, document: dataset, refresh: 'wait_for' });
      return true;
    } catch (error) {
      if (isVersionConflict(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<StoredDataset | undefined> {
    try {
      return (await this.client.get<StoredDataset>({ index: this.index, id }))._source;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
