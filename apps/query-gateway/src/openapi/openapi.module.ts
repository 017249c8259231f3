import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../gateway.config';
import { OpenApiController } from './openapi.controller';
import { buildOpenApiDocument, OPENAPI_DOCUMENT } from './openapi.document';

/** The API described (`/openapi.json`) and browsable (`/docs`). */
@Module({})
export class OpenApiModule {
  static register(
    config: Pick<GatewayConfig, 'BODY_LIMIT_BYTES' | 'INGEST_BODY_LIMIT_BYTES'>,
  ): DynamicModule {
    return {
      module: OpenApiModule,
      controllers: [OpenApiController],
      providers: [
        {
          provide: OPENAPI_DOCUMENT,
          useValue: buildOpenApiDocument({
            bodyLimitBytes: config.BODY_LIMIT_BYTES,
            ingestBodyLimitBytes: config.INGEST_BODY_LIMIT_BYTES,
          }),
        },
      ],
    };
  }
}
