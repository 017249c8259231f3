import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a test site answers one path. */
export interface TestPage {
  status?: number;
  body?: string;
  /** Default text/html; charset=utf-8. */
  contentType?: string;
  /** Sent, and answered with 304 when the request's If-None-Match matches it. */
  etag?: string;
  /** Sent, and answered with 304 when the request's If-Modified-Since is not older. */
  lastModified?: string;
  headers?: Record<string, string>;
  /** Waits this long before answering. */
  delayMs?: number;
  /** Sends the body in chunks, without a Content-Length. */
  chunked?: boolean;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface TestSite {
  origin: string;
  /** Path (with query) to page; change it between requests to change the site. */
  pages: Map<string, TestPage>;
  requests: RecordedRequest[];
  /** The paths requested, in order. */
  requested(): string[];
  close(): Promise<void>;
}

function notModified(page: TestPage, headers: IncomingHttpHeaders): boolean {
  if (page.etag && headers['if-none-match'] === page.etag) return true;
  const since = headers['if-modified-since'];
  return !!page.lastModified && !!since && Date.parse(since) >= Date.parse(page.lastModified);
}

function answer(response: ServerResponse, page: TestPage | undefined, headers: IncomingHttpHeaders): void {
  if (!page) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const validators = {
    ...(page.etag ? { etag: page.etag } : {}),
    ...(page.lastModified ? { 'last-modified': page.lastModified } : {}),
  };
  if (notModified(page, headers)) {
    response.writeHead(304, validators).end();
    return;
  }
  const body = page.body ?? '';
  response.writeHead(page.status ?? 200, {
    'content-type': page.contentType ?? 'text/html; charset=utf-8',
    ...(page.chunked ? {} : { 'content-length': Buffer.byteLength(body) }),
    ...validators,
    ...page.headers,
  });
  if (!page.chunked) {
    response.end(body);
    return;
  }
  const half = Math.floor(body.length / 2);
  response.write(body.slice(0, half));
  response.end(body.slice(half));
}

/**
 * A website on 127.0.0.1 and an ephemeral port for crawler tests: serves
 * `pages` (404 for any other path) and records every request it receives.
 */
export async function startTestSite(pages: Record<string, TestPage> = {}): Promise<TestSite> {
  const site = { pages: new Map(Object.entries(pages)), requests: [] as RecordedRequest[] };
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    site.requests.push({ path, headers: request.headers, at: Date.now() });
    const page = site.pages.get(path);
    if (!page?.delayMs) return answer(response, page, request.headers);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!response.destroyed) answer(response, page, request.headers);
    }, page.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    ...site,
    requested: () => site.requests.map((request) => request.path),
    close: async () => {
      timers.forEach(clearTimeout);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
