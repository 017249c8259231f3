import { Partitioners, type Kafka, type Producer } from 'kafkajs';

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
export class DeadLetterProducer {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly dlqTopic: string,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(letter: DeadLetter): Promise<void> {
    await this.producer.send({
      topic: this.dlqTopic,
      acks: -1,
      messages: [
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
      ],
    });
  }
}
