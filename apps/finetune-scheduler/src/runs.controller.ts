import { Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { FineTuneOperations } from '@tributary/finetune';
import { AdminKeyGuard, operatorOf, type OperatorRequest } from './admin-key.guard';

/** Fine-tune runs: each with its stages (inputs, outputs, metrics) and log; cancel. */
@Controller('v1/finetune/runs')
@UseGuards(AdminKeyGuard)
export class RunsController {
  constructor(private readonly operations: FineTuneOperations) {}

  @Get()
  async list(@Query('plan') plan?: string, @Query('status') status?: string, @Query('size') size?: string) {
    const limit = Math.min(Math.max(Number(size ?? 20) || 20, 1), 200);
    return {
      runs: await this.operations.runs({
        ...(plan ? { plan } : {}),
        ...(status ? { status } : {}),
        size: limit,
      }),
    };
  }

  @Get(':runId')
  async get(@Param('runId') runId: string) {
    return this.operations.run(runId);
  }

  @Post(':runId/cancel')
  @HttpCode(202)
  async cancel(@Param('runId') runId: string, @Req() request: OperatorRequest) {
    return this.operations.cancel(runId, operatorOf(request));
  }
}
