import type { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { ConnectorRegistryRepository, RedisCheckpointRepository } from '@tributary/connectors-data-access';
import { createKafka, DeadLetterProducer, ensureTopics } from '@tributary/kafka';
import { createElasticsearchClient } from '@tributary/search-data-access';
import { realServices, uniqueName } from '@tributary/testing';
import { OperationsInputError, OperationsNotFoundError } from './operations.errors';
import { createOperationsService } from './operations.factory';
import type { OperationsService } from './operations.service';

describe('createOperationsService against the real stack', () => {
  let kafka: Kafka;
  let redis: Redis;
  let es: Client;
  let names: Record<'changes' | 'dlq' | 'handled' | 'group' | 'prefix' | 'registry' | 'alias', string>;
  let operations: OperationsService;

  beforeAll(async () => {
    kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'it-ops' }, () => undefined);
    redis = new Redis(realServices.redisUrl);
    es = createElasticsearchClient({ url: realServices.elasticsearchUrl });
    const changes = uniqueName('it.ops');
    names = {
      changes,
      dlq: `${changes}.dlq`,
      handled: `${changes}.dlq.handled`,
      group: uniqueName('it-ops-operator'),
      prefix: uniqueName('it-ops'),
      registry: uniqueName('it-ops-connectors'),
      alias: uniqueName('it-ops-chunks'),
    };
    await ensureTopics(kafka, [
      { topic: names.changes, numPartitions: 2 },
      { topic: names.dlq, numPartitions: 1 },
      {
        topic: names.handled,
        numPartitions: 1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
    ]);
    const deadLetters = new DeadLetterProducer(kafka, names.dlq);
    await deadLetters.connect();
    await deadLetters.send({
      topic: names.changes,
      partition: 1,
      offset: '3',
      key: Buffer.from('docs:a.md'),
      value: Buffer.from('{"broken":true}'),
      error: 'ContractViolationError: document-change/v1: schema: Required',
      attempts: 1,
    });
    await deadLetters.disconnect();
    await new ConnectorRegistryRepository(redis, names.registry).register({
      source: 'it-docs',
      kind: 'filesystem',
      schedule: { kind: 'interval', seconds: 30 },
      settings: { root: '/tmp' },
      registeredAt: new Date().toISOString(),
    });
    await new RedisCheckpointRepository(redis, `${names.prefix}:connector`).record(
      'it-docs',
      new Map([['a.md', { sourceVersion: 1, publishedVersion: 1 }]]),
    );
    operations = createOperationsService({
      kafka,
      redis,
      elasticsearch: es,
      chunksAlias: names.alias,
      documentStateIndex: `${names.alias}-documents`,
      modelRegistryIndex: `${names.alias}-models`,
      finetuneRunsIndex: `${names.alias}-runs`,
      finetuneRedisPrefix: names.prefix,
      topics: {
        changes: names.changes,
        deadLetters: names.dlq,
        handled: names.handled,
        operatorGroup: names.group,
      },
      connectorRegistryKey: names.registry,
      checkpointPrefix: `${names.prefix}:connector`,
    });
  });

  afterAll(async () => {
    await operations.close();
    await es.indices.delete({ index: `${names.alias}-*`, ignore_unavailable: true });
    const keys = [...(await redis.keys(`${names.prefix}*`)), ...(await redis.keys(`${names.registry}*`))];
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await es.close();
  });

  it('reads every section of a fresh deployment from the engines (no fine-tune indices yet: no plans, runs or models)', async () => {
    const overview = await operations.overview();

    expect(overview.topics).toMatchObject({
      ok: true,
      value: [
        { name: names.changes, messages: 0 },
        { name: names.dlq, messages: 1 },
        { name: names.handled, messages: 0 },
      ],
    });
    expect(overview.deadLetters).toMatchObject({
      ok: true,
      value: { pending: 1, letters: [{ position: '0:0', source: 'docs', docId: 'a.md', attempts: 1 }] },
    });
    expect(overview.queues).toEqual({
      ok: true,
      value: [
        {
          name: 'tributary-finetune',
          counts: { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, paused: 0 },
          paused: false,
        },
      ],
    });
    expect(overview.connectors).toMatchObject({
      ok: true,
      value: [{ source: 'it-docs', tenant: 'default', schedule: 'every 30s', checkpoints: 1 }],
    });
    expect(overview.index).toEqual({ ok: true, value: { alias: names.alias, targets: [], documents: 0 } });
    expect(overview.freshness).toEqual({
      ok: true,
      value: { windowSeconds: 900, samples: 0, p50Seconds: null, p99Seconds: null },
    });
    expect(overview.finetune).toEqual({ ok: true, value: { plans: [], runs: [], models: [] } });
    expect(overview.consumerGroups).toEqual({ ok: true, value: [] });
  });

  it('inspects and discards a dead letter; the operator group then shows up with no lag', async () => {
    const letter = await operations.deadLetter('0:0');
    expect(letter).toMatchObject({
      originalTopic: names.changes,
      originalPartition: 1,
      originalOffset: '3',
      key: 'docs:a.md',
      value: '{"broken":true}',
    });
    expect(letter.headers['dlq.error']).toBe('ContractViolationError: document-change/v1: schema: Required');

    await expect(operations.discard('0:0', '')).rejects.toThrow(OperationsInputError);
    await operations.discard('0:0', 'malformed upstream');

    expect(await operations.deadLetters()).toEqual({ pending: 0, letters: [] });
    await expect(operations.redrive('0:0')).rejects.toThrow(OperationsNotFoundError);
    const lag = await operations.consumerLag();
    expect(lag).toEqual([
      expect.objectContaining({ group: names.group, topic: names.dlq, lag: 0, trend: [] }),
    ]);
  });

  it('records a run-now request that the overview then shows, and refuses an unknown source', async () => {
    await operations.runConnectorNow('it-docs', 'it:ops');
    await expect(operations.runConnectorNow('it-nope', 'it:ops')).rejects.toThrow(OperationsNotFoundError);

    const { connectors } = await operations.overview();

    expect(connectors.ok && connectors.value[0]?.runRequestedAt).toEqual(expect.any(String));
  });
});
