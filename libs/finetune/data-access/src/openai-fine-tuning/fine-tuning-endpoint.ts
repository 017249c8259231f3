export interface OpenAiFineTuningClientOptions {
  /** Up to, not including, `/files`: `https://api.openai.com/v1`, or an OpenAI-compatible server's `/v1`. */
  baseUrl: string;
  /** SECRET. Sent as a bearer token; redacted from every error message. */
  apiKey: string;
  /** Sent as `OpenAI-Organization`, for keys that belong to several organisations. */
  organization?: string;
  /** Per request attempt. Default 30000. */
  timeoutMs?: number;
  /** Further attempts after a retryable failure. Default 5. */
  maxRetries?: number;
  /** Backoff window of the first retry, doubling per attempt up to the max. Default 500 and 20000. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
}

/** Everything a request needs; the headers carry the key, so this never leaves the module. */
export interface FineTuningEndpoint {
  /** The base URL without a trailing slash. */
  baseUrl: string;
  /** The base URL as errors show it: no user info. */
  shownBaseUrl: string;
  headers: Record<string, string>;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

export function toFineTuningEndpoint(options: OpenAiFineTuningClientOptions): FineTuningEndpoint {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error('fine-tuning baseUrl is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`fine-tuning baseUrl must be http or https, not ${url.protocol}`);
  }
  if (!options.apiKey) throw new Error('fine-tuning apiKey must be given');
  url.username = '';
  url.password = '';
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${options.apiKey}`,
  };
  if (options.organization) headers['openai-organization'] = options.organization;
  return {
    baseUrl,
    shownBaseUrl: url.toString().replace(/\/+$/, ''),
    headers,
    apiKey: options.apiKey,
    timeoutMs: atLeast(1, 'timeoutMs', options.timeoutMs ?? 30_000),
    maxRetries: atLeast(0, 'maxRetries', options.maxRetries ?? 5),
    retryBaseDelayMs: atLeast(0, 'retryBaseDelayMs', options.retryBaseDelayMs ?? 500),
    retryMaxDelayMs: atLeast(0, 'retryMaxDelayMs', options.retryMaxDelayMs ?? 20_000),
  };
}

function atLeast(minimum: number, name: string, value: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`fine-tuning ${name} must be an integer of at least ${minimum}`);
  }
  return value;
}
