import type { ScanItem, SourceDocument } from '../source-connector';
import { UnreadableRowError as RowError } from './postgres-source.errors';
import type { RowLayout } from './table-query.builder';

type MetadataValue = SourceDocument['metadata'][string];

/**
 * The source version of a row: a timestamp as epoch milliseconds, or a
 * non-negative integer row version (int8 and numeric arrive as strings).
 */
export function versionOf(value: unknown): number {
  if (value === null || value === undefined) throw new RowError('the version column is null');
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new RowError('the version column is not a valid time');
    if (ms < 0) throw new RowError(`the version column (${value.toISOString()}) is before 1970`);
    return ms;
  }
  const version = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof version === 'number' && Number.isSafeInteger(version) && version >= 0) return version;
  throw new RowError(
    `the version column (${String(value)}) is neither a timestamp nor a non-negative safe integer`,
  );
}

/** `{id}` in a template becomes the URL-encoded docId. */
export function rowUri(template: string, docId: string): string {
  return template.replace(/\{id\}/g, encodeURIComponent(docId));
}

/** Turns one row read in full into a document, or into a failure for that docId. */
export function rowToDocument(row: readonly unknown[], layout: RowLayout, uriTemplate: string): ScanItem {
  const docId = String(row[layout.id]);
  try {
    const acl = layout.acl === undefined ? undefined : aclOf(row[layout.acl]);
    const title = row[layout.title];
    const document: SourceDocument = {
      docId,
      version: versionOf(row[layout.version]),
      title: title === null || title === undefined ? docId : textOf(title, 'title'),
      body: bodyOf(layout.body.map((index) => row[index])),
      uri: rowUri(uriTemplate, docId),
      metadata: metadataOf(row, layout),
      ...(acl ? { acl } : {}),
    };
    return { kind: 'document', document };
  } catch (error) {
    if (!(error instanceof RowError)) throw error;
    return { kind: 'failure', failure: { docId, error: error.message } };
  }
}

function bodyOf(values: readonly unknown[]): string {
  const parts = values.filter((value) => value !== null && value !== undefined);
  if (parts.length === 0)
    throw new RowError(values.length === 1 ? 'the body column is null' : 'every body column is null');
  return parts.map((value) => textOf(value, 'body')).join('\n\n');
}

function metadataOf(row: readonly unknown[], layout: RowLayout): Record<string, MetadataValue> {
  const metadata: Record<string, MetadataValue> = {};
  for (const { key, index } of layout.metadata) {
    const value = row[index];
    if (value === null || value === undefined) continue;
    metadata[key] =
      typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
        ? value
        : textOf(value, `metadata column ${key}`);
  }
  return metadata;
}

function aclOf(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((principal) => typeof principal === 'string' && principal !== ''))
    throw new RowError('the acl column is not a text[] of non-empty principals');
  return value as string[];
}

/** Text of a scalar value; dates as ISO-8601, JSON as JSON, binary refused. */
function textOf(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) throw new RowError(`the ${what} is binary (bytea), not text`);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RowError(`the ${what} is not a valid time`);
    return value.toISOString();
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
