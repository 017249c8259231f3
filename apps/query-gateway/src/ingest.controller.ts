import { Body, Controller, HttpCode, Post, ServiceUnavailableException, UseGuards } from '@nestjs/common';
import { PushIngestService } from '@tributary/connectors';
import {
  ContractViolationError,
  ingestRequestV1Schema,
  parseContract,
  type IngestResponseV1,
} from '@tributary/contracts';
import { ApiKeyGuard, RequireScope } from './api-key.guard';

/** The push connector: other services upsert and delete documents; 202 once Kafka has them. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class IngestController {
  constructor(private readonly ingestion: PushIngestService) {}

  @Post('ingest')
  @HttpCode(202)
  @RequireScope('ingest')
  async ingest(@Body() body: unknown): Promise<IngestResponseV1> {
    const { changes } = parseContract('ingest request', ingestRequestV1Schema, body);
    try {
      return await this.ingestion.ingest(changes);
    } catch (error) {
      if (error instanceof ContractViolationError) throw error;
      // Not acknowledged is not accepted: the caller retries (a change with its own version is idempotent).
      throw new ServiceUnavailableException('Kafka did not acknowledge the changes; retry the request');
    }
  }
}
