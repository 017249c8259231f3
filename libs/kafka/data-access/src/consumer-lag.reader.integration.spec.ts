import type { Admin, Consumer, Kafka } from 'kafkajs';
import { eventually, realServices, uniqueName } from '@tributary/testing';
import { ConsumerLagReader } from './consumer-lag.reader';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';

describe('ConsumerLagReader against real Kafka', () => {
  let kafka: Kafka;
  let admin: Admin;
  let topic: string;
  let reader: ConsumerLagReader;
  const consumers: Consumer[] = [];

  /** Produces `count` messages to each partition as given: { 0: 5, 1: 3 }. */
  const produce = async (perPartition: Record<number, number>) => {
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (const [partition, count] of Object.entries(perPartition))
        await producer.send({
          topic,
          messages: Array.from({ length: count }, (_, i) => ({
            partition: Number(partition),
            value: `m${i}`,
          })),
        });
    } finally {
      await producer.disconnect();
    }
  };

  const groupOf = async (group: string) =>
    (await reader.read([topic])).find((entry) => entry.group === group);

  beforeEach(async () => {
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'it-lag' }, () => undefined);
    topic = uniqueName('it.lag');
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    admin = kafka.admin();
    await admin.connect();
    reader = new ConsumerLagReader(admin);
    await produce({ 0: 5, 1: 3 });
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.disconnect()));
    await admin.disconnect();
  });

  it('reports per-partition lag of a group that committed: end − committed, the whole partition where it never committed', async () => {
    const group = uniqueName('it-lag-group');
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '2' }] });

    const lag = await groupOf(group);

    expect(lag).toEqual({
      group,
      topic,
      state: 'Empty',
      members: 0,
      lag: 3 + 3,
      partitions: [
        { partition: 0, committed: 2, end: 5, lag: 3 },
        { partition: 1, committed: -1, end: 3, lag: 3 },
        { partition: 2, committed: -1, end: 0, lag: 0 },
      ],
    });
  });

  it('follows the group as it commits further and as more messages arrive', async () => {
    const group = uniqueName('it-lag-group');
    await admin.setOffsets({
      groupId: group,
      topic,
      partitions: [
        { partition: 0, offset: '5' },
        { partition: 1, offset: '3' },
        { partition: 2, offset: '0' },
      ],
    });
    expect((await groupOf(group))?.lag).toBe(0);

    await produce({ 2: 4 });

    expect((await groupOf(group))?.partitions[2]).toEqual({ partition: 2, committed: 0, end: 4, lag: 4 });
    expect((await groupOf(group))?.lag).toBe(4);
  });

  it('shows a running group that has not committed yet, with its members and whole backlog', async () => {
    const group = uniqueName('it-lag-live');
    const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    consumer.pause([{ topic }]);
    await joined;

    const lag = await eventually(async () => {
      const found = await groupOf(group);
      expect(found?.state).toBe('Stable');
      return found!;
    });

    expect(lag).toMatchObject({ members: 1, lag: 8 });
    expect(lag.partitions.map(({ committed }) => committed)).toEqual([-1, -1, -1]);
  });

  it('leaves out groups that never read the topics, and topics that do not exist', async () => {
    const other = uniqueName('it.lag-other');
    await ensureTopics(kafka, [{ topic: other, numPartitions: 1 }]);
    const elsewhere = uniqueName('it-lag-elsewhere');
    await admin.setOffsets({ groupId: elsewhere, topic: other, partitions: [{ partition: 0, offset: '0' }] });

    const groups = await reader.read([topic, uniqueName('it.lag-missing')]);

    expect(groups.find(({ group }) => group === elsewhere)).toBeUndefined();
    expect(groups.every((entry) => entry.topic === topic)).toBe(true);
    expect(await reader.read([uniqueName('it.lag-missing')])).toEqual([]);
  });
});
