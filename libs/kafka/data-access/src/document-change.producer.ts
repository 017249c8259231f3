import type { Kafka } from 'kafkajs';
import {
  DOCUMENT_CHANGE_V1,
  DOCUMENT_CHANGES_TOPIC,
  documentChangeV1Schema,
  documentKey,
  parseContract,
  type DocumentChangeV1,
} from '@tributary/contracts';
import { AcknowledgedProducer } from './acknowledged-producer';

/**
 * Publishes document changes. Each change is validated before it is sent, and
 * publish() resolves only once every in-sync replica has acknowledged it.
 * Each send is a `publish <topic>` span; its trace travels in the headers.
 */
export class DocumentChangeProducer extends AcknowledgedProducer {
  constructor(
    kafka: Kafka,
    private readonly topic = DOCUMENT_CHANGES_TOPIC,
  ) {
    super(kafka);
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
    await this.sendTraced(this.topic, messages, true);
  }
}
