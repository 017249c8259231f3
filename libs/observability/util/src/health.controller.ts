import { Controller, Get, HttpCode, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { checkReadiness, type HealthIndicator, type ReadinessReport } from './health';

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

/** /healthz: the process is alive. /readyz: every dependency answers. */
@Controller()
export class HealthController {
  constructor(@Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[]) {}

  @Get('healthz')
  @HttpCode(HttpStatus.OK)
  alive(): { status: 'alive' } {
    return { status: 'alive' };
  }

  @Get('readyz')
  async ready(): Promise<ReadinessReport> {
    const report = await checkReadiness(this.indicators);
    if (report.status === 'ready') return report;
    const down = Object.keys(report.checks).filter((name) => report.checks[name]?.status !== 'up');
    throw new HttpException(
      { ...report, message: `not ready: ${down.join(', ')} unreachable` },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
