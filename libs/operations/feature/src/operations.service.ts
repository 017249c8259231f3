import type {
  ConnectorViewV1,
  ConsumerGroupLagV1,
  DeadLetterDetailV1,
  DeadLettersV1,
  DeadLetterViewV1,
  FineTuneOverviewV1,
  IndexV1,
  OperationsOverviewV1,
} from '@tributary/contracts';
import {
  DeadLetterNotPendingError,
  InvalidDeadLetterPositionError,
  parseDeadLetterPosition,
  type DeadLetterEntry,
  type DeadLetterPosition,
} from '@tributary/kafka';
import { toConnectorView } from './connector-view';
import { toFineTuneOverview } from './finetune-overview';
import { OperationsInputError, OperationsNotFoundError } from './operations.errors';
import { OPERATIONS_LIMITS as LIMITS } from './operations.limits';
import type { OperationsPorts, OperationsSettings } from './operations.ports';
import { readSection, withTimeout } from './section';

/**
 * The operators' view of every domain and their few actions on it, for the
 * console and `tributary status`. Everything is read from the engines on each
 * call; a section that fails or is slow is reported in place, so one engine
 * down never hides the others.
 */
export class OperationsService {
  constructor(
    private readonly ports: OperationsPorts,
    private readonly settings: OperationsSettings,
  ) {}

  async overview(options: { deadLetterLimit?: number } = {}): Promise<OperationsOverviewV1> {
    const limit = deadLetterLimit(options.deadLetterLimit);
    const section = <T>(what: string, work: () => Promise<T>) =>
      readSection(what, this.settings.sectionTimeoutMs, work);
    const [topics, consumerGroups, deadLetters, queues, connectors, index, freshness, finetune] =
      await Promise.all([
        section('Kafka topics', () => this.ports.topics.read(this.settings.topics)),
        section('consumer lag', () => this.readLag()),
        section('dead letters', () => this.readDeadLetters(limit)),
        section('queues', () => this.ports.queues.read()),
        section('connectors', () => this.connectors()),
        section('index', () => this.index()),
        section('freshness', () => this.ports.freshness.read(this.settings.freshnessWindowMs)),
        section('fine-tuning', () => this.finetune()),
      ]);
    return {
      generatedAt: new Date().toISOString(),
      topics,
      consumerGroups,
      deadLetters,
      queues,
      connectors,
      index,
      freshness,
      finetune,
    };
  }

  /** Every consumer group of our topics; bounded like a section, but a failure throws. */
  consumerLag(): Promise<ConsumerGroupLagV1[]> {
    return withTimeout('consumer lag', this.settings.sectionTimeoutMs, () => this.readLag());
  }

  deadLetters(limit?: number): Promise<DeadLettersV1> {
    return this.readDeadLetters(deadLetterLimit(limit));
  }

  async deadLetter(position: string): Promise<DeadLetterDetailV1> {
    const at = parsePosition(position);
    const detail = await this.ports.deadLetters.inspect(at);
    if (!detail) throw new OperationsNotFoundError(`there is no dead letter at ${position.trim()}`);
    return {
      ...toView(detail),
      originalTopic: detail.originalTopic ?? '',
      originalPartition: detail.originalPartition ?? -1,
      originalOffset: detail.originalOffset ?? '',
      key: detail.key,
      headers: detail.headers,
      value: detail.value ?? '',
    };
  }

  async redrive(position: string): Promise<DeadLetterViewV1> {
    const at = parsePosition(position);
    return toView(await notPendingAsNotFound(() => this.ports.deadLetters.redrive(at)));
  }

  async redriveAll(): Promise<{ redriven: number }> {
    const { redriven } = await this.ports.deadLetters.redriveAll();
    return { redriven: redriven.length };
  }

  async discard(position: string, reason: string): Promise<DeadLetterViewV1> {
    const at = parsePosition(position);
    const why = (reason ?? '').trim();
    if (!why) throw new OperationsInputError('discarding a dead letter needs a reason');
    if (why.length > LIMITS.maxReasonLength)
      throw new OperationsInputError(`a discard reason is at most ${LIMITS.maxReasonLength} characters`);
    return toView(await notPendingAsNotFound(() => this.ports.deadLetters.discard(at, why)));
  }

  /** Asks the runner of `source` to start a pass now; it picks the request up within seconds. */
  async runConnectorNow(source: string, requestedBy: string): Promise<void> {
    const name = (source ?? '').trim();
    const by = (requestedBy ?? '').trim();
    if (!name) throw new OperationsInputError('name the connector source to run');
    if (!by || by.length > LIMITS.maxRequestedByLength)
      throw new OperationsInputError(`requestedBy is 1 to ${LIMITS.maxRequestedByLength} characters`);
    if (!(await this.ports.connectors.requestRun(name, by)))
      throw new OperationsNotFoundError(`no connector is registered for source ${name}`);
  }

  close(): Promise<void> {
    return this.ports.close();
  }

  private async readLag(): Promise<ConsumerGroupLagV1[]> {
    const groups = await this.ports.consumerLag.read(this.settings.topics);
    // The trend is sampled by the console over time; one read has none.
    return groups.map((group) => ({ ...group, trend: [] }));
  }

  private async readDeadLetters(limit: number): Promise<DeadLettersV1> {
    const { letters, total } = await this.ports.deadLetters.listPending(limit);
    return { pending: total, letters: letters.map(toView) };
  }

  private async connectors(): Promise<ConnectorViewV1[]> {
    const [instances, requests] = await Promise.all([
      this.ports.connectors.list(),
      this.ports.connectors.runRequests(),
    ]);
    const checkpoints = await this.ports.checkpoints.count(instances.map(({ source }) => source));
    return instances.map((instance) =>
      toConnectorView(instance, checkpoints.get(instance.source) ?? 0, requests.get(instance.source)),
    );
  }

  private async index(): Promise<IndexV1> {
    const overview = await this.ports.index.read();
    const active = overview.targets.find(({ role }) => role === 'active');
    const pointer = active ? await this.ports.models.pointer('query-adapter', active.model) : undefined;
    return {
      alias: overview.alias,
      targets: overview.targets.map(({ role, index, model, dimensions, chunks, bytes }) => ({
        role,
        index,
        model,
        dimensions,
        chunks,
        bytes,
      })),
      documents: overview.documents,
      ...(pointer?.active
        ? {
            adapter: {
              modelId: pointer.active,
              promotedAt: pointer.updatedAt,
              promotedBy: pointer.updatedBy,
            },
          }
        : {}),
    };
  }

  private async finetune(): Promise<FineTuneOverviewV1> {
    const [plans, runs, models, pointers] = await Promise.all([
      this.ports.plans.list(),
      this.ports.runs.list({ size: LIMITS.recentRuns }),
      this.ports.models.list({ size: LIMITS.recentModels }),
      this.ports.models.pointers(),
    ]);
    return toFineTuneOverview(plans, runs, models, pointers);
  }
}

function deadLetterLimit(limit: number | undefined): number {
  if (limit === undefined) return LIMITS.defaultDeadLetterLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.maxDeadLetterLimit)
    throw new OperationsInputError(
      `the dead letter limit is a whole number from 1 to ${LIMITS.maxDeadLetterLimit}, not ${limit}`,
    );
  return limit;
}

function parsePosition(text: string): DeadLetterPosition {
  try {
    return parseDeadLetterPosition(text ?? '');
  } catch (error) {
    if (error instanceof InvalidDeadLetterPositionError) throw new OperationsInputError(error.message);
    throw error;
  }
}

/** Redrive and discard act only on pending letters; any other position is, for them, not there. */
async function notPendingAsNotFound<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof DeadLetterNotPendingError) throw new OperationsNotFoundError(error.message);
    throw error;
  }
}

function toView(entry: DeadLetterEntry): DeadLetterViewV1 {
  return {
    position: `${entry.partition}:${entry.offset}`,
    failedAt: entry.failedAt ?? '',
    ...(entry.source ? { source: entry.source } : {}),
    ...(entry.docId ? { docId: entry.docId } : {}),
    attempts: entry.attempts ?? 0,
    error: entry.error,
  };
}
