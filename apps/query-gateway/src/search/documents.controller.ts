import { Controller, Get, NotFoundException, Param, Req, UseGuards } from '@nestjs/common';
import type { DocumentV1 } from '@tributary/contracts';
import { IndexedDocumentRepository } from '@tributary/search-data-access';
import { ApiKeyGuard, RequireScope, type AuthenticatedRequest } from '../api-key.guard';
import { callerOf } from './caller';

/** `GET /v1/documents/:source/:docId`: an indexed document's metadata and chunks, if the key may read it. */
@Controller('v1/documents')
@UseGuards(ApiKeyGuard)
export class DocumentsController {
  constructor(private readonly documents: IndexedDocumentRepository) {}

  @Get(':source/:docId')
  @RequireScope('search')
  async get(
    @Param('source') source: string,
    @Param('docId') docId: string,
    @Req() http: AuthenticatedRequest,
  ): Promise<DocumentV1> {
    const document = await this.documents.find(callerOf(http), source, docId);
    // Not indexed and not visible to this key answer alike: existence is not disclosed.
    if (!document) throw new NotFoundException(`no document ${source}/${docId} is visible to this API key`);
    return document;
  }
}
