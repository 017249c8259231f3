import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { FINETUNE_QUEUE, type FineTuneRunJobV1 } from '@tributary/contracts';
import { EmbeddingProviders } from '@tributary/embeddings';
import { DatasetBuilderService, FineTuneRunService, type GeneratorCyclePorts } from '@tributary/finetune';
import { OpenAiFineTuningClient } from '@tributary/finetune-data-access';
import { FeedbackRepository, QueryLogRepository } from '@tributary/feedback-data-access';
import {
  createMetricsRegistry,
  HealthController,
  METRICS_REGISTRY,
  MetricsController,
  type Logger,
} from '@tributary/observability';
import type { Registry } from 'prom-client';
import { ChunkIndexTargets, TrainingChunkRepository } from '@tributary/search-data-access';
import { adapterCyclePorts } from './adapter-cycle-ports';
import { ensureFinetuneIndices, finetuneStores, type FinetuneStores } from './finetune-stores';
import { finetuneConnections } from './finetune-connections';
import { ELASTICSEARCH, LOGGER, REDIS } from './finetune.tokens';
import { FineTuneWorkerMetrics } from './finetune-metrics';
import { meteredRunProcessor } from './metered-run.processor';
import { runProcessor } from './run.processor';
import type { WorkerConfig } from './worker.config';

const CONFIG = Symbol('CONFIG');

/**
 * The worker process: takes fine-tune runs off the queue, one at a time (a run
 * is CPU-bound training), once Redis and Elasticsearch answer.
 */
@Module({})
export class WorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker<FineTuneRunJobV1>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ELASTICSEARCH) private readonly es: Client,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: WorkerConfig,
    private readonly metrics: FineTuneWorkerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stores = finetuneStores(this.es, this.redis, this.config);
    await ensureFinetuneIndices(stores);
    const providers = new EmbeddingProviders(this.config);
    const indexes = new ChunkIndexTargets(this.es, this.config.CHUNKS_ALIAS, this.config.INDEX_ALIAS_TTL_MS);
    const trainingChunks = new TrainingChunkRepository(this.es);
    const service = new FineTuneRunService({
      ...stores,
      leaseMs: this.config.FINETUNE_LOCK_MS,
      datasets: new DatasetBuilderService({
        feedback: new FeedbackRepository(this.redis),
        queryLog: new QueryLogRepository(this.redis),
        chunks: trainingChunks,
        store: stores.datasets,
      }),
      activeIndex: () => indexes.active(),
      adapterPorts: adapterCyclePorts(this.es, providers, stores.registry),
      generatorPorts: (index) => this.generatorPorts(index, trainingChunks, stores.registry),
    });
    const processor = meteredRunProcessor(runProcessor(service), this.metrics, {
      trainerOf: async (plan) => (await stores.plans.get(plan))?.trainer.kind,
      runOf: (runId) => stores.runs.get(runId),
    });
    this.worker = new Worker<FineTuneRunJobV1>(FINETUNE_QUEUE, processor, {
      connection: this.redis,
      prefix: this.config.FINETUNE_REDIS_PREFIX,
      concurrency: 1,
      lockDuration: this.config.FINETUNE_LOCK_MS,
      stalledInterval: this.config.FINETUNE_LOCK_MS,
      // A run whose worker died twice fails for good (BullMQ then never calls the processor again).
      maxStalledCount: 1,
    });
    this.worker.on('failed', (job, error) => {
      this.logger.warn({ runId: job?.id, plan: job?.data.plan, err: error }, 'fine-tune run attempt failed');
      if (job?.id) void this.recordStalledOut(stores.runs, job.id, error).catch(() => undefined);
    });
    this.worker.on('completed', (job, result) =>
      this.logger.info({ runId: job.id, plan: job.data.plan, result }, 'fine-tune run ended'),
    );
    this.logger.info('fine-tune worker is taking runs');
  }

  /**
   * A job BullMQ failed without running it (it stalled more often than allowed)
   * leaves its record as the dead worker left it: say how it ended.
   */
  private async recordStalledOut(runs: FinetuneStores['runs'], runId: string, error: Error): Promise<void> {
    if (!/stalled/i.test(error.message)) return;
    const run = await runs.get(runId);
    if (!run || !['queued', 'running'].includes(run.status)) return;
    const reason = `its worker stopped mid-run too often: ${error.message}`;
    await runs.save(
      { ...run, status: 'failed', reason, finishedAt: new Date().toISOString() },
      { refresh: true },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    // close() waits for the run in hand; a run cut short by SIGKILL is retried after its lock lapses.
    await this.worker?.close();
    await this.es.close();
    this.redis.disconnect();
  }

  private generatorPorts(
    index: string,
    chunks: TrainingChunkRepository,
    registry: GeneratorCyclePorts['registry'],
  ): GeneratorCyclePorts | undefined {
    if (!this.config.FINETUNE_API_URL) return undefined;
    return {
      client: new OpenAiFineTuningClient({
        baseUrl: this.config.FINETUNE_API_URL,
        apiKey: this.config.FINETUNE_API_KEY ?? '',
      }),
      chunksOf: (documents) => chunks.chunksOf(index, documents),
      registry,
      pollIntervalMs: this.config.FINETUNE_POLL_MS,
    };
  }

  static register(config: WorkerConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CONFIG, useValue: config },
        ...finetuneConnections(config, logger),
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        {
          provide: FineTuneWorkerMetrics,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new FineTuneWorkerMetrics(registry),
        },
      ],
    };
  }
}
