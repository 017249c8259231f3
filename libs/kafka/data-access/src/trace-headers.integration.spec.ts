import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DOCUMENT_CHANGE_V1, type DocumentChangeV1 } from '@tributary/contracts';
import { inSpan, startTracing, type Tracing } from '@tributary/observability';
import { eventually, realServices, uniqueName } from '@tributary/testing';
import { DeadLetterProducer } from './dead-letter.producer';
import { DocumentChangeConsumer, type ChangeDelivery } from './document-change.consumer';
import { DocumentChangeProducer } from './document-change.producer';
import { createKafka } from './kafka-client';
import { RedriveProducer } from './redrive.producer';
import { ensureTopics } from './topic-admin';
import { contextOf } from './trace-headers';

const quiet = { warn: () => undefined, error: () => undefined };
const retry = { maxAttempts: 1, initialBackoffMs: 10, maxBackoffMs: 20, isTransient: () => false };

const upsert = (docId: string): DocumentChangeV1 => ({
  schema: DOCUMENT_CHANGE_V1,
  source: 'it',
  docId,
  op: 'upsert',
  version: 1,
  occurredAt: new Date().toISOString(),
  title: docId,
  body: 'body',
  uri: `file:///${docId}`,
  metadata: {},
});

describe('trace context through real Kafka', () => {
  let tracing: Tracing;
  let memory: InMemorySpanExporter;
  let kafka: Kafka;
  let topic: string;
  let producer: DocumentChangeProducer;
  let raw: Producer;
  const consumers: DocumentChangeConsumer[] = [];
  const disconnect: Array<() => Promise<void>> = [];

  /** Every message of a topic, from the beginning, as a fresh group reads it. */
  const readAll = async (from: string, count: number): Promise<KafkaMessage[]> => {
    const seen: KafkaMessage[] = [];
    const reader = kafka.consumer({ groupId: uniqueName('it-trace-reader') });
    await reader.connect();
    await reader.subscribe({ topic: from, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void seen.push(message) });
    try {
      return await eventually(async () => {
        expect(seen.length).toBeGreaterThanOrEqual(count);
        return seen;
      });
    } finally {
      await reader.disconnect();
    }
  };

  const startConsumer = async (handler: (deliveries: readonly ChangeDelivery[]) => Promise<void>) => {
    const consumer = new DocumentChangeConsumer(
      kafka,
      uniqueName('it-trace-group'),
      new DeadLetterProducer(kafka, `${topic}.dlq`),
      async (_changes, deliveries) => handler(deliveries),
      retry,
      quiet,
      topic,
    );
    consumers.push(consumer);
    await consumer.start();
  };

  beforeEach(async () => {
    memory = new InMemorySpanExporter();
    tracing = startTracing('kafka-it', {
      env: {},
      flushOnExit: false,
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'it-trace' }, () => undefined);
    topic = uniqueName('it.trace');
    await ensureTopics(kafka, [
      { topic, numPartitions: 1 },
      { topic: `${topic}.dlq`, numPartitions: 1 },
    ]);
    producer = new DocumentChangeProducer(kafka, topic);
    await producer.connect();
    raw = kafka.producer();
    await raw.connect();
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    await Promise.all(disconnect.splice(0).map((close) => close()));
    await producer.disconnect();
    await raw.disconnect();
    await tracing.shutdown();
  });

  it('a change published inside a span reaches the consumer with that trace, its publish span as parent', async () => {
    const received: ChangeDelivery[] = [];
    await startConsumer(async (deliveries) => void received.push(...deliveries));
    const sent = await inSpan('request', async (span) => {
      await producer.publish([upsert('a'), upsert('b')]);
      return span.spanContext();
    });
    await eventually(async () => expect(received).toHaveLength(2));
    const publish = memory.getFinishedSpans().find((span) => span.name === `publish ${topic}`)!;
    expect(publish.parentSpanContext?.spanId).toBe(sent.spanId);
    for (const delivery of received) {
      const extracted = trace.getSpanContext(delivery.traceContext);
      expect(extracted?.traceId).toBe(sent.traceId);
      expect(extracted?.spanId).toBe(publish.spanContext().spanId);
      expect(delivery).toMatchObject({ topic, partition: 0 });
    }
  });

  it('a dead letter keeps the event’s trace headers, a dead-letter span marks it failed, and a redrive continues the trace', async () => {
    await startConsumer(async () => undefined);
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    // Not a document change: dead-lettered at once, its headers as they were sent.
    await raw.send({
      topic,
      messages: [{ key: 'it:poison', value: '{"not":"a change"}', headers: { traceparent, schema: 'x' } }],
    });
    const [letter] = await readAll(`${topic}.dlq`, 1);
    expect(letter!.headers?.['traceparent']?.toString()).toBe(traceparent);
    expect(letter!.headers?.['schema']?.toString()).toBe('x');
    expect(letter!.headers?.['dlq.error']?.toString()).toMatch(/ContractViolationError|document-change/);
    const deadLetterSpan = memory.getFinishedSpans().find((span) => span.name === `dead-letter ${topic}`)!;
    expect(deadLetterSpan.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(deadLetterSpan.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(deadLetterSpan.status.code).toBe(SpanStatusCode.ERROR);

    const redrive = new RedriveProducer(kafka, uniqueName('it.handled'));
    await redrive.connect();
    disconnect.push(() => redrive.disconnect());
    const redriveTopic = uniqueName('it.trace-redriven');
    await ensureTopics(kafka, [{ topic: redriveTopic, numPartitions: 1 }]);
    await redrive.redrive([
      {
        partition: 0,
        offset: letter!.offset,
        originalTopic: redriveTopic,
        key: letter!.key,
        value: letter!.value,
        headers: letter!.headers ?? {},
      },
    ]);
    const [redriven] = await readAll(redriveTopic, 1);
    expect(trace.getSpanContext(contextOf(redriven!))).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
    const names = Object.keys(redriven!.headers ?? {}).sort();
    expect(names).toEqual(['dlq.redriven-from', 'schema', 'traceparent']);
  });
});
