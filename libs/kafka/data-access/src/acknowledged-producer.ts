import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { publishTraced } from './trace-headers.publish';

/**
 * A producer whose sends resolve only once every in-sync replica has the
 * messages (acks=-1), and that never writes a retried batch twice (idempotent).
 */
export abstract class AcknowledgedProducer {
  private readonly producer: Producer;

  protected constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // Java-compatible murmur2: the same key lands on the same partition as with Kafka's own clients.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  protected async sendAcknowledged(topic: string, messages: Message[], gzip = false): Promise<void> {
    await this.producer.send({
      topic,
      acks: -1,
      messages,
      ...(gzip ? { compression: CompressionTypes.GZIP } : {}),
    });
  }

  /** As sendAcknowledged, as a `publish <topic>` span whose context travels in every message's headers. */
  protected sendTraced(topic: string, messages: Message[], gzip = false): Promise<void> {
    return publishTraced(topic, messages, (traced) => this.sendAcknowledged(topic, traced, gzip));
  }
}
