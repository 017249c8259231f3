import type { Kafka } from 'kafkajs';
import { realServices, uniqueName } from '@tributary/testing';
import { DeadLetterProducer } from './dead-letter.producer';
import { DeadLetterRepository } from './dead-letter.repository';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';

describe('DeadLetterRepository.inspect against real Kafka', () => {
  let kafka: Kafka;
  let topics: { original: string; dlq: string; handled: string; group: string };
  let repository: DeadLetterRepository;
  let deadLetters: DeadLetterProducer;
  const event = JSON.stringify({ schema: 'document-change/v1', source: 'it', docId: 'a', op: 'delete' });

  beforeEach(async () => {
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'it' }, () => undefined);
    const original = uniqueName('it.inspect');
    topics = {
      original,
      dlq: `${original}.dlq`,
      handled: `${original}.dlq.handled`,
      group: uniqueName('it-inspect-operator'),
    };
    await ensureTopics(kafka, [
      { topic: topics.original, numPartitions: 1 },
      { topic: topics.dlq, numPartitions: 1 },
      {
        topic: topics.handled,
        numPartitions: 1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
    ]);
    deadLetters = new DeadLetterProducer(kafka, topics.dlq);
    await deadLetters.connect();
    repository = new DeadLetterRepository(kafka, {
      dlqTopic: topics.dlq,
      handledTopic: topics.handled,
      operatorGroup: topics.group,
    });
    await repository.connect();
    for (const [docId, offset] of [
      ['a', 7],
      ['b', 8],
    ] as const)
      await deadLetters.send({
        topic: topics.original,
        partition: 0,
        offset: String(offset),
        key: Buffer.from(`it:${docId}`),
        value: Buffer.from(docId === 'a' ? event : 'not json'),
        error: `Error: cannot embed ${docId}`,
        attempts: 4,
      });
  });

  afterEach(async () => {
    await repository.disconnect();
    await deadLetters.disconnect();
  });

  it('returns one letter in full: key, every header and the original value', async () => {
    const detail = await repository.inspect({ partition: 0, offset: '0' });

    expect(detail).toMatchObject({
      partition: 0,
      offset: '0',
      key: 'it:a',
      source: 'it',
      docId: 'a',
      error: 'Error: cannot embed a',
      attempts: 4,
      originalTopic: topics.original,
      originalPartition: 0,
      originalOffset: '7',
      value: event,
    });
    expect(detail?.headers).toMatchObject({
      'dlq.original-topic': topics.original,
      'dlq.original-partition': '0',
      'dlq.original-offset': '7',
      'dlq.error': 'Error: cannot embed a',
      'dlq.attempts': '4',
    });
    expect(Date.parse(detail!.headers['dlq.failed-at']!)).toBeGreaterThan(Date.now() - 60_000);
    expect((await repository.inspect({ partition: 0, offset: '1' }))?.value).toBe('not json');
  });

  it('still shows a letter once it is handled (it stays in the DLQ), and nothing where there is no letter', async () => {
    await repository.discard({ partition: 0, offset: '0' }, 'checked');

    expect((await repository.inspect({ partition: 0, offset: '0' }))?.docId).toBe('a');
    expect(await repository.inspect({ partition: 0, offset: '2' })).toBeUndefined();
    expect(await repository.inspect({ partition: 5, offset: '0' })).toBeUndefined();
  });
});
