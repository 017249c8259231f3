import type { IHeaders, Kafka, Message } from 'kafkajs';
import type { DeadLetterHandledV1 } from '@tributary/contracts';
import { AcknowledgedProducer } from './acknowledged-producer';
import { DEAD_LETTER_HEADERS as H } from './dead-letter.headers';
import { formatDeadLetterPosition, type DeadLetterPosition } from './dead-letter.position';
import { handledLetterMessage } from './handled-letter';

/** A dead letter with what it takes to publish it again. */
export interface RedrivableLetter extends DeadLetterPosition {
  originalTopic: string;
  key: Buffer | null;
  value: Buffer | null;
  /** The dead letter's headers: the original event's, plus the dlq.* ones added when it failed. */
  headers?: IHeaders;
}

/** The operator's writes: redriven events to their original topics, and the handled record of each letter. */
export class RedriveProducer extends AcknowledgedProducer {
  constructor(
    kafka: Kafka,
    private readonly handledTopic: string,
  ) {
    super(kafka);
  }

  /**
   * Publishes each letter's original key, value and headers, untouched, to the
   * topic it failed on; the traceparent among them makes the redriven event
   * continue its original trace. Only the dead letter's own dlq.* headers go.
   */
  async redrive(letters: readonly RedrivableLetter[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const letter of letters) {
      const messages = byTopic.get(letter.originalTopic) ?? [];
      messages.push({
        key: letter.key,
        value: letter.value,
        headers: { ...originalHeaders(letter.headers), [H.redrivenFrom]: formatDeadLetterPosition(letter) },
      });
      byTopic.set(letter.originalTopic, messages);
    }
    for (const [topic, messages] of byTopic) await this.sendAcknowledged(topic, messages);
  }

  async recordHandled(
    handled: readonly { position: DeadLetterPosition; record: DeadLetterHandledV1 }[],
  ): Promise<void> {
    if (handled.length === 0) return;
    await this.sendAcknowledged(
      this.handledTopic,
      handled.map(({ position, record }) => handledLetterMessage(position, record)),
    );
  }
}

/** A dead letter's headers without those DeadLetterProducer added: what the event carried before it failed. */
function originalHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !name.startsWith(DLQ_PREFIX)));
}

const DLQ_PREFIX = 'dlq.';
