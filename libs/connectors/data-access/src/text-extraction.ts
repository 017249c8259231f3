import { extname } from 'node:path';

export const EXTRACTABLE_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf'] as const;

export interface ExtractedText {
  title: string | undefined;
  body: string;
  contentType: string;
}

export function isExtractable(path: string): boolean {
  return (EXTRACTABLE_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase());
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the HTML (and XML) character references text extraction meets. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&([a-z]+);/gi, (match, name: string) => ENTITIES[name.toLowerCase()] ?? match);
}

/** Title and readable text of an HTML document (also used for web pages). */
export function fromHtml(html: string): ExtractedText {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = html
    .replace(/<(script|style|head)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/(p|div|h[1-6]|li|tr|section|article|br)>|<br\s*\/?>/gi, '\n\n')
    .replace(/<[^>]+>/g, ' ');
  return {
    title: title ? decodeEntities(title).trim() : undefined,
    body: decodeEntities(body)
      .replace(/[ \t]+/g, ' ')
      .replace(/\n\s*\n\s*/g, '\n\n')
      .trim(),
    contentType: 'text/html',
  };
}

function fromMarkdown(markdown: string): ExtractedText {
  const heading = /^#\s+(.+)$/m.exec(markdown)?.[1];
  return { title: heading?.trim(), body: markdown.trim(), contentType: 'text/markdown' };
}

/** Text and title of a file by its extension; undefined for a type we do not extract. */
export function extractText(path: string, content: string): ExtractedText | undefined {
  switch (extname(path).toLowerCase()) {
    case '.html':
    case '.htm':
      return fromHtml(content);
    case '.md':
    case '.markdown':
      return fromMarkdown(content);
    case '.txt':
      return { title: undefined, body: content.trim(), contentType: 'text/plain' };
    default:
      return undefined;
  }
}
