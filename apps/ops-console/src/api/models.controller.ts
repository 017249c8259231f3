import { BadRequestException, Body, Controller, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { ModelKind } from '@tributary/contracts';
import { FineTuneOperations } from '@tributary/finetune';
import type { Logger } from '@tributary/observability';
import { actorOf, OperatorGuard, operatorOf, type OperatorRequest } from '../auth/operator.guard';
import { LOGGER } from '../console.tokens';

const KINDS: readonly ModelKind[] = ['query-adapter', 'generator'];

/** Promote a model version, or roll a (kind, base model) slot back to its previous one. */
@Controller('api/models')
@UseGuards(OperatorGuard)
export class ModelsController {
  constructor(
    private readonly finetune: FineTuneOperations,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(':id/promote')
  async promote(@Param('id') id: string, @Req() request: OperatorRequest) {
    const result = await this.finetune.promote(id, byOf(request));
    this.logger.info({ ...actorOf(request), model: id }, 'model promoted');
    return result;
  }

  /** Body: { kind, baseModel }. */
  @Post('rollback')
  async rollback(
    @Body() body: { kind?: unknown; baseModel?: unknown } | undefined,
    @Req() request: OperatorRequest,
  ) {
    const kind = body?.kind ?? 'query-adapter';
    if (typeof kind !== 'string' || !KINDS.includes(kind as ModelKind))
      throw new BadRequestException(`kind is one of ${KINDS.join(', ')}`);
    if (typeof body?.baseModel !== 'string' || body.baseModel.trim() === '')
      throw new BadRequestException('baseModel is required');
    const result = await this.finetune.rollback(kind as ModelKind, body.baseModel.trim(), byOf(request));
    this.logger.info({ ...actorOf(request), kind, baseModel: body.baseModel.trim() }, 'model rolled back');
    return result;
  }
}

/** As the fine-tune API records who acted: the key's id. */
const byOf = (request: OperatorRequest) => `key:${operatorOf(request).keyId}`;
