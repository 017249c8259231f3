import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { MAX_MESSAGE_BYTES } from './topic-admin';

/** The messages of one partition from `from` (inclusive) to `to` (exclusive). */
export interface OffsetRange {
  topic: string;
  partition: number;
  from: string;
  to: string;
}

export type RangeMessageHandler = (
  topic: string,
  partition: number,
  message: KafkaMessage,
) => void | Promise<void>;

/**
 * Reads offset ranges once, in offset order per partition, and returns when
 * every range is read. kafkajs cannot read without a group, so this joins a
 * throwaway group that never commits (the broker drops it once it is empty):
 * no real group's position moves.
 */
export async function readOffsetRanges(
  kafka: Kafka,
  ranges: readonly OffsetRange[],
  onMessage: RangeMessageHandler,
  { timeoutMs = 60_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  const open = new Map(
    ranges.filter(({ from, to }) => BigInt(from) < BigInt(to)).map((range) => [idOf(range), range]),
  );
  if (open.size === 0) return;
  const consumer = kafka.consumer({
    groupId: `tributary.offset-range-reader.${randomUUID()}`,
    maxBytesPerPartition: MAX_MESSAGE_BYTES,
    maxBytes: 5 * MAX_MESSAGE_BYTES,
    allowAutoTopicCreation: false,
    // Disconnecting waits for the fetch in flight; past the ranges' ends it finds nothing.
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  try {
    await readWith(consumer, open, onMessage, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
}

async function readWith(
  consumer: Consumer,
  open: Map<string, OffsetRange>,
  onMessage: RangeMessageHandler,
  timeoutMs: number,
): Promise<void> {
  let settled = false;
  let settle: (error?: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      return error === undefined ? resolve() : reject(error);
    };
  });
  const timer = setTimeout(() => settle(new Error(timeoutMessage(open, timeoutMs))), timeoutMs);
  // Also emitted for batches with nothing to hand over (control records, compacted away): a range ends there too.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const range = open.get(idOf(payload));
    if (!range || BigInt(payload.lastOffset) < BigInt(range.to) - 1n) return;
    open.delete(idOf(payload));
    if (open.size === 0) settle();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) settle(payload.error);
  });
  try {
    // Every range is sought; fromBeginning only decides where a seek past retention lands.
    const topics = [...new Set([...open.values()].map(({ topic }) => topic))];
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = open.get(idOf(batch));
        if (settled || !range) return;
        const [from, to] = [BigInt(range.from), BigInt(range.to)];
        try {
          for (const message of batch.messages) {
            const offset = BigInt(message.offset);
            if (offset >= from && offset < to) await onMessage(batch.topic, batch.partition, message);
          }
        } catch (error) {
          // Stop here rather than let kafkajs retry the batch: the handler may have side effects.
          settle(error);
        }
      },
    });
    for (const { topic, partition, from } of open.values()) consumer.seek({ topic, partition, offset: from });
    await done;
  } finally {
    clearTimeout(timer);
  }
}

function idOf({ topic, partition }: { topic: string; partition: number }): string {
  return `${topic}/${partition}`;
}

function timeoutMessage(open: Map<string, OffsetRange>, timeoutMs: number): string {
  const left = [...open.values()].map(({ topic, partition, to }) => `${topic}/${partition} up to ${to}`);
  return `timed out after ${timeoutMs / 1000}s reading ${left.join(', ')}`;
}
