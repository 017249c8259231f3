import { context, type Context } from '@opentelemetry/api';
import type { Batch, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { DOCUMENT_CHANGES_TOPIC, type DocumentChangeV1 } from '@tributary/contracts';
import { inSpan, markSpanFailed } from '@tributary/observability';
import { decodeChange, type DecodedMessage } from './change-decoder';
import type { DeadLetterProducer } from './dead-letter.producer';
import { backoffMs, type RetryPolicy } from './retry-policy';
import { MAX_MESSAGE_BYTES } from './topic-admin';

/** Where a change was read from, and the trace it was published in. */
export interface ChangeDelivery {
  topic: string;
  partition: number;
  offset: string;
  /** The publisher's span as a remote parent (the empty root context when the message carries no trace). */
  traceContext: Context;
}

/**
 * Applies changes in their order. Called with a whole slice of a partition
 * and, when a slice fails for a reason that is not transient, with one change
 * at a time to find the poison one. `deliveries[i]` is where `changes[i]` came from.
 */
export type DocumentChangeHandler = (
  changes: readonly DocumentChangeV1[],
  deliveries: readonly ChangeDelivery[],
) => Promise<void>;

type DecodedChange = Extract<DecodedMessage, { ok: true }>;

export interface ConsumerLog {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface ConsumerTuning {
  /** Changes handed to the handler at once (one bulk write, one embedding batch). */
  maxBatchSize: number;
  /** Partitions processed at the same time by this process. */
  partitionsConcurrently: number;
}

export const DEFAULT_CONSUMER_TUNING: ConsumerTuning = { maxBatchSize: 250, partitionsConcurrently: 3 };

class ConsumerStoppingError extends Error {}

interface Position {
  topic: string;
  partition: number;
}

/**
 * At-least-once consumer of document changes. Each partition's messages are
 * handled in slices; a slice's offsets are committed only after the handler
 * succeeded for all of it or its poison events were dead-lettered, so a crash
 * replays, never skips. Transient failures (a dependency down) are retried
 * without limit; other failures spend a per-event budget, then dead-letter.
 */
export class DocumentChangeConsumer {
  private readonly consumer: Consumer;
  private stopping = false;
  private joined = false;

  constructor(
    kafka: Kafka,
    groupId: string,
    private readonly deadLetters: DeadLetterProducer,
    private readonly handler: DocumentChangeHandler,
    private readonly retry: RetryPolicy,
    private readonly log: ConsumerLog,
    private readonly topic = DOCUMENT_CHANGES_TOPIC,
    private readonly tuning: ConsumerTuning = DEFAULT_CONSUMER_TUNING,
  ) {
    this.consumer = kafka.consumer({
      groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // Room for the largest message the topics accept.
      maxBytesPerPartition: MAX_MESSAGE_BYTES,
      maxBytes: 5 * MAX_MESSAGE_BYTES,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.joined = true));
    this.consumer.on(this.consumer.events.CRASH, () => (this.joined = false));
  }

  /** True once the consumer has joined its group and been assigned partitions. */
  get ready(): boolean {
    return this.joined && !this.stopping;
  }

  async start(): Promise<void> {
    await this.deadLetters.connect();
    await this.consumer.connect();
    // A new group starts at the beginning: no change published before it existed is skipped.
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.tuning.partitionsConcurrently,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (const slice of slicesOf(batch, this.tuning.maxBatchSize)) {
          if (!isRunning() || isStale()) return;
          await this.handleSlice(batch, slice, heartbeat);
          const last = slice[slice.length - 1]!.offset;
          resolveOffset(last);
          await this.commit(batch, last);
          await heartbeat();
        }
      },
    });
  }

  /** Stops fetching, lets the slice in progress finish or abandons it uncommitted, then disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    try {
      await this.consumer.disconnect();
    } finally {
      await this.deadLetters.disconnect();
    }
  }

  private async handleSlice(
    position: Position,
    slice: readonly KafkaMessage[],
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const decoded = slice.map(decodeChange);
    const valid: DecodedChange[] = [];
    for (const item of decoded) {
      if (item.ok) valid.push(item);
      else await this.deadLetter(position, item, item.error, 1);
    }
    if (valid.length === 0) return;
    if (valid.length > 1) {
      if ((await this.applyWithRetry(position, valid, heartbeat, 1)) === true) return;
      // The slice failed for a reason of its own: find the poison events one by one.
    }
    for (const item of valid) {
      const outcome = await this.applyWithRetry(position, [item], heartbeat, this.retry.maxAttempts);
      if (outcome !== true) await this.deadLetter(position, item, outcome.error, this.retry.maxAttempts);
    }
  }

  /**
   * True once the handler succeeded; the last error after `budget` failures
   * that were not transient. Transient failures are retried without limit,
   * waiting with backoff while keeping the group session alive.
   */
  private async applyWithRetry(
    position: Position,
    items: readonly DecodedChange[],
    heartbeat: () => Promise<void>,
    budget: number,
  ): Promise<true | { error: unknown }> {
    const changes = items.map((item) => item.change);
    const deliveries = items.map(({ message, traceContext }): ChangeDelivery => ({
      ...position,
      offset: message.offset,
      traceContext,
    }));
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await whileBeating(this.handler(changes, deliveries), heartbeat);
        return true;
      } catch (error) {
        const transient = this.retry.isTransient(error);
        if (!transient && ++failures >= budget) return { error };
        const first = changes[0]!;
        // One event's retries are logged in its trace; a slice's belong to no single one.
        const [only] = items;
        const logContext = items.length === 1 && only ? only.traceContext : context.active();
        context.with(logContext, () =>
          this.log.warn(
            { ...position, events: changes.length, docId: first.docId, attempt, transient, err: error },
            'document changes failed; retrying',
          ),
        );
        await this.pause(backoffMs(this.retry, attempt), heartbeat);
      }
    }
  }

  /**
   * Sends an event to the DLQ inside a failed `dead-letter <topic>` span of its
   * own trace, so the trace shows where it ended; the letter keeps the event's
   * headers, so a redrive continues that trace.
   */
  private deadLetter(
    position: Position,
    { message, traceContext }: Pick<DecodedMessage, 'message' | 'traceContext'>,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return inSpan(
      `dead-letter ${position.topic}`,
      async (span) => {
        markSpanFailed(span, error);
        this.log.error(
          { ...position, offset: message.offset, attempts, reason },
          'dead-lettering document change',
        );
        await this.deadLetters.send({
          ...position,
          offset: message.offset,
          key: message.key,
          value: message.value,
          error: reason,
          attempts,
          ...(message.headers ? { headers: message.headers } : {}),
        });
      },
      {
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': position.topic,
          'messaging.destination.partition.id': String(position.partition),
          'messaging.kafka.offset': Number(message.offset),
          'tributary.dead_letter.attempts': attempts,
        },
      },
      traceContext,
    );
  }

  private commit({ topic, partition }: Position, offset: string): Promise<void> {
    return this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
  }

  /** Waits out a backoff while keeping the group session alive; aborts on shutdown without committing. */
  private async pause(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (this.stopping)
        throw new ConsumerStoppingError('consumer is stopping; the events will be redelivered');
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      await heartbeat();
    }
  }
}

function* slicesOf(batch: Batch, size: number): Generator<KafkaMessage[]> {
  for (let start = 0; start < batch.messages.length; start += size)
    yield batch.messages.slice(start, start + size);
}

/** How often a consumer busy with one slice tells the group it is alive (its heartbeatInterval). */
const BUSY_HEARTBEAT_MS = 3_000;

/**
 * Heartbeats while `work` runs: embedding a slice with a real model can take
 * longer than the session timeout, and a member that stops heartbeating is
 * thrown out of the group. A failed heartbeat (a rebalance has begun) is left
 * to the next commit, which redelivers the slice if the partition moved.
 */
export async function whileBeating<T>(
  work: Promise<T>,
  heartbeat: () => Promise<void>,
  everyMs = BUSY_HEARTBEAT_MS,
): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
