import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { startMetricsServer, type Logger, type MetricsServer } from '@tributary/observability';
import { RunnerMetrics } from './runner-metrics';
import { RUNNER_CONFIG, RUNNER_LOGGER, type RunnerConfig } from './runner.config';

/** Serves /metrics and /healthz on METRICS_PORT while `connector run` lives; nothing when the port is unset. */
@Injectable()
export class RunnerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: MetricsServer | undefined;

  constructor(
    @Inject(RUNNER_CONFIG) private readonly config: RunnerConfig,
    @Inject(RUNNER_LOGGER) private readonly logger: Logger,
    private readonly metrics: RunnerMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.METRICS_PORT;
    if (port === undefined) return;
    try {
      this.server = await startMetricsServer(this.metrics.registry, port, this.config.METRICS_HOST);
    } catch (error) {
      throw new Error(
        `cannot serve metrics on ${this.config.METRICS_HOST}:${port}: ${(error as Error).message}`,
      );
    }
    this.logger.info({ url: this.server.url }, 'serving /metrics');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
