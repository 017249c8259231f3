import { Body, Controller, HttpCode, NotFoundException, Post, Req, UseGuards } from '@nestjs/common';
import { feedbackRequestV1Schema, parseContract, type FeedbackResponseV1 } from '@tributary/contracts';
import { FeedbackService, UnknownQueryError } from '@tributary/search';
import { ApiKeyGuard, RequireScope, type AuthenticatedRequest } from '../api-key.guard';
import { callerOf } from './caller';

/** `POST /v1/feedback`: clicks, thumbs and graded relevance on a query's hits, for the fine-tune jobs. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('feedback')
  @HttpCode(202)
  @RequireScope('search')
  async record(@Body() body: unknown, @Req() http: AuthenticatedRequest): Promise<FeedbackResponseV1> {
    const request = parseContract('feedback request', feedbackRequestV1Schema, body);
    try {
      return await this.feedback.record(request, callerOf(http));
    } catch (error) {
      if (error instanceof UnknownQueryError) throw new NotFoundException(error.message);
      throw error;
    }
  }
}
