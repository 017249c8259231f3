import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import type { DeadLetterHandledV1 } from '@tributary/contracts';
import { toDeadLetterDetail, type DeadLetterDetail } from './dead-letter.detail';
import { toDeadLetterEntry, type DeadLetterEntry } from './dead-letter.entry';
import { DeadLetterNotPendingError } from './dead-letter.errors';
import {
  DeadLetterLedger,
  type DeadLetterTopics,
  type HandledLetters,
  type Spans,
} from './dead-letter.ledger';
import { formatDeadLetterPosition as keyOf, type DeadLetterPosition } from './dead-letter.position';
import { handledRecord } from './handled-letter';
import { readOffsetRanges } from './offset-range.reader';
import { RedriveProducer, type RedrivableLetter } from './redrive.producer';

/*
 * What "handled" means. A dead letter is handled once an operator redrove or
 * discarded it. Two Kafka-only records say so:
 * - the handled topic (compacted, keyed `${partition}:${offset}`) holds the
 *   action, reason and time for every letter handled here: the source of truth,
 *   which also covers a letter redriven out of order;
 * - the operator group's committed offset per DLQ partition is a low-water
 *   mark: every letter before it is handled. It advances past each run of
 *   handled letters, shows the backlog as lag in standard Kafka tooling, and
 *   lets an operator skip letters in bulk with `kafka-consumer-groups --reset-offsets`.
 * A letter is pending when it lies at or after the mark and has no handled record.
 * A redrive publishes first and records second: a crash in between leaves the
 * letter pending (redriven again next time; the embedder's version fencing makes
 * that harmless) instead of marking a letter handled that never left.
 */

export interface RedriveAllResult {
  redriven: DeadLetterEntry[];
  /** Letters without an original topic to return to: left pending, to be discarded by hand. */
  skipped: DeadLetterEntry[];
}

const REDRIVE_BATCH = 100;

/** Lists, redrives and discards dead letters; topic and group names default to the contract's. */
export class DeadLetterRepository {
  private readonly admin: Admin;
  private readonly ledger: DeadLetterLedger;
  private readonly producer: RedriveProducer;

  constructor(
    private readonly kafka: Kafka,
    topics: Partial<DeadLetterTopics> = {},
    private readonly readTimeoutMs = 60_000,
  ) {
    this.admin = kafka.admin();
    this.ledger = new DeadLetterLedger(kafka, this.admin, topics, readTimeoutMs);
    this.producer = new RedriveProducer(kafka, this.ledger.topics.handledTopic);
  }

  async connect(): Promise<void> {
    await this.admin.connect();
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await Promise.all([this.admin.disconnect(), this.producer.disconnect()]);
  }

  /** The first `limit` pending letters in (partition, offset) order, and how many are pending. */
  async listPending(
    limit = Number.POSITIVE_INFINITY,
  ): Promise<{ letters: DeadLetterEntry[]; total: number }> {
    const spans = await this.ledger.spans();
    const entries: DeadLetterEntry[] = [];
    const handled = await this.ledger.readHandled(this.ledger.pendingRanges(spans), (partition, message) => {
      entries.push(toDeadLetterEntry(partition, message));
    });
    const pending = entries
      .filter((entry) => !handled.has(keyOf(entry)))
      .sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    return { letters: pending.slice(0, limit), total: pending.length };
  }

  /**
   * One letter in full, handled or not, read without the handled topic (cheap
   * enough to click through). Undefined when the DLQ holds nothing there: never
   * written, or gone with retention.
   */
  async inspect(position: DeadLetterPosition): Promise<DeadLetterDetail | undefined> {
    const { dlqTopic } = this.ledger.topics;
    const span = (await this.admin.fetchTopicOffsets(dlqTopic)).find(
      ({ partition }) => partition === position.partition,
    );
    const offset = BigInt(position.offset);
    if (!span || offset < BigInt(span.low) || offset >= BigInt(span.high)) return undefined;
    let detail: DeadLetterDetail | undefined;
    await readOffsetRanges(
      this.kafka,
      [
        {
          topic: dlqTopic,
          partition: position.partition,
          from: position.offset,
          to: (offset + 1n).toString(),
        },
      ],
      (_topic, partition, message) => {
        detail = toDeadLetterDetail(partition, message);
      },
      { timeoutMs: this.readTimeoutMs },
    );
    return detail;
  }

  /** Publishes one pending letter's key and value again to its original topic. */
  async redrive(position: DeadLetterPosition): Promise<DeadLetterEntry> {
    const { spans, handled, letter } = await this.pendingLetter(position);
    const entry = toDeadLetterEntry(position.partition, letter);
    if (!entry.originalTopic)
      throw new Error(`dead letter ${keyOf(position)} names no original topic; discard it instead`);
    await this.producer.redrive([redrivable(entry.originalTopic, position, letter)]);
    await this.markHandled(spans, handled, [
      { position, record: handledRecord('redriven', null, entry.originalTopic) },
    ]);
    return entry;
  }

  /** Redrives every pending letter once, in batches; a second run finds none left. */
  async redriveAll(): Promise<RedriveAllResult> {
    const spans = await this.ledger.spans();
    const handled = await this.ledger.readHandled([], () => undefined);
    const result: RedriveAllResult = { redriven: [], skipped: [] };
    const batch: { entry: DeadLetterEntry; letter: RedrivableLetter }[] = [];
    const flush = async () => {
      const letters = batch.splice(0);
      await this.producer.redrive(letters.map(({ letter }) => letter));
      await this.recordHandled(
        handled,
        letters.map(({ letter }) => ({
          position: letter,
          record: handledRecord('redriven', null, letter.originalTopic),
        })),
      );
      result.redriven.push(...letters.map(({ entry }) => entry));
    };
    // Streams the letters (4 MiB bodies) rather than holding them all; a second read, since
    // which letters are pending is known only once the handled topic is read.
    await this.ledger.readHandled(this.ledger.pendingRanges(spans), async (partition, message) => {
      const entry = toDeadLetterEntry(partition, message);
      if (handled.has(keyOf(entry))) return;
      if (!entry.originalTopic) return void result.skipped.push(entry);
      batch.push({ entry, letter: redrivable(entry.originalTopic, entry, message) });
      if (batch.length >= REDRIVE_BATCH) await flush();
    });
    await flush();
    await this.ledger.commitWatermarks(spans, handled);
    return result;
  }

  /** Marks a pending letter handled without publishing it, recording why. */
  async discard(position: DeadLetterPosition, reason: string): Promise<DeadLetterEntry> {
    if (!reason.trim()) throw new Error('discarding a dead letter needs a reason');
    const { spans, handled, letter } = await this.pendingLetter(position);
    await this.markHandled(spans, handled, [{ position, record: handledRecord('discarded', reason.trim()) }]);
    return toDeadLetterEntry(position.partition, letter);
  }

  private async pendingLetter(position: DeadLetterPosition) {
    const spans = await this.ledger.spans();
    const span = spans.get(position.partition);
    const offset = BigInt(position.offset);
    const retained = span !== undefined && offset >= span.low && offset < span.high;
    const range = {
      topic: this.ledger.topics.dlqTopic,
      partition: position.partition,
      from: position.offset,
      to: (offset + 1n).toString(),
    };
    const found: KafkaMessage[] = [];
    const handled = await this.ledger.readHandled(retained ? [range] : [], (_partition, message) => {
      found.push(message);
    });
    const record = handled.get(keyOf(position));
    if (record) throw new DeadLetterNotPendingError(keyOf(position), record);
    if (retained && offset < span.start)
      throw new DeadLetterNotPendingError(keyOf(position), 'before-watermark');
    const [letter] = found;
    if (!letter) throw new DeadLetterNotPendingError(keyOf(position), null);
    return { spans, handled, letter };
  }

  private async markHandled(
    spans: Spans,
    handled: HandledLetters,
    records: { position: DeadLetterPosition; record: DeadLetterHandledV1 }[],
  ): Promise<void> {
    await this.recordHandled(handled, records);
    await this.ledger.commitWatermarks(spans, handled);
  }

  private async recordHandled(
    handled: HandledLetters,
    records: { position: DeadLetterPosition; record: DeadLetterHandledV1 }[],
  ): Promise<void> {
    await this.producer.recordHandled(records);
    for (const { position, record } of records) handled.set(keyOf(position), record);
  }
}

function redrivable(
  originalTopic: string,
  position: DeadLetterPosition,
  message: KafkaMessage,
): RedrivableLetter {
  const { partition, offset } = position;
  // The headers go along: a redriven event continues the trace it began in (RedriveProducer drops the dlq.* ones).
  return {
    partition,
    offset,
    originalTopic,
    key: message.key,
    value: message.value,
    headers: message.headers,
  };
}
