import type { Client } from '@elastic/elasticsearch';
import type { Kafka } from 'kafkajs';
import { DOCUMENT_CHANGES_DLQ_TOPIC, DOCUMENT_CHANGES_TOPIC } from '@tributary/contracts';
import { createKafka, DocumentChangeProducer, ensureTopics } from '@tributary/kafka';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { eventually, realServices, uniqueName, type AppProcess } from '@tributary/testing';
import { deleteOf, upsertOf } from '../support/changes';
import { consumerLag, moveGroup } from '../support/consumer-lag';
import { readDeadLetters } from '../support/dead-letters';
import { startEmbedder } from '../support/embedder';
import { asPairs, chunkSnapshot, indexedVersions } from '../support/index-probe';

/**
 * The embedder's delivery guarantees, each against real Kafka and
 * Elasticsearch with the embedder running as a real process.
 */
describe('delivery guarantees of the embedder', () => {
  let kafka: Kafka;
  let es: Client;
  let producer: DocumentChangeProducer;
  const group = uniqueName('guarantees-embedder');
  const embedders: AppProcess[] = [];
  const start = async (port: number) => {
    const embedder = await startEmbedder(group, port);
    embedders.push(embedder);
    return embedder;
  };
  const converged = (source: string, expected: Array<[string, number]>, timeoutMs = 60_000) =>
    eventually(async () => expect(asPairs(await indexedVersions(es, source))).toEqual(expected), {
      timeoutMs,
    });

  beforeAll(async () => {
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'guarantees' }, () => undefined);
    await ensureTopics(kafka);
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    producer = new DocumentChangeProducer(kafka);
    await producer.connect();
    await start(3111);
  });

  afterAll(async () => {
    await Promise.all(embedders.map((embedder) => embedder.stop()));
    await producer.disconnect();
    await es.close();
  });

  it('keeps the newest version whatever order the versions arrive in', async () => {
    const source = uniqueName('g-order');
    await producer.publish([upsertOf(source, 'a', 3), upsertOf(source, 'a', 1), upsertOf(source, 'a', 2)]);
    await producer.publish([upsertOf(source, 'b', 1)]);
    await producer.publish([upsertOf(source, 'b', 5), upsertOf(source, 'b', 4)]);
    await converged(source, [
      ['a', 3],
      ['b', 5],
    ]);
  });

  it('never brings a deleted document back, however late an older upsert arrives', async () => {
    const source = uniqueName('g-tombstone');
    await producer.publish([upsertOf(source, 'doomed', 1), upsertOf(source, 'witness', 1)]);
    await converged(source, [
      ['doomed', 1],
      ['witness', 1],
    ]);
    await producer.publish([deleteOf(source, 'doomed', 10)]);
    await converged(source, [['witness', 1]]);
    // Long after the delete (and after Elasticsearch's own delete tombstones would have gone).
    await producer.publish([
      upsertOf(source, 'doomed', 9),
      upsertOf(source, 'doomed', 10),
      upsertOf(source, 'witness', 2),
    ]);
    await converged(source, [['witness', 2]]);
  });

  it('dead-letters a poison event with its reason while later events of its partition still land', async () => {
    const source = uniqueName('g-poison');
    const field = `prio_${source.replace(/[^a-z0-9]/g, '_')}`;
    // The index maps the field as a number from the first event; the second cannot be indexed, ever.
    await producer.publish([{ ...upsertOf(source, 'numeric', 1), metadata: { [field]: 5 } }]);
    await converged(source, [['numeric', 1]]);
    const poison = { ...upsertOf(source, 'poison', 1), metadata: { [field]: 'high' } };
    await producer.publish([poison]);
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({
      topic: DOCUMENT_CHANGES_TOPIC,
      messages: [{ key: `${source}:junk`, value: '{"not":"a change"}' }],
    });
    await raw.disconnect();
    const letters = await eventually(async () => {
      const found = (await readDeadLetters(kafka, DOCUMENT_CHANGES_DLQ_TOPIC)).filter((l) =>
        l.key.startsWith(`${source}:`),
      );
      expect(found).toHaveLength(2);
      return found;
    });
    // Same key, so same partition, after the poison event's offset: it still lands.
    await producer.publish([upsertOf(source, 'poison', 2)]);
    await converged(source, [
      ['numeric', 1],
      ['poison', 2],
    ]);
    const byKey = new Map(letters.map((letter) => [letter.key, letter]));
    expect(byKey.get(`${source}:poison`)).toMatchObject({ attempts: '2' });
    expect(byKey.get(`${source}:poison`)?.error).toMatch(
      /mapper_parsing_exception|document_parsing_exception/,
    );
    expect(JSON.parse(byKey.get(`${source}:poison`)!.value)).toEqual(poison);
    expect(byKey.get(`${source}:junk`)?.error).toMatch(/ContractViolationError/);
  });

  it('carries a document at the contract limit of 4 MiB of body end to end, and replaces it whole', async () => {
    const source = uniqueName('g-large');
    const paragraph = `${'streams of words '.repeat(60).trim()}.\n\n`;
    const body = paragraph.repeat(Math.floor((4 * 1024 * 1024 - 1024) / paragraph.length));
    await producer.publish([upsertOf(source, 'big', 1, body)]);
    await converged(source, [['big', 1]], 120_000);
    await producer.publish([upsertOf(source, 'big', 2, 'small now')]);
    await converged(source, [['big', 2]]);
    expect(await chunkSnapshot(es, source)).toHaveLength(1);
  });

  it('converges exactly when one of two embedders in the group is killed mid-stream and replaced', async () => {
    const source = uniqueName('g-crash');
    await start(3112);
    const expected: Array<[string, number]> = [];
    const changes = Array.from({ length: 400 }, (_, i) => {
      const docId = `doc-${String(i).padStart(3, '0')}`;
      expected.push([docId, 2]);
      return [
        upsertOf(source, docId, 1, 'first '.repeat(300)),
        upsertOf(source, docId, 2, 'second '.repeat(300)),
      ];
    }).flat();
    await producer.publish(changes);
    // Kill one as soon as some but not all documents are in.
    await eventually(async () => expect((await indexedVersions(es, source)).size).toBeGreaterThan(0), {
      intervalMs: 50,
    });
    await embedders.pop()!.crash();
    // Its replacement joins the group; the survivor and it share the partitions again.
    await start(3112);
    await converged(source, expected, 120_000);
  });

  it('changes nothing when the whole topic is replayed', async () => {
    const source = uniqueName('g-replay');
    await producer.publish([
      upsertOf(source, 'x', 1, 'one '.repeat(500)),
      upsertOf(source, 'y', 1),
      deleteOf(source, 'y', 2),
    ]);
    await producer.publish([upsertOf(source, 'x', 2, 'two '.repeat(700)), upsertOf(source, 'z', 7)]);
    await converged(source, [
      ['x', 2],
      ['z', 7],
    ]);
    const before = await chunkSnapshot(es, source);
    await Promise.all(embedders.splice(0).map((embedder) => embedder.stop()));
    await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'start');
    expect(await consumerLag(kafka, group, DOCUMENT_CHANGES_TOPIC)).toBeGreaterThanOrEqual(5);
    await start(3111);
    await eventually(async () => expect(await consumerLag(kafka, group, DOCUMENT_CHANGES_TOPIC)).toBe(0), {
      timeoutMs: 120_000,
    });
    expect(await chunkSnapshot(es, source)).toEqual(before);
  });
});
