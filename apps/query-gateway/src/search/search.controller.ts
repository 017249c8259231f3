import { BadRequestException, Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { parseContract, searchRequestV1Schema, type SearchResponseV1 } from '@tributary/contracts';
import { inSpan } from '@tributary/observability';
import { HybridSearchService, InvalidCursorError } from '@tributary/search';
import { ApiKeyGuard, RequireScope, type AuthenticatedRequest } from '../api-key.guard';
import { GatewayMetrics } from '../metrics';
import { callerOf } from './caller';
import { TenantFusionDefaults } from './tenant-fusion-defaults';

/** `POST /v1/search`: hybrid, BM25 or vector retrieval within the key's tenant and principals. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class SearchController {
  constructor(
    private readonly search: HybridSearchService,
    private readonly tenantDefaults: TenantFusionDefaults,
    private readonly metrics: GatewayMetrics,
  ) {}

  @Post('search')
  @HttpCode(200)
  @RequireScope('search')
  async query(@Body() body: unknown, @Req() http: AuthenticatedRequest): Promise<SearchResponseV1> {
    const request = parseContract('search request', searchRequestV1Schema, body);
    const caller = callerOf(http, request.principals);
    const fusion = request.mode === 'hybrid' ? await this.tenantDefaults.fusionFor(caller.tenant) : undefined;
    try {
      // Embedding the query and the Elasticsearch _msearch, as one child span of the request.
      const response = await inSpan(`search ${request.mode}`, async (span) => {
        const answer = await this.search.search(request, caller, fusion);
        span.setAttributes({
          'tributary.search.mode': answer.mode,
          'tributary.search.hits': answer.hits.length,
          'tributary.search.took_ms': answer.tookMs,
        });
        return answer;
      });
      this.metrics.observeSearch(response.mode, response.tookMs / 1000, response.hits.length);
      return response;
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
