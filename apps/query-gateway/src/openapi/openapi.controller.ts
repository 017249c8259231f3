import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { OPENAPI_DOCUMENT, type OpenApiDocument } from './openapi.document';
import { DOCS_INITIALIZER, DOCS_PAGE, SWAGGER_UI_ASSETS, SWAGGER_UI_DIR } from './swagger-ui.page';

/** `GET /openapi.json` and the Swagger UI page at `GET /docs`; no API key needed. */
@Controller()
export class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: OpenApiDocument) {}

  @Get('openapi.json')
  openApi(): OpenApiDocument {
    return this.document;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return DOCS_PAGE;
  }

  // Declared before docs/:asset: Express matches routes in registration order.
  @Get('docs/swagger-initializer.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  initializer(): string {
    return DOCS_INITIALIZER;
  }

  @Get('docs/:asset')
  asset(@Param('asset') asset: string, @Res() response: Response): void {
    if (!SWAGGER_UI_ASSETS.has(asset)) throw new NotFoundException(`no docs asset "${asset}"`);
    response.sendFile(asset, { root: SWAGGER_UI_DIR, maxAge: '1d' });
  }
}
