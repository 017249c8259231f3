import type { IHeaders, Kafka } from 'kafkajs';
import { AcknowledgedProducer } from './acknowledged-producer';
import { DEAD_LETTER_HEADERS as H } from './dead-letter.headers';

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  error: string;
  attempts: number;
  /** The original message's headers, its trace among them. */
  headers?: IHeaders;
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
        // The original headers stay (its trace, so a redrive continues it); ours override any older dlq.* ones.
        headers: {
          ...letter.headers,
          [H.originalTopic]: letter.topic,
          [H.originalPartition]: String(letter.partition),
          [H.originalOffset]: letter.offset,
          [H.error]: letter.error.slice(0, 4000),
          [H.attempts]: String(letter.attempts),
          [H.failedAt]: new Date().toISOString(),
        },
      },
    ]);
  }
}
