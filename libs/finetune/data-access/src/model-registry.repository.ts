import type { Client } from '@elastic/elasticsearch';
import {
  MODEL_REGISTRY_INDEX,
  type ActiveModelPointerV1,
  type ModelKind,
  type RegisteredModelV1,
} from '@tributary/contracts';
import { ensureFinetuneIndex, isNotFound, isVersionConflict } from './finetune-index';
import { ModelRegistryError } from './model-registry.errors';

/** A query adapter's weights as stored beside its registry entry. */
export interface StoredAdapterWeights {
  dimensions: number;
  /** Row-major float32, little-endian, base64. */
  weights: string;
  checksum: string;
}

/** Rollback reaches this far back. */
export const POINTER_HISTORY_LIMIT = 20;
const CAS_ATTEMPTS = 5;

type StoredDoc =
  | ({ docType: 'model'; weights?: string } & RegisteredModelV1)
  | ({ docType: 'pointer' } & ActiveModelPointerV1);

const pointerId = (kind: ModelKind, baseModel: string) => `pointer:${kind}:${baseModel}`;

/**
 * The model registry in Elasticsearch: one document per model version (its
 * lineage, metrics and, for adapters, weights) and one pointer per (kind, base
 * model) naming the live version. Promotion and rollback change only the
 * pointer, with a compare-and-set on its sequence number: that single write is
 * the commit point, so a crash before it leaves the old model live and a crash
 * after it leaves the new one, never anything between.
 */
export class ModelRegistryRepository {
  constructor(
    private readonly client: Client,
    private readonly index: string = MODEL_REGISTRY_INDEX,
  ) {}

  async ensure(): Promise<void> {
    await ensureFinetuneIndex(this.client, this.index, {
      docType: { type: 'keyword' },
      id: { type: 'keyword' },
      kind: { type: 'keyword' },
      baseModel: { type: 'keyword' },
      plan: { type: 'keyword' },
      runId: { type: 'keyword' },
      datasetId: { type: 'keyword' },
      createdAt: { type: 'date' },
      weights: { type: 'binary' },
    });
  }

  /** Writes (or rewrites, for a retried run) a model version; it is not live until activated. */
  async save(model: RegisteredModelV1, weights?: StoredAdapterWeights): Promise<void> {
    const doc: StoredDoc = {
      docType: 'model',
      ...model,
      ...(weights
        ? { dimensions: weights.dimensions, checksum: weights.checksum, weights: weights.weights }
        : {}),
    };
    await this.client.index({
      index: this.index,
      id: `model:${model.id}`,
      document: doc,
      refresh: 'wait_for',
    });
  }

  async get(id: string): Promise<RegisteredModelV1 | undefined> {
    const doc = await this.read(`model:${id}`, ['weights']);
    return doc?.docType === 'model' ? withoutDocType(doc) : undefined;
  }

  async weights(id: string): Promise<StoredAdapterWeights | undefined> {
    const doc = await this.read(`model:${id}`);
    if (doc?.docType !== 'model' || !doc.weights || !doc.dimensions || !doc.checksum) return undefined;
    return { dimensions: doc.dimensions, weights: doc.weights, checksum: doc.checksum };
  }

  /** Newest first. */
  async list(filter: { kind?: ModelKind; baseModel?: string; plan?: string; size?: number } = {}) {
    const terms = Object.entries({ kind: filter.kind, baseModel: filter.baseModel, plan: filter.plan })
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => ({ term: { [field]: value } }));
    const response = await this.client.search<StoredDoc>({
      index: this.index,
      size: filter.size ?? 50,
      sort: [{ createdAt: 'desc' }],
      _source: { excludes: ['weights'] },
      query: { bool: { filter: [{ term: { docType: 'model' } }, ...terms] } },
    });
    return response.hits.hits.flatMap((hit) =>
      hit._source?.docType === 'model' ? [withoutDocType(hit._source)] : [],
    );
  }

  async pointers(): Promise<ActiveModelPointerV1[]> {
    const response = await this.client.search<StoredDoc>({
      index: this.index,
      size: 100,
      query: { term: { docType: 'pointer' } },
    });
    return response.hits.hits.flatMap((hit) =>
      hit._source?.docType === 'pointer' ? [withoutDocType(hit._source)] : [],
    );
  }

  /** The live pointer, read in real time (no refresh needed): what the gateway polls. */
  async pointer(kind: ModelKind, baseModel: string): Promise<ActiveModelPointerV1> {
    return (await this.readPointer(kind, baseModel)).pointer;
  }

  /**
   * Makes a registered model the live one of its kind; the one it replaces goes
   * onto the history. With `expectedActive` (null: none) it refuses when the
   * live model is no longer the one a run evaluated against.
   */
  async activate(id: string, by: string, expectedActive?: string | null): Promise<ActiveModelPointerV1> {
    const model = await this.get(id);
    if (!model) throw new ModelRegistryError(`model ${id} is not in the registry`, 'not-found');
    return this.updatePointer(model.kind, model.baseModel, by, (pointer) => {
      if (pointer.active === id) return pointer;
      if (expectedActive !== undefined && (pointer.active ?? null) !== expectedActive)
        throw new ModelRegistryError(
          `the live ${model.kind} changed to ${pointer.active ?? 'none'} since ${id} was evaluated against ${expectedActive ?? 'none'}`,
          'conflict',
        );
      const history = pointer.active ? [...pointer.history, pointer.active] : pointer.history;
      return { ...pointer, active: id, history: history.slice(-POINTER_HISTORY_LIMIT) };
    });
  }

  /** The previous model goes live again; with no previous one, none (the base model as it is). */
  async rollback(kind: ModelKind, baseModel: string, by: string): Promise<ActiveModelPointerV1> {
    return this.updatePointer(kind, baseModel, by, (pointer) => {
      if (!pointer.active)
        throw new ModelRegistryError(
          `no ${kind} is live for ${baseModel}: nothing to roll back`,
          'nothing-to-roll-back',
        );
      const history = [...pointer.history];
      const previous = history.pop();
      return { ...pointer, active: previous, history };
    });
  }

  private async updatePointer(
    kind: ModelKind,
    baseModel: string,
    by: string,
    change: (pointer: ActiveModelPointerV1) => ActiveModelPointerV1,
  ): Promise<ActiveModelPointerV1> {
    for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
      const { pointer, seqNo, primaryTerm } = await this.readPointer(kind, baseModel);
      const next = change(pointer);
      if (next === pointer) return pointer;
      const updated: ActiveModelPointerV1 = { ...next, updatedAt: new Date().toISOString(), updatedBy: by };
      try {
        await this.client.index({
          index: this.index,
          id: pointerId(kind, baseModel),
          document: { docType: 'pointer', ...updated },
          refresh: 'wait_for',
          ...(seqNo === undefined
            ? { op_type: 'create' as const }
            : { if_seq_no: seqNo, if_primary_term: primaryTerm }),
        });
        return updated;
      } catch (error) {
        if (!isVersionConflict(error)) throw error;
      }
    }
    throw new ModelRegistryError(`the ${kind} pointer for ${baseModel} kept changing; try again`, 'conflict');
  }

  private async readPointer(kind: ModelKind, baseModel: string) {
    try {
      const response = await this.client.get<StoredDoc>({
        index: this.index,
        id: pointerId(kind, baseModel),
      });
      const doc = response._source;
      if (doc?.docType !== 'pointer') throw new Error(`registry document ${response._id} is not a pointer`);
      return { pointer: withoutDocType(doc), seqNo: response._seq_no, primaryTerm: response._primary_term };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const empty: ActiveModelPointerV1 = { kind, baseModel, history: [], updatedAt: '', updatedBy: '' };
      return { pointer: empty, seqNo: undefined, primaryTerm: undefined };
    }
  }

  private async read(id: string, excludes: string[] = []): Promise<StoredDoc | undefined> {
    try {
      const response = await this.client.get<StoredDoc>({
        index: this.index,
        id,
        _source_excludes: excludes,
      });
      return response._source;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function withoutDocType<T extends { docType: string; weights?: string }>(
  doc: T,
): Omit<T, 'docType' | 'weights'> {
  const { docType: _docType, weights: _weights, ...rest } = doc;
  return rest;
}
