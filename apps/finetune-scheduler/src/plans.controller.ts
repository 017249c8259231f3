import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import { FineTuneOperations } from '@tributary/finetune';
import { AdminKeyGuard, operatorOf, type OperatorRequest } from './admin-key.guard';

/** Fine-tune plans: create or replace, list, pause and resume, delete, and run now. */
@Controller('v1/finetune/plans')
@UseGuards(AdminKeyGuard)
export class PlansController {
  constructor(private readonly operations: FineTuneOperations) {}

  @Get()
  async list() {
    return { plans: await this.operations.listPlans() };
  }

  /** The body is the plan without its name (the path names it); defaults are filled in and returned. */
  @Put(':name')
  async put(@Param('name') name: string, @Body() body: Record<string, unknown>) {
    return this.operations.putPlan({ ...body, name });
  }

  @Delete(':name')
  @HttpCode(204)
  async delete(@Param('name') name: string) {
    await this.operations.deletePlan(name);
  }

  @Post(':name/pause')
  async pause(@Param('name') name: string) {
    return this.operations.setPaused(name, true);
  }

  @Post(':name/resume')
  async resume(@Param('name') name: string) {
    return this.operations.setPaused(name, false);
  }

  /** 202 with the queued run; 409 while a run of the plan is going. */
  @Post(':name/runs')
  @HttpCode(202)
  async trigger(@Param('name') name: string, @Req() request: OperatorRequest) {
    return this.operations.trigger(name, operatorOf(request));
  }
}
