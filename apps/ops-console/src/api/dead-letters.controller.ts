import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { DeadLetterDetailV1, DeadLetterViewV1 } from '@tributary/contracts';
import type { Logger } from '@tributary/observability';
import { OperationsService } from '@tributary/operations';
import { actorOf, OperatorGuard, type OperatorRequest } from '../auth/operator.guard';
import { LOGGER } from '../console.tokens';

/** Inspect, redrive and discard dead letters; `position` is the DLQ's `partition:offset`. */
@Controller('api/dead-letters')
@UseGuards(OperatorGuard)
export class DeadLettersController {
  constructor(
    private readonly operations: OperationsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get(':position')
  inspect(@Param('position') position: string): Promise<DeadLetterDetailV1> {
    return this.operations.deadLetter(position);
  }

  @Post('redrive-all')
  async redriveAll(@Req() request: OperatorRequest): Promise<{ redriven: number }> {
    const result = await this.operations.redriveAll();
    this.logger.info({ ...actorOf(request), redriven: result.redriven }, 'dead letters redriven (all)');
    return result;
  }

  @Post(':position/redrive')
  async redrive(
    @Param('position') position: string,
    @Req() request: OperatorRequest,
  ): Promise<DeadLetterViewV1> {
    const letter = await this.operations.redrive(position);
    this.logger.info(
      { ...actorOf(request), position: letter.position, docId: letter.docId },
      'dead letter redriven',
    );
    return letter;
  }

  /** Body: { reason }: required, kept with the handled record. */
  @Post(':position/discard')
  async discard(
    @Param('position') position: string,
    @Body() body: { reason?: unknown } | undefined,
    @Req() request: OperatorRequest,
  ): Promise<DeadLetterViewV1> {
    if (typeof body?.reason !== 'string')
      throw new BadRequestException('give the reason for discarding as "reason"');
    const letter = await this.operations.discard(position, body.reason);
    this.logger.info(
      { ...actorOf(request), position: letter.position, docId: letter.docId, reason: body.reason.trim() },
      'dead letter discarded',
    );
    return letter;
  }
}
