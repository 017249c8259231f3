import type { Kafka } from 'kafkajs';
import { uniqueName } from '@tributary/testing';

export interface DeadLetterSeen {
  key: string;
  value: string;
  error: string;
  attempts: string;
}

/** Every letter on the DLQ topic up to its current end, read by a throwaway group. */
export async function readDeadLetters(kafka: Kafka, topic: string): Promise<DeadLetterSeen[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const remaining = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
  const seen: DeadLetterSeen[] = [];
  if ([...remaining.values()].every((high) => high === 0n)) return seen;
  const reader = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    reader
      .run({
        eachMessage: async ({ partition, message }) => {
          seen.push({
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
            error: message.headers?.['dlq.error']?.toString() ?? '',
            attempts: message.headers?.['dlq.attempts']?.toString() ?? '',
          });
          if (BigInt(message.offset) + 1n >= (remaining.get(partition) ?? 0n)) remaining.delete(partition);
          if ([...remaining.entries()].every(([, high]) => high === 0n)) resolve();
        },
      })
      .catch(reject);
  });
  await reader.disconnect();
  return seen;
}
