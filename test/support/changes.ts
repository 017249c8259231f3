import { DOCUMENT_CHANGE_V1, type DocumentChangeV1 } from '@tributary/contracts';

/** document-change/v1 events for tests that publish straight to Kafka. */
export const upsertOf = (source: string, docId: string, version: number, body = `${docId} at ${version}`) =>
  ({
    schema: DOCUMENT_CHANGE_V1,
    source,
    docId,
    op: 'upsert',
    version,
    occurredAt: new Date().toISOString(),
    title: docId,
    body,
    uri: `test:///${docId}`,
    metadata: {},
  }) satisfies DocumentChangeV1;

export const deleteOf = (source: string, docId: string, version: number) =>
  ({
    schema: DOCUMENT_CHANGE_V1,
    source,
    docId,
    op: 'delete',
    version,
    occurredAt: new Date().toISOString(),
  }) satisfies DocumentChangeV1;
