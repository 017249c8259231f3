import { Controller, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { Logger } from '@tributary/observability';
import { OPERATIONS_LIMITS, OperationsService } from '@tributary/operations';
import { actorOf, OperatorGuard, operatorOf, type OperatorRequest } from '../auth/operator.guard';
import { LOGGER } from '../console.tokens';

/** "Run now": the connector's runner picks the request up within seconds. */
@Controller('api/connectors')
@UseGuards(OperatorGuard)
export class ConnectorsController {
  constructor(
    private readonly operations: OperationsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(':source/run')
  @HttpCode(202)
  async run(
    @Param('source') source: string,
    @Req() request: OperatorRequest,
  ): Promise<{ requested: string }> {
    const { name, keyId } = operatorOf(request);
    const requestedBy = `${name} (key:${keyId})`.slice(0, OPERATIONS_LIMITS.maxRequestedByLength);
    await this.operations.runConnectorNow(source, requestedBy);
    this.logger.info({ ...actorOf(request), source }, 'connector run requested');
    return { requested: source };
  }
}
