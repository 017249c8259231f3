import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import {
  DOCUMENT_CHANGE_V1,
  DOCUMENT_CHANGES_TOPIC,
  documentChangeV1Schema,
  parseContract,
  type DocumentChangeV1,
} from '@tributary/contracts';
import type { DeadLetterProducer } from './dead-letter.producer';
import { backoffMs, type RetryPolicy } from './retry-policy';
import { MAX_MESSAGE_BYTES } from './topic-admin';

export type DocumentChangeHandler = (change: DocumentChangeV1) => Promise<void>;

export interface ConsumerLog {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

class ConsumerStoppingError extends Error {}

/**
 * At-least-once consumer of document changes: an offset is committed only after
 * the handler succeeded or the event was dead-lettered, so a crash replays it.
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
    await this.consumer.run({ autoCommit: false, eachMessage: (payload) => this.onMessage(payload) });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    try {
      await this.consumer.disconnect();
    } finally {
      await this.deadLetters.disconnect();
    }
  }

  private async onMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const position = { topic, partition, offset: message.offset };
    let change: DocumentChangeV1;
    try {
      change = parseContract(
        DOCUMENT_CHANGE_V1,
        documentChangeV1Schema,
        JSON.parse(message.value?.toString() ?? 'null'),
      );
    } catch (error) {
      await this.deadLetter(payloadOf(topic, partition, message), error, 1);
      return this.commit(position);
    }
    // Only failures of the event itself spend its budget; an outage (transient) does not.
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handler(change);
        return this.commit(position);
      } catch (error) {
        const transient = this.retry.isTransient(error);
        if (!transient && ++failures >= this.retry.maxAttempts) {
          await this.deadLetter(payloadOf(topic, partition, message), error, failures);
          return this.commit(position);
        }
        this.log.warn({ ...position, attempt, transient, err: error }, 'document change failed; retrying');
        await this.pause(backoffMs(this.retry, attempt), heartbeat);
      }
    }
  }

  private async deadLetter(
    payload: ReturnType<typeof payloadOf>,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.log.error(
      { topic: payload.topic, partition: payload.partition, offset: payload.offset, attempts, reason },
      'dead-lettering document change',
    );
    await this.deadLetters.send({ ...payload, error: reason, attempts });
  }

  private commit({
    topic,
    partition,
    offset,
  }: {
    topic: string;
    partition: number;
    offset: string;
  }): Promise<void> {
    return this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
  }

  /** Waits out a backoff while keeping the group session alive; aborts on shutdown without committing. */
  private async pause(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (this.stopping)
        throw new ConsumerStoppingError('consumer is stopping; the event will be redelivered');
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      await heartbeat();
    }
  }
}

function payloadOf(topic: string, partition: number, message: EachMessagePayload['message']) {
  return { topic, partition, offset: message.offset, key: message.key, value: message.value };
}
