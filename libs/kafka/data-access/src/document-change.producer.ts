import { CompressionTypes, Partitioners, type Kafka, type Producer } from 'kafkajs';
import {
  DOCUMENT_CHANGE_V1,
  DOCUMENT_CHANGES_TOPIC,
  documentChangeV1Schema,
  documentKey,
  parseContract,
  type DocumentChangeV1,
} from '@tributary/contracts';

/**
 * Publishes document changes. Each change is validated before it is sent, and
 * publish() resolves only once every in-sync replica has acknowledged it.
 */
export class DocumentChangeProducer {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly topic = DOCUMENT_CHANGES_TOPIC,
  ) {
    // Idempotent: a retried send after a lost ack is not written twice.
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

  async publish(changes: readonly DocumentChangeV1[]): Promise<void> {
    if (changes.length === 0) return;
    const messages = changes.map((change) => {
      const valid = parseContract(DOCUMENT_CHANGE_V1, documentChangeV1Schema, change);
      return {
        key: documentKey(valid),
        value: JSON.stringify(valid),
        headers: { 'content-type': 'application/json', schema: DOCUMENT_CHANGE_V1 },
      };
    });
    await this.producer.send({ topic: this.topic, acks: -1, compression: CompressionTypes.GZIP, messages });
  }
}
