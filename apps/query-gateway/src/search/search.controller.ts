import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { parseContract, searchRequestV1Schema, type SearchResponseV1 } from '@tributary/contracts';
import { HybridSearchService } from '@tributary/search';

@Controller('v1')
export class SearchController {
  constructor(private readonly search: HybridSearchService) {}

  @Post('search')
  @HttpCode(200)
  query(@Body() body: unknown): Promise<SearchResponseV1> {
    return this.search.search(parseContract('search request', searchRequestV1Schema, body));
  }
}
