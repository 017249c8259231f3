import { backoffDelayMs, isRetryableStatus, retryAfterMs } from '@tributary/embeddings';
import type { z } from 'zod';
import { abortablePause } from './abortable-pause';
import type { FineTuningEndpoint } from './fine-tuning-endpoint';
import { FineTuningApiError, FineTuningMalformedAnswerError } from './fine-tuning.errors';
import { apiErrorBodySchema } from './fine-tuning.schemas';

export interface FineTuningRequest<T> {
  method: 'GET' | 'POST';
  /** After the base URL, ids already encoded: `/fine_tuning/jobs/ftjob-abc`. */
  path: string;
  /** Sent as JSON. */
  json?: Record<string, unknown>;
  /** Sent as multipart; fetch sets the boundary. */
  form?: FormData;
  schema: z.ZodType<T>;
  /** Aborts the attempt in flight and any wait between attempts; the call then rejects with its reason. */
  signal?: AbortSignal;
}

/** Sends a request, retrying what may succeed later, and returns the validated answer. */
export async function sendWithRetries<T>(
  endpoint: FineTuningEndpoint,
  request: FineTuningRequest<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sendOnce(endpoint, request);
    } catch (error) {
      if (!(error instanceof FineTuningApiError) || !error.retryable) throw error;
      if (attempt >= endpoint.maxRetries) {
        const message = `fine-tuning request gave up after ${attempt + 1} attempts: ${error.message}`;
        throw new FineTuningApiError(message, error.status, true, {
          cause: error,
          code: error.code,
          type: error.type,
        });
      }
      const delay =
        error.retryAfterMs ?? backoffDelayMs(attempt, endpoint.retryBaseDelayMs, endpoint.retryMaxDelayMs);
      await abortablePause(delay, request.signal);
    }
  }
}

async function sendOnce<T>(endpoint: FineTuningEndpoint, request: FineTuningRequest<T>): Promise<T> {
  const shown = `${request.method} ${endpoint.shownBaseUrl}${request.path}`;
  const timeout = AbortSignal.timeout(endpoint.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${endpoint.baseUrl}${request.path}`, {
      method: request.method,
      headers: request.json ? { ...endpoint.headers, 'content-type': 'application/json' } : endpoint.headers,
      body: request.json ? JSON.stringify(request.json) : request.form,
      signal: request.signal ? AbortSignal.any([timeout, request.signal]) : timeout,
    });
    text = await response.text();
  } catch (error) {
    request.signal?.throwIfAborted();
    const reason = timeout.aborted
      ? `timed out after ${endpoint.timeoutMs} ms`
      : `failed: ${describeNetworkError(error)}`;
    throw new FineTuningApiError(redact(`${shown} ${reason}`, endpoint.apiKey), undefined, true);
  }
  if (!response.ok) throw refusal(endpoint, shown, response, text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new FineTuningMalformedAnswerError(
      `${shown} answered ${response.status} with a body that is not JSON`,
      response.status,
    );
  }
  const parsed = request.schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new FineTuningMalformedAnswerError(
    redact(`${shown} gave a malformed answer: ${issues}`, endpoint.apiKey),
    response.status,
  );
}

/** OpenAI says `{error: {message, type, code}}`; some compatible servers `{error: "..."}`; a proxy, HTML. */
function refusal(endpoint: FineTuningEndpoint, shown: string, response: Response, text: string) {
  let apiMessage = text.slice(0, 200) || '(empty body)';
  let code: string | undefined;
  let type: string | undefined;
  try {
    const parsed = apiErrorBodySchema.safeParse(JSON.parse(text));
    const error = parsed.success ? parsed.data.error : undefined;
    if (typeof error === 'string') apiMessage = error;
    else if (error) {
      apiMessage = error.message ?? apiMessage;
      code = error.code == null ? undefined : String(error.code);
      type = error.type ?? undefined;
    }
  } catch {
    // Not JSON: the start of the body is the best message there is.
  }
  const message = `${shown} answered ${response.status}${code ? ` (${code})` : ''}: ${apiMessage}`;
  return new FineTuningApiError(
    redact(message, endpoint.apiKey),
    response.status,
    isRetryableStatus(response.status),
    {
      code,
      type,
      retryAfterMs: retryAfterMs(response.status, response.headers),
    },
  );
}

/** Duck-typed: errors from fetch may come from another realm (Jest's sandbox), so `instanceof Error` fails. */
function describeNetworkError(error: unknown): string {
  const message = (value: unknown) =>
    typeof value === 'object' && value !== null && 'message' in value ? String(value.message) : String(value);
  // undici says only "fetch failed"; the cause names what failed (ECONNREFUSED, ...).
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  return cause === undefined ? message(error) : `${message(error)} (${message(cause)})`;
}

function redact(text: string, secret: string): string {
  return text.split(secret).join('[redacted]');
}
