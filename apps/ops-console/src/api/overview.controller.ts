import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import type { OperationsOverviewV1 } from '@tributary/contracts';
import { OperationsService } from '@tributary/operations';
import { OperatorGuard } from '../auth/operator.guard';
import type { ConsoleConfig } from '../console.config';
import { ConsoleMetrics } from '../console-metrics';
import { CONSOLE_CONFIG } from '../console.tokens';
import { LagTrend } from '../lag/lag-trend';

/** Everything on the page in one read (polled every 2 s), the consumer groups with their sampled trend. */
@Controller('api')
@UseGuards(OperatorGuard)
export class OverviewController {
  constructor(
    private readonly operations: OperationsService,
    private readonly trend: LagTrend,
    private readonly metrics: ConsoleMetrics,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get('overview')
  @Header('Cache-Control', 'no-store')
  async overview(): Promise<OperationsOverviewV1> {
    const overview = await this.operations.overview({ deadLetterLimit: this.config.OVERVIEW_DEAD_LETTERS });
    this.metrics.recordOverview(overview);
    const groups = overview.consumerGroups;
    return {
      ...overview,
      consumerGroups: groups.ok ? { ok: true, value: this.trend.withTrend(groups.value) } : groups,
    };
  }
}
