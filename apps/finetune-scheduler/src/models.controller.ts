import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { ModelKind } from '@tributary/contracts';
import { FineTuneOperations } from '@tributary/finetune';
import { AdminKeyGuard, operatorOf, type OperatorRequest } from './admin-key.guard';

const KINDS: readonly ModelKind[] = ['query-adapter', 'generator'];

/** The model registry: versions with lineage and metrics, what is live, promote and roll back. */
@Controller('v1/models')
@UseGuards(AdminKeyGuard)
export class ModelsController {
  constructor(private readonly operations: FineTuneOperations) {}

  @Get()
  async list(@Query('kind') kind?: string, @Query('plan') plan?: string) {
    return this.operations.models({ ...(kind ? { kind: kindOf(kind) } : {}), ...(plan ? { plan } : {}) });
  }

  @Post(':id/promote')
  async promote(@Param('id') id: string, @Req() request: OperatorRequest) {
    return this.operations.promote(id, operatorOf(request));
  }

  /** Body: { kind, baseModel }: the slot whose previous model goes live again. */
  @Post('rollback')
  async rollback(@Body() body: { kind?: string; baseModel?: string }, @Req() request: OperatorRequest) {
    if (typeof body?.baseModel !== 'string' || body.baseModel === '')
      throw new BadRequestException('baseModel is required');
    return this.operations.rollback(
      kindOf(body.kind ?? 'query-adapter'),
      body.baseModel,
      operatorOf(request),
    );
  }
}

function kindOf(kind: string): ModelKind {
  if (!KINDS.includes(kind as ModelKind)) throw new BadRequestException(`kind is one of ${KINDS.join(', ')}`);
  return kind as ModelKind;
}
