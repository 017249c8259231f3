import { RequestPacer } from './request-pacer';

export interface HttpFetcherOptions {
  userAgent: string;
  timeoutMs: number;
  /** Response bodies larger than this (decoded) are refused. */
  maxBytes: number;
  pacer?: RequestPacer;
}

export interface HttpRequest {
  headers?: Record<string, string>;
  /** Whether to read a 2xx body of this media type ("text/html"); others are not downloaded. */
  accepts?: (mediaType: string) => boolean;
}

/** One HTTP exchange, redirects not followed: the caller decides which it may follow. */
export type HttpResponse =
  | { kind: 'body'; status: number; headers: Headers; mediaType: string; text: string }
  | { kind: 'unaccepted'; status: number; mediaType: string }
  | { kind: 'redirect'; status: number; location: string | undefined }
  | { kind: 'status'; status: number; headers: Headers };

/**
 * GET requests over Node's fetch with a user agent, a timeout covering the
 * body, a size limit and pacing. Network errors, timeouts and oversized
 * bodies reject with a message fit for a failure report.
 */
export class HttpFetcher {
  private readonly pacer: RequestPacer;

  constructor(private readonly options: HttpFetcherOptions) {
    this.pacer = options.pacer ?? new RequestPacer();
  }

  async get(url: URL, request: HttpRequest = {}): Promise<HttpResponse> {
    await this.pacer.wait();
    const { timeoutMs } = this.options;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(url, {
        headers: { 'user-agent': this.options.userAgent, ...request.headers },
        redirect: 'manual',
        signal,
      });
      return await this.interpret(response, request);
    } catch (error) {
      if (signal.aborted) throw new Error(`timed out after ${timeoutMs} ms`);
      throw new Error(describe(error));
    }
  }

  private async interpret(response: Response, request: HttpRequest): Promise<HttpResponse> {
    const { status, headers } = response;
    if (status < 200 || status > 299) {
      await discard(response);
      const location = headers.get('location') ?? undefined;
      return status >= 300 && status < 400 && status !== 304
        ? { kind: 'redirect', status, location }
        : { kind: 'status', status, headers };
    }
    const contentType = headers.get('content-type') ?? '';
    const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    if (request.accepts && !request.accepts(mediaType)) {
      await discard(response);
      return { kind: 'unaccepted', status, mediaType };
    }
    const bytes = await this.readBounded(response);
    return { kind: 'body', status, headers, mediaType, text: decode(bytes, contentType) };
  }

  private async readBounded(response: Response): Promise<Uint8Array> {
    const limit = this.options.maxBytes;
    const declared = Number(response.headers.get('content-length'));
    if (declared > limit) {
      await discard(response);
      throw new Error(`page is ${declared} bytes, over the ${limit}-byte limit`);
    }
    if (!response.body) return new Uint8Array();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      // Leaving the loop by throwing cancels the stream, so the rest is never downloaded.
      if (size > limit) throw new Error(`page is over the ${limit}-byte limit`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function decode(bytes: Uint8Array, contentType: string): string {
  const charset = /charset\s*=\s*["']?([^;"'\s]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder().decode(bytes);
  }
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is in its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
