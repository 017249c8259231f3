import { Client } from '@elastic/elasticsearch';

export interface ElasticsearchOptions {
  url: string;
  apiKey?: string | undefined;
  requestTimeoutMs?: number;
}

export function createElasticsearchClient({
  url,
  apiKey,
  requestTimeoutMs = 30_000,
}: ElasticsearchOptions): Client {
  return new Client({
    node: url,
    requestTimeout: requestTimeoutMs,
    maxRetries: 3,
    ...(apiKey ? { auth: { apiKey } } : {}),
  });
}

/** Readiness: the cluster answers and is at least yellow. (The test distribution has no GET / endpoint to ping.) */
export async function elasticsearchHealth(client: Client): Promise<void> {
  const health = await client.cluster.health({ timeout: '1s' });
  if (health.status === 'red') throw new Error('cluster health is red');
}
