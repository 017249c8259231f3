import { apiErrorMessage, isRecord, unitVectors } from './embedding-answer';
import { EmbeddingApiError } from './embedding-api-error';
import type { Endpoint } from './embedding-endpoint';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from './retry-policy';

export async function postWithRetries(
  endpoint: Endpoint,
  input: string[],
  dimensions?: number,
): Promise<number[][]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await postOnce(endpoint, input, dimensions);
    } catch (error) {
      if (!(error instanceof EmbeddingApiError) || !error.retryable) throw error;
      if (attempt >= endpoint.maxRetries) {
        const message = `embedding request gave up after ${attempt + 1} attempts: ${error.message}`;
        throw new EmbeddingApiError(message, error.status, true, { cause: error });
      }
      const delay =
        error.retryAfterMs ?? backoffDelayMs(attempt, endpoint.retryBaseDelayMs, endpoint.retryMaxDelayMs);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** One attempt; `dimensions` is the vector length to expect, undefined while probing for it. */
async function postOnce(endpoint: Endpoint, input: string[], dimensions?: number): Promise<number[][]> {
  const request = `POST ${endpoint.shownUrl}`;
  let response: Response;
  let text: string;
  try {
    response = await endpoint.fetch(endpoint.url, {
      method: 'POST',
      headers: endpoint.headers,
      // Only a configured `dimensions` is sent: models that cannot shorten vectors reject the field.
      body: JSON.stringify({
        model: endpoint.model,
        input,
        encoding_format: 'float',
        dimensions: endpoint.dimensions,
      }),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const reason =
      isRecord(error) && error['name'] === 'TimeoutError'
        ? `timed out after ${endpoint.timeoutMs} ms`
        : `failed: ${describeNetworkError(error)}`;
    throw new EmbeddingApiError(redact(`${request} ${reason}`, endpoint.apiKey), undefined, true);
  }
  if (!response.ok) {
    const message = `${request} answered ${response.status} ${response.statusText}: ${apiErrorMessage(text)}`;
    throw new EmbeddingApiError(
      redact(message, endpoint.apiKey),
      response.status,
      isRetryableStatus(response.status),
      {
        retryAfterMs: retryAfterMs(response.status, response.headers),
      },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new EmbeddingApiError(
      `${request} answered ${response.status} with a body that is not JSON`,
      response.status,
      false,
    );
  }
  return unitVectors(body, input.length, dimensions, request);
}

/** Duck-typed: errors from fetch may come from another realm (Jest's sandbox), so `instanceof Error` fails. */
function describeNetworkError(error: unknown): string {
  const message = (value: unknown) => (isRecord(value) ? String(value['message']) : String(value));
  // undici says only "fetch failed"; the cause names what failed (ECONNREFUSED, ...).
  const cause = isRecord(error) ? error['cause'] : undefined;
  return cause === undefined ? message(error) : `${message(error)} (${message(cause)})`;
}

function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}
