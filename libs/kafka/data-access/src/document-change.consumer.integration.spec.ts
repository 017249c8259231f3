import type { Kafka } from 'kafkajs';
import { DOCUMENT_CHANGE_V1, type DocumentChangeV1 } from '@tributary/contracts';
import { eventually, realServices, uniqueName } from '@tributary/testing';
import { DeadLetterProducer } from './dead-letter.producer';
import { DocumentChangeConsumer, type DocumentChangeHandler } from './document-change.consumer';
import { DocumentChangeProducer } from './document-change.producer';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';

const quiet = { warn: () => undefined, error: () => undefined };
const retry = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20, isTransient: () => false };

const upsert = (docId: string, version: number): DocumentChangeV1 => ({
  schema: DOCUMENT_CHANGE_V1,
  source: 'it',
  docId,
  op: 'upsert',
  version,
  occurredAt: new Date().toISOString(),
  title: docId,
  body: `body ${version}`,
  uri: `file:///${docId}`,
  metadata: {},
});

interface DeadLetterSeen {
  key: string;
  value: string;
  error: string;
  attempts: string;
}

describe('document change producer and consumer against real Kafka', () => {
  let kafka: Kafka;
  let topic: string;
  let producer: DocumentChangeProducer;
  const consumers: DocumentChangeConsumer[] = [];

  const startConsumer = async (group: string, handler: DocumentChangeHandler) => {
    const consumer = new DocumentChangeConsumer(
      kafka,
      group,
      new DeadLetterProducer(kafka, `${topic}.dlq`),
      handler,
      retry,
      quiet,
      topic,
    );
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  };

  const readDeadLetters = async (): Promise<DeadLetterSeen[]> => {
    const seen: DeadLetterSeen[] = [];
    const reader = kafka.consumer({ groupId: uniqueName('it-dlq-reader') });
    await reader.connect();
    await reader.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        seen.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          error: message.headers?.['dlq.error']?.toString() ?? '',
          attempts: message.headers?.['dlq.attempts']?.toString() ?? '',
        });
      },
    });
    return eventually(async () => {
      expect(seen.length).toBeGreaterThan(0);
      await reader.disconnect();
      return seen;
    });
  };

  beforeEach(async () => {
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'it' }, () => undefined);
    topic = uniqueName('it.changes');
    await ensureTopics(kafka, [
      { topic, numPartitions: 1 },
      { topic: `${topic}.dlq`, numPartitions: 1 },
    ]);
    producer = new DocumentChangeProducer(kafka, topic);
    await producer.connect();
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    await producer.disconnect();
  });

  it('delivers valid changes in order per document key', async () => {
    const received: DocumentChangeV1[] = [];
    await startConsumer(uniqueName('it-group'), async (changes) => void received.push(...changes));
    await producer.publish([upsert('a', 1), upsert('a', 2), upsert('a', 3)]);
    await eventually(async () => expect(received.map((c) => c.version)).toEqual([1, 2, 3]));
  });

  it('refuses to publish a change that breaks the contract', async () => {
    await expect(producer.publish([{ ...upsert('a', 1), version: -1 }])).rejects.toThrow(/version/);
  });

  it('commits only processed offsets: a restarted group resumes after the last success', async () => {
    const group = uniqueName('it-group');
    const first: number[] = [];
    const consumer = await startConsumer(
      group,
      async (changes) => void first.push(...changes.map((c) => c.version)),
    );
    await producer.publish([upsert('a', 1), upsert('a', 2)]);
    await eventually(async () => expect(first).toEqual([1, 2]));
    await consumer.stop();
    consumers.splice(consumers.indexOf(consumer), 1);

    await producer.publish([upsert('a', 3)]);
    const second: number[] = [];
    await startConsumer(group, async (changes) => void second.push(...changes.map((c) => c.version)));
    await eventually(async () => expect(second).toEqual([3]));
  });

  it('dead-letters a poison event with its reason after the retry budget, and the partition keeps flowing', async () => {
    const applied: string[] = [];
    const aloneAttempts = new Map<string, number>();
    await startConsumer(uniqueName('it-group'), async (changes) => {
      if (changes.length === 1) {
        const docId = changes[0]!.docId;
        aloneAttempts.set(docId, (aloneAttempts.get(docId) ?? 0) + 1);
      }
      if (changes.some((change) => change.docId === 'poison')) throw new Error('cannot embed this document');
      applied.push(...changes.map((change) => change.docId));
    });
    await producer.publish([upsert('before', 1), upsert('poison', 1), upsert('healthy', 1)]);
    await eventually(async () => expect(applied).toEqual(['before', 'healthy']));
    // The batch failed once; then each event was tried alone, the poison one up to the budget.
    expect(aloneAttempts.get('poison')).toBe(3);
    const [letter] = await readDeadLetters();
    expect(letter).toMatchObject({
      key: 'it:poison',
      attempts: '3',
      error: 'Error: cannot embed this document',
    });
    expect(JSON.parse(letter!.value)).toMatchObject({ docId: 'poison', version: 1 });
  });

  it('dead-letters a message that is not a valid document-change/v1 without calling the handler', async () => {
    const handled: string[] = [];
    await startConsumer(
      uniqueName('it-group'),
      async (changes) => void handled.push(...changes.map((c) => c.docId)),
    );
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({
      topic,
      messages: [{ key: 'it:bad', value: '{"schema":"document-change/v1","op":"upsert"}' }],
    });
    await raw.disconnect();
    await producer.publish([upsert('after', 1)]);
    await eventually(async () => expect(handled).toEqual(['after']));
    const [letter] = await readDeadLetters();
    expect(letter).toMatchObject({ key: 'it:bad', attempts: '1' });
    expect(letter?.error).toMatch(/ContractViolationError: document-change\/v1: .*source/);
  });

  it('retries a transient failure without dead-lettering it', async () => {
    let failures = 2;
    const applied: number[] = [];
    const consumer = new DocumentChangeConsumer(
      kafka,
      uniqueName('it-group'),
      new DeadLetterProducer(kafka, `${topic}.dlq`),
      async (changes) => {
        if (failures-- > 0) throw new Error('elasticsearch unavailable');
        applied.push(...changes.map((c) => c.version));
      },
      { ...retry, maxAttempts: 1, isTransient: () => true },
      quiet,
      topic,
    );
    consumers.push(consumer);
    await consumer.start();
    await producer.publish([upsert('a', 1)]);
    await eventually(async () => expect(applied).toEqual([1]));
  });
});
