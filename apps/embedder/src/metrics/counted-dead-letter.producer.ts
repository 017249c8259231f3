import type { Kafka } from 'kafkajs';
import { DeadLetterProducer, type DeadLetter } from '@tributary/kafka';

/** The dead-letter producer, counting each letter once Kafka has acknowledged it. */
export class CountedDeadLetterProducer extends DeadLetterProducer {
  constructor(
    kafka: Kafka,
    dlqTopic: string,
    private readonly onSent: (count: number) => void,
  ) {
    super(kafka, dlqTopic);
  }

  override async send(letter: DeadLetter): Promise<void> {
    await super.send(letter);
    this.onSent(1);
  }
}
