import type { SearchResponseV1 } from '@tributary/contracts';

/** POSTs to the gateway's /v1/search and returns status, content type and body. */
export async function postSearch(
  gatewayUrl: string,
  body: unknown,
): Promise<{ status: number; contentType: string; json: SearchResponseV1 & Record<string, unknown> }> {
  const response = await fetch(`${gatewayUrl}/v1/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    json: (await response.json()) as SearchResponseV1 & Record<string, unknown>,
  };
}
