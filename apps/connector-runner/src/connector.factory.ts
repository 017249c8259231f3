import { resolve } from 'node:path';
import { FilesystemConnector, type SourceConnector } from '@tributary/connectors-data-access';

export interface ConnectorOptions {
  root?: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
}

export const CONNECTOR_KINDS = ['filesystem'] as const;

export class UsageError extends Error {}

/** Builds a connector of a kind from CLI options, with a clear error for missing ones. */
export function createConnector(kind: string, options: ConnectorOptions): SourceConnector {
  switch (kind) {
    case 'filesystem':
      if (!options.root) throw new UsageError('the filesystem connector needs --root <dir>');
      return new FilesystemConnector({
        root: resolve(options.root),
        include: options.include ?? [],
        exclude: options.exclude ?? [],
        ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
      });
    default:
      throw new UsageError(`unknown connector kind "${kind}"; known kinds: ${CONNECTOR_KINDS.join(', ')}`);
  }
}

/** A source name from a root folder: its base name, lowercased to the contract's alphabet. */
export function defaultSourceName(kind: string, options: ConnectorOptions): string {
  const base = options.root ? (resolve(options.root).split('/').pop() ?? kind) : kind;
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || kind
  );
}
