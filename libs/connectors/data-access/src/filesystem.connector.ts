import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanItem, SourceConnector } from './source-connector';
import { extractText, isExtractable } from './text-extraction';

export interface FilesystemConnectorOptions {
  root: string;
  /** Files larger than this are reported as failures rather than read. */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Reads text, Markdown and HTML files under a root; the docId is the path relative to it. */
export class FilesystemConnector implements SourceConnector {
  readonly kind = 'filesystem';

  constructor(private readonly options: FilesystemConnectorOptions) {}

  async *scan(): AsyncIterable<ScanItem> {
    yield* this.walk(this.options.root);
  }

  private async *walk(dir: string): AsyncIterable<ScanItem> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === this.options.root) throw new Error(`cannot read root ${dir}: ${(error as Error).message}`);
      yield {
        kind: 'failure',
        failure: { docId: this.docId(dir), error: (error as Error).message, subtree: true },
      };
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* this.walk(path);
      else if (entry.isSymbolicLink()) yield this.failure(path, new Error('symbolic links are not followed'));
      else if (entry.isFile() && isExtractable(path)) yield await this.read(path);
    }
  }

  private async read(path: string): Promise<ScanItem> {
    try {
      const info = await stat(path);
      const limit = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
      if (info.size > limit) throw new Error(`file is ${info.size} bytes, over the ${limit}-byte limit`);
      const extracted = extractText(path, await readFile(path, 'utf8'));
      if (!extracted) throw new Error(`unsupported file type: ${basename(path)}`);
      return {
        kind: 'document',
        document: {
          docId: this.docId(path),
          version: Math.floor(info.mtimeMs),
          title: extracted.title || basename(path),
          body: extracted.body,
          uri: pathToFileURL(path).href,
          metadata: {
            contentType: extracted.contentType,
            sizeBytes: info.size,
            modifiedAt: info.mtime.toISOString(),
          },
        },
      };
    } catch (error) {
      return this.failure(path, error);
    }
  }

  private failure(path: string, error: unknown): ScanItem {
    return { kind: 'failure', failure: { docId: this.docId(path), error: (error as Error).message } };
  }

  private docId(path: string): string {
    return relative(this.options.root, path).split(sep).join('/');
  }
}
