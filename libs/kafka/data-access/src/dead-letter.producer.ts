import type { Kafka } from 'kafkajs';
import { AcknowledgedProducer } from './acknowledged-producer';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  error: string;
  attempts: number;
}

/** Sends an event that could not be processed to its topic's DLQ, with the reason. */
export class DeadLetterProducer extends AcknowledgedProducer {
  constructor(
    kafka: Kafka,
    private readonly dlqTopic: string,
  ) {
    super(kafka);
  }

  async send(letter: DeadLetter): Promise<void> {
    await this.sendAcknowledged(this.dlqTopic, [
      {
        key: letter.key,
        // The original payload travels untouched so it can be redriven as it was.
        value: letter.value,
        headers: {
          'dlq.original-topic': letter.topic,
          'dlq.original-partition': String(letter.partition),
          'dlq.original-offset': letter.offset,
          'dlq.error': letter.error.slice(0, 4000),
          'dlq.attempts': String(letter.attempts),
          'dlq.failed-at': new Date().toISOString(),
        },
      },
    ]);
  }
}
