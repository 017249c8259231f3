import type { IHeaders, Kafka } from 'kafkajs';
import { eventually, realServices, uniqueName } from '@tributary/testing';
import { DeadLetterNotPendingError } from './dead-letter.errors';
import { DeadLetterProducer } from './dead-letter.producer';
import { DeadLetterRepository } from './dead-letter.repository';
import { createKafka } from './kafka-client';
import { ensureTopics } from './topic-admin';

interface Seen {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

describe('DeadLetterRepository against real Kafka', () => {
  let kafka: Kafka;
  let topics: { original: string; dlq: string; handled: string; group: string };
  let repository: DeadLetterRepository;
  let deadLetters: DeadLetterProducer;

  // Bytes that are not valid UTF-8: a redrive must carry them as they were, not as text.
  const valueOf = (docId: string) => Buffer.concat([Buffer.from([0xff, 0x00, 0xfe]), Buffer.from(docId)]);

  const deadLetter = async (docId: string, originalOffset: number, error = `Error: cannot embed ${docId}`) =>
    deadLetters.send({
      topic: topics.original,
      partition: 0,
      offset: String(originalOffset),
      key: Buffer.from(`it:${docId}`),
      value: valueOf(docId),
      error,
      attempts: 3,
    });

  /** Everything on a topic, read by a plain consumer of its own: no code under test involved. */
  const readTopic = async (topic: string, expected: number): Promise<Seen[]> => {
    const seen: Seen[] = [];
    const reader = kafka.consumer({ groupId: uniqueName('it-reader'), maxWaitTimeInMs: 100 });
    await reader.connect();
    try {
      await reader.subscribe({ topic, fromBeginning: true });
      await reader.run({
        eachMessage: async ({ partition, message }) => {
          const { offset, key, value, headers = {} } = message;
          seen.push({ partition, offset, key, value, headers });
        },
      });
      return await eventually(async () => {
        expect(seen).toHaveLength(expected);
        return seen;
      });
    } finally {
      await reader.disconnect();
    }
  };

  const highWatermark = async (topic: string): Promise<number> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, { high }) => sum + Number(high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  const committedMarks = async (): Promise<Record<number, string>> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({ groupId: topics.group, topics: [topics.dlq] });
      return Object.fromEntries(
        (topic?.partitions ?? []).map(({ partition, offset }) => [partition, offset]),
      );
    } finally {
      await admin.disconnect();
    }
  };

  const pendingDocIds = async () => (await repository.listPending()).letters.map(({ docId }) => docId);

  /** A letter with a pending letter before it in its partition: handling it must not move the group's mark. */
  const letterBehindAnother = async () => {
    const { letters } = await repository.listPending();
    const behind = letters.find((letter, i) => i > 0 && letters[i - 1]!.partition === letter.partition);
    if (!behind) throw new Error('three letters on two partitions: one partition holds two');
    return behind;
  };

  const positionOf = async (docId: string) => {
    const letter = (await repository.listPending()).letters.find((entry) => entry.docId === docId);
    if (!letter) throw new Error(`${docId} is not pending`);
    return { partition: letter.partition, offset: letter.offset };
  };

  beforeEach(async () => {
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'it' }, () => undefined);
    const original = uniqueName('it.changes');
    topics = {
      original,
      dlq: `${original}.dlq`,
      handled: `${original}.dlq.handled`,
      group: uniqueName('it-dlq-operator'),
    };
    await ensureTopics(kafka, [
      { topic: topics.original, numPartitions: 1 },
      // Two partitions: marks and pending letters are tracked per partition.
      { topic: topics.dlq, numPartitions: 2 },
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
    await deadLetter('a', 10);
    await deadLetter('b', 11, 'ContractViolationError: document-change/v1: source: Required');
    await deadLetter('c', 12);
  });

  afterEach(async () => {
    await repository.disconnect();
    await deadLetters.disconnect();
  });

  it('lists pending dead letters with their errors and original positions, moving no group', async () => {
    const { letters, total } = await repository.listPending();

    expect(total).toBe(3);
    expect(letters.map(({ docId }) => docId).sort()).toEqual(['a', 'b', 'c']);
    expect(letters.find(({ docId }) => docId === 'b')).toMatchObject({
      key: 'it:b',
      source: 'it',
      error: 'ContractViolationError: document-change/v1: source: Required',
      attempts: 3,
      originalTopic: topics.original,
      originalPartition: 0,
      originalOffset: '11',
    });
    for (const letter of letters)
      expect(Date.parse(letter.failedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const order = letters.map(({ partition, offset }) => [partition, Number(offset)]);
    expect(order).toEqual([...order].sort(([p1, o1], [p2, o2]) => p1! - p2! || o1! - o2!));
    expect(await repository.listPending(2)).toMatchObject({ total: 3, letters: letters.slice(0, 2) });
    expect(Object.values(await committedMarks()).every((offset) => offset === '-1')).toBe(true);
  });

  it('redrives one letter: its original key and value reach the original topic byte for byte, and it is no longer pending', async () => {
    const behind = await letterBehindAnother();
    const position = { partition: behind.partition, offset: behind.offset };

    const entry = await repository.redrive(position);

    expect(entry).toEqual(behind);
    const [redriven] = await readTopic(topics.original, 1);
    expect(redriven!.key).toEqual(Buffer.from(`it:${behind.docId}`));
    expect(redriven!.value).toEqual(valueOf(behind.docId!));
    expect(redriven!.headers['dlq.redriven-from']?.toString()).toBe(
      `${position.partition}:${position.offset}`,
    );
    expect((await pendingDocIds()).sort()).toEqual(['a', 'b', 'c'].filter((docId) => docId !== behind.docId));
    expect((await committedMarks())[behind.partition]).toBe('-1');
    await expect(repository.redrive(position)).rejects.toThrow(DeadLetterNotPendingError);
    await expect(repository.redrive(position)).rejects.toThrow(/was redriven at/);
    expect(await highWatermark(topics.original)).toBe(1);
  });

  it('redrives all the rest exactly once: a second run publishes nothing', async () => {
    const behind = await letterBehindAnother();
    await repository.redrive(behind);

    const first = await repository.redriveAll();
    const second = await repository.redriveAll();

    const rest = ['a', 'b', 'c'].filter((docId) => docId !== behind.docId);
    expect(first.redriven.map(({ docId }) => docId).sort()).toEqual(rest);
    expect(first.skipped).toEqual([]);
    expect(second).toEqual({ redriven: [], skipped: [] });
    expect(await highWatermark(topics.original)).toBe(3);
    const seen = await readTopic(topics.original, 3);
    expect(seen.map(({ key }) => key?.toString()).sort()).toEqual(['it:a', 'it:b', 'it:c']);
    for (const { key, value } of seen) expect(value).toEqual(valueOf(key!.toString().slice(3)));
    expect(await repository.listPending()).toEqual({ letters: [], total: 0 });
    // Everything handled: the operator group's mark sits at the end of each DLQ partition.
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topics.dlq);
    await admin.disconnect();
    const marks = await committedMarks();
    for (const { partition, high } of ends) if (high !== '0') expect(marks[partition]).toBe(high);
  });

  it('discards a letter with its reason recorded on the handled topic, publishing nothing', async () => {
    const position = await positionOf('c');

    await repository.discard(position, '  source deleted upstream ');

    expect((await pendingDocIds()).sort()).toEqual(['a', 'b']);
    const [record] = await readTopic(topics.handled, 1);
    expect(record!.key?.toString()).toBe(`${position.partition}:${position.offset}`);
    expect(JSON.parse(record!.value!.toString())).toMatchObject({
      schema: 'dead-letter-handled/v1',
      action: 'discarded',
      reason: 'source deleted upstream',
    });
    await expect(repository.discard(await positionOf('a'), '   ')).rejects.toThrow(/needs a reason/);
    await expect(repository.redrive(position)).rejects.toThrow(
      /was discarded at .*\(source deleted upstream\)/,
    );
    expect(await highWatermark(topics.original)).toBe(0);
    expect((await repository.redriveAll()).redriven.map(({ docId }) => docId).sort()).toEqual(['a', 'b']);
  });

  it('treats letters before the operator group mark as handled, as after a bulk offset reset', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topics.dlq);
    await admin.setOffsets({
      groupId: topics.group,
      topic: topics.dlq,
      partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
    });
    await admin.disconnect();

    expect(await repository.listPending()).toEqual({ letters: [], total: 0 });
    expect(await repository.redriveAll()).toEqual({ redriven: [], skipped: [] });
    await expect(repository.redrive({ partition: ends[0]!.partition, offset: '0' })).rejects.toThrow(
      /not pending/,
    );
  });

  it('refuses a position where there is no dead letter', async () => {
    await expect(repository.redrive({ partition: 0, offset: '999' })).rejects.toThrow(
      /there is no dead letter/,
    );
    await expect(repository.discard({ partition: 7, offset: '0' }, 'why')).rejects.toThrow(
      /there is no dead letter/,
    );
  });
});
