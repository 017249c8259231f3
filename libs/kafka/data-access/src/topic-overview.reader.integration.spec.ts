import type { Admin, Kafka } from 'kafkajs';
import { realServices, uniqueName } from '@tributary/testing';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';
import { TopicOverviewReader } from './topic-overview.reader';

describe('TopicOverviewReader against real Kafka', () => {
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'it-topics' }, () => undefined);
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('reports each partition with its leader, replicas and offsets, and the messages held', async () => {
    const topic = uniqueName('it.topics');
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { partition: 0, value: 'a' },
        { partition: 0, value: 'b' },
        { partition: 1, value: 'c' },
      ],
    });
    await producer.disconnect();
    const { brokers } = await admin.describeCluster();

    const [overview, ...rest] = await new TopicOverviewReader(admin).read([topic, uniqueName('it.missing')]);

    expect(rest).toEqual([]);
    expect(overview).toEqual({
      name: topic,
      messages: 3,
      partitions: [
        { partition: 0, leader: expect.any(Number), replicas: 1, earliest: 0, end: 2 },
        { partition: 1, leader: expect.any(Number), replicas: 1, earliest: 0, end: 1 },
      ],
    });
    const brokerIds = brokers.map(({ nodeId }) => nodeId);
    for (const { leader } of overview!.partitions) expect(brokerIds).toContain(leader);
  });

  it('counts only what is retained: messages deleted from the start no longer count', async () => {
    const topic = uniqueName('it.topics-trimmed');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: ['a', 'b', 'c', 'd'].map((value) => ({ value })) });
    await producer.disconnect();
    // kafkajs deletes records only of topics whose metadata its admin has loaded.
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });

    const [overview] = await new TopicOverviewReader(admin).read([topic]);

    expect(overview?.partitions).toEqual([
      { partition: 0, leader: expect.any(Number), replicas: 1, earliest: 3, end: 4 },
    ]);
    expect(overview?.messages).toBe(1);
  });
});
