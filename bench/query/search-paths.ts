// The two paths a query takes, and the only file that knows the search
// libraries' and the gateway's API: the direct path is the gateway's own
// service over the gateway's own repository, with the same caller and fusion,
// so the _msearch and the fusion are the gateway's by construction; HTTP, the
// API key guard (rate limit), validation and the query log are what it leaves out.
import { Agent, request as httpRequest } from 'node:http';
import type { Client } from '@elastic/elasticsearch';
import {
  DEFAULT_TENANT,
  searchRequestV1Schema,
  type FusionV1,
  type ParsedSearchRequestV1,
  type SearchResponseV1,
} from '@tributary/contracts';
import type { EmbeddingProvider } from '@tributary/embeddings';
import { DEFAULT_FUSION, fixedQueryTarget, HybridSearchService } from '@tributary/search';
import { ChunkSearchRepository } from '@tributary/search-data-access';
import { TEST_INDEX_ENV } from '@tributary/testing';

/** The gateway's RRF k, set on the gateway so that both paths fuse alike whatever the environment says. */
export const BENCH_RRF_K = DEFAULT_FUSION.rrfK;

/** What every bench query asks: the gateway's default hybrid search. */
export const benchRequest = (query: string) => ({ query, topK: 10, mode: 'hybrid' as const });

/** The ranked documents of an answer, to check that both paths answer alike. */
export type RankedDocuments = string[];

export interface SearchPath {
  search(query: string): Promise<RankedDocuments>;
  close(): Promise<void>;
}

const ranked = (response: Pick<SearchResponseV1, 'hits'>): RankedDocuments =>
  response.hits.map((hit) => `${hit.source}/${hit.docId}`);

/**
 * Elasticsearch's _msearch and the fusion, in this process, as the gateway runs
 * them for the bench's key: its tenant, no principals, the tenant's default fusion.
 */
export function directPath(
  es: Client,
  embeddings: EmbeddingProvider,
  key: { id: string; tenantFusion: FusionV1 | undefined },
): SearchPath {
  const service = new HybridSearchService(
    new ChunkSearchRepository(es, TEST_INDEX_ENV.CHUNKS_ALIAS),
    fixedQueryTarget(embeddings),
  );
  const caller = { tenant: DEFAULT_TENANT, keyId: key.id, principals: [] };
  // Parsing the body is the gateway's work, so the direct path parses each query once, untimed.
  const parsed = new Map<string, ParsedSearchRequestV1>();
  return {
    async search(query) {
      let request = parsed.get(query);
      if (!request) parsed.set(query, (request = searchRequestV1Schema.parse(benchRequest(query))));
      return ranked(await service.search(request, caller, key.tenantFusion));
    },
    close: () => Promise.resolve(),
  };
}

/** POST /v1/search over keep-alive connections, one per worker. */
export function gatewayPath(baseUrl: string, apiKey: string, connections: number): SearchPath {
  const url = new URL('/v1/search', baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    async search(query) {
      const body = JSON.stringify(benchRequest(query));
      const { status, text } = await post(url, agent, body, apiKey);
      if (status !== 200) throw new Error(`HTTP ${status} ${problemTitle(text)}`);
      return ranked(JSON.parse(text) as SearchResponseV1);
    },
    close: () => Promise.resolve(agent.destroy()),
  };
}

function post(
  url: URL,
  agent: Agent,
  body: string,
  apiKey: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${apiKey}`,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** An RFC 9457 problem's title, so errors group by kind rather than by query. */
function problemTitle(text: string): string {
  try {
    return String((JSON.parse(text) as { title?: unknown }).title ?? '');
  } catch {
    return text.slice(0, 80);
  }
}
