import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  Post,
  Req,
  ServiceUnavailableException,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { PushIngestService, SourceOwnedByAnotherTenantError } from '@tributary/connectors';
import {
  ContractViolationError,
  ingestRequestV1Schema,
  parseContract,
  type IngestResponseV1,
} from '@tributary/contracts';
import { ApiKeyGuard, RequireScope, type AuthenticatedRequest } from './api-key.guard';
import { GatewayMetrics } from './metrics';

/**
 * The push connector: other services upsert and delete documents in their API
 * key's tenant; 202 once Kafka has them, 403 (nothing published) when a source
 * belongs to another tenant.
 */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class IngestController {
  constructor(
    private readonly ingestion: PushIngestService,
    private readonly metrics: GatewayMetrics,
  ) {}

  @Post('ingest')
  @HttpCode(202)
  @RequireScope('ingest')
  async ingest(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<IngestResponseV1> {
    // The guard sets the key on every scoped route; without one nothing may be published.
    if (!request.apiKey) throw new UnauthorizedException('send the API key as "Authorization: Bearer <key>"');
    const { changes } = parseContract('ingest request', ingestRequestV1Schema, body);
    let response: IngestResponseV1;
    try {
      response = await this.ingestion.ingest(changes, request.apiKey.tenant);
    } catch (error) {
      if (error instanceof ContractViolationError) throw error;
      // The message names the source, never its owner: tenants do not learn of each other.
      if (error instanceof SourceOwnedByAnotherTenantError) throw new ForbiddenException(error.message);
      // Not acknowledged is not accepted: the caller retries (a change with its own version is idempotent).
      throw new ServiceUnavailableException(
        'the changes were not acknowledged (Kafka or Redis unavailable); retry the request',
      );
    }
    this.metrics.ingested(response.accepted);
    return response;
  }
}
