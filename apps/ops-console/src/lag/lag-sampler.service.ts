import type { ConsumerGroupLagV1, OperationsOverviewV1 } from '@tributary/contracts';
import type { Logger } from '@tributary/observability';
import type { ConsoleMetrics } from '../console-metrics';
import type { LagTrend } from './lag-trend';

/** What the sampler reads: OperationsService in production, a fake in unit tests. */
export interface LagSource {
  consumerLag(): Promise<ConsumerGroupLagV1[]>;
  overview(options?: { deadLetterLimit?: number }): Promise<OperationsOverviewV1>;
}

/**
 * Every `sampleMs`: reads consumer lag, adds it to each group's trend and the
 * lag gauge. The other gauges come from overviews; when no page has asked for
 * one within a sample period (no browser open), the sampler reads one itself,
 * so /metrics stays current for Prometheus either way. Ticks never overlap; a
 * failed read is logged and the next tick tries again.
 */
export class LagSampler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly source: LagSource,
    private readonly trend: LagTrend,
    private readonly metrics: ConsoleMetrics,
    private readonly sampleMs: number,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One tick; public so tests drive it without timers. */
  async sample(): Promise<void> {
    try {
      const groups = await this.source.consumerLag();
      this.trend.record(groups, this.now());
      this.metrics.recordLag(groups);
    } catch (error) {
      this.logger.warn({ err: error }, 'consumer lag could not be sampled');
    }
    if (this.metrics.overviewAgeMs(this.now().getTime()) < this.sampleMs) return;
    try {
      this.metrics.recordOverview(await this.source.overview({ deadLetterLimit: 1 }), this.now().getTime());
    } catch (error) {
      this.logger.warn({ err: error }, 'the overview for /metrics could not be read');
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sample().finally(() => {
        this.running = undefined;
        this.schedule(this.sampleMs);
      });
    }, delayMs);
    // A sampler alone never keeps the process alive.
    this.timer.unref();
  }
}
