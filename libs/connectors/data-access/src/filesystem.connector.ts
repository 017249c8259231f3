import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Checkpoint } from './checkpoint.repository';
import { PathFilter, type PathFilterOptions } from './path-filter';
import { extractPdf } from './pdf-extraction';
import type { ScanItem, SourceConnector } from './source-connector';
import { extractText, isExtractable, type ExtractedText } from './text-extraction';

export interface FilesystemConnectorOptions extends PathFilterOptions {
  root: string;
  /** Files larger than this are reported as failures rather than read. */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
const CONCURRENT_READS = 16;

async function* drain(reads: readonly Promise<ScanItem>[]): AsyncIterable<ScanItem> {
  for (const read of reads) yield await read;
}

/**
 * Reads text, Markdown, HTML and PDF files under a root; the docId is the path
 * relative to it. Symbolic links are reported, not followed (they could leave
 * the root or loop).
 */
export class FilesystemConnector implements SourceConnector {
  readonly kind = 'filesystem';
  private readonly filter: PathFilter;

  constructor(private readonly options: FilesystemConnectorOptions) {
    this.filter = new PathFilter(options);
  }

  /** Files whose mtime equals their checkpoint's are reported unchanged without being read. */
  async *scan(known: ReadonlyMap<string, Checkpoint> = new Map()): AsyncIterable<ScanItem> {
    yield* this.walk(this.options.root, known);
  }

  private async *walk(dir: string, known: ReadonlyMap<string, Checkpoint>): AsyncIterable<ScanItem> {
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
    // Files are read a few at a time (I/O overlaps), and yielded in name order.
    let reads: Promise<ScanItem>[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const docId = this.docId(path);
      if (entry.isDirectory()) {
        yield* drain(reads);
        reads = [];
        if (this.filter.entersFolder(docId)) yield* this.walk(path, known);
      } else if (!isExtractable(path) || !this.filter.acceptsFile(docId)) {
        continue;
      } else if (entry.isSymbolicLink()) {
        reads.push(Promise.resolve(this.failure(path, new Error('symbolic links are not followed'))));
      } else if (entry.isFile()) {
        reads.push(this.read(path, known));
      }
      if (reads.length >= CONCURRENT_READS) {
        yield* drain(reads);
        reads = [];
      }
    }
    yield* drain(reads);
  }

  private async read(path: string, known: ReadonlyMap<string, Checkpoint>): Promise<ScanItem> {
    try {
      const info = await stat(path);
      const docId = this.docId(path);
      const version = Math.floor(info.mtimeMs);
      if (known.get(docId)?.sourceVersion === version) return { kind: 'unchanged', docId };
      const limit = this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
      if (info.size > limit) throw new Error(`file is ${info.size} bytes, over the ${limit}-byte limit`);
      const extracted = await extractFile(path, await readFile(path));
      return {
        kind: 'document',
        document: {
          docId,
          version,
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

async function extractFile(path: string, content: Buffer): Promise<ExtractedText> {
  if (extname(path).toLowerCase() === '.pdf') return extractPdf(content);
  const extracted = extractText(path, content.toString('utf8'));
  if (!extracted) throw new Error(`unsupported file type: ${basename(path)}`);
  return extracted;
}
