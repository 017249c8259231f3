import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import {
  DLQ_OPERATOR_GROUP,
  DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC,
  DOCUMENT_CHANGES_DLQ_TOPIC,
} from '@tributary/contracts';
import { formatDeadLetterPosition as keyOf } from './dead-letter.position';
import { nextWatermark } from './dead-letter.watermark';
import { commitGroupOffsets } from './group-offsets';
import { readHandledMessage, type HandledRecord } from './handled-letter';
import { readOffsetRanges, type OffsetRange } from './offset-range.reader';

export interface DeadLetterTopics {
  dlqTopic: string;
  handledTopic: string;
  operatorGroup: string;
}

export interface PartitionSpan {
  partition: number;
  low: bigint;
  /** The operator group's mark, or the oldest retained letter if later. */
  start: bigint;
  /** The high watermark when the operation began: letters arriving later wait for the next one. */
  high: bigint;
}

export type Spans = Map<number, PartitionSpan>;
export type HandledLetters = Map<string, HandledRecord>;

/** Reads where the DLQ stands for an operator (marks, handled records) and moves the marks. */
export class DeadLetterLedger {
  readonly topics: DeadLetterTopics;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    topics: Partial<DeadLetterTopics>,
    private readonly readTimeoutMs: number,
  ) {
    this.topics = {
      dlqTopic: topics.dlqTopic ?? DOCUMENT_CHANGES_DLQ_TOPIC,
      handledTopic: topics.handledTopic ?? DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC,
      operatorGroup: topics.operatorGroup ?? DLQ_OPERATOR_GROUP,
    };
  }

  async spans(): Promise<Spans> {
    const [offsets, committed] = await Promise.all([
      this.admin.fetchTopicOffsets(this.topics.dlqTopic),
      this.committed(),
    ]);
    return new Map(
      offsets.map(({ partition, low, high }) => {
        const mark = committed.get(partition);
        const start = mark !== undefined && mark > BigInt(low) ? mark : BigInt(low);
        return [partition, { partition, low: BigInt(low), start, high: BigInt(high) }];
      }),
    );
  }

  /** Every letter that may be pending: from each partition's start to its captured high watermark. */
  pendingRanges(spans: Spans): OffsetRange[] {
    return [...spans.values()].map(({ partition, start, high }) => ({
      topic: this.topics.dlqTopic,
      partition,
      from: start.toString(),
      to: high.toString(),
    }));
  }

  /** Reads the whole handled topic, and the given DLQ ranges in the same pass. */
  async readHandled(
    dlqRanges: OffsetRange[],
    onLetter: (partition: number, message: KafkaMessage) => void | Promise<void>,
  ): Promise<HandledLetters> {
    const { handledTopic } = this.topics;
    const handledRanges = (await this.admin.fetchTopicOffsets(handledTopic)).map(
      ({ partition, low, high }) => ({ topic: handledTopic, partition, from: low, to: high }),
    );
    const handled: HandledLetters = new Map();
    await readOffsetRanges(
      this.kafka,
      [...handledRanges, ...dlqRanges],
      (topic, partition, message) => {
        if (topic !== handledTopic) return onLetter(partition, message);
        const read = readHandledMessage(message);
        if (!read) return;
        if (read.record === null) handled.delete(read.key);
        else handled.set(read.key, read.record);
      },
      { timeoutMs: this.readTimeoutMs },
    );
    return handled;
  }

  /** Moves the operator group's mark past each partition's leading run of handled letters, never back. */
  async commitWatermarks(spans: Spans, handled: HandledLetters): Promise<void> {
    const committed = await this.committed();
    const partitions = [...spans.values()]
      .map(({ partition, start, high }) => ({
        partition,
        start,
        next: nextWatermark(start, high, (offset) =>
          handled.has(keyOf({ partition, offset: String(offset) })),
        ),
      }))
      .filter(({ partition, start, next }) => next > start && next > (committed.get(partition) ?? -1n))
      .map(({ partition, next }) => ({ partition, offset: next.toString() }));
    if (partitions.length === 0) return;
    const { operatorGroup, dlqTopic } = this.topics;
    await commitGroupOffsets(this.kafka, operatorGroup, dlqTopic, partitions, {
      timeoutMs: this.readTimeoutMs,
    });
  }

  private async committed(): Promise<Map<number, bigint>> {
    const [topic] = await this.admin.fetchOffsets({
      groupId: this.topics.operatorGroup,
      topics: [this.topics.dlqTopic],
    });
    const marks = (topic?.partitions ?? []).filter(({ offset }) => offset !== '-1');
    return new Map(marks.map(({ partition, offset }) => [partition, BigInt(offset)]));
  }
}
