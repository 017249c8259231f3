import type { OpenAiCompatibleEmbeddingOptions } from './openai-compatible.provider';

/** Everything one request needs; the headers carry the key, so this never leaves the module. */
export interface Endpoint {
  url: string;
  /** The URL as errors show it: no user info. */
  shownUrl: string;
  headers: Record<string, string>;
  model: string;
  dimensions: number | undefined;
  apiKey: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

export function toEndpoint(options: OpenAiCompatibleEmbeddingOptions): Endpoint {
  let url: URL;
  try {
    url = new URL(`${options.baseUrl.replace(/\/+$/, '')}/embeddings`);
  } catch {
    throw new Error('embedding baseUrl is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`embedding baseUrl must be http or https, not ${url.protocol}`);
  }
  if (options.apiVersion) url.searchParams.set('api-version', options.apiVersion);
  if (!options.model) throw new Error('embedding model must be named');
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  const auth: Record<string, string> = {};
  if (options.apiKey && options.headers === 'azure') auth['api-key'] = options.apiKey;
  else if (options.apiKey) auth['authorization'] = `Bearer ${options.apiKey}`;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    url: url.toString(),
    shownUrl: shown.toString(),
    headers: { 'content-type': 'application/json', accept: 'application/json', ...auth },
    model: options.model,
    dimensions:
      options.dimensions === undefined ? undefined : positiveInteger('dimensions', options.dimensions),
    apiKey: options.apiKey,
    fetch: fetchImpl,
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs ?? 30_000),
    maxRetries: nonNegativeInteger('maxRetries', options.maxRetries ?? 5),
    retryBaseDelayMs: nonNegativeInteger('retryBaseDelayMs', options.retryBaseDelayMs ?? 250),
    retryMaxDelayMs: nonNegativeInteger('retryMaxDelayMs', options.retryMaxDelayMs ?? 10_000),
  };
}

export function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`embedding ${name} must be a positive integer`);
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`embedding ${name} must be a non-negative integer`);
  return value;
}
