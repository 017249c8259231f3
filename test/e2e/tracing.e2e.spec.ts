import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { ApiKeyRepository } from '@tributary/auth-data-access';
import { DOCUMENT_CHANGES_TOPIC, type SearchResponseV1 } from '@tributary/contracts';
import { createKafka, ensureTopics } from '@tributary/kafka';
import { eventually, realServices, startApp, uniqueName, type AppProcess } from '@tributary/testing';
import { runCli } from '../support/connector-process';
import { moveGroup } from '../support/consumer-lag';
import { startEmbedder } from '../support/embedder';
import { FolderSource } from '../support/folder-source';

/** A span as an OTLP/HTTP JSON export carries it, with its service. */
interface CollectedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  status: { code?: number; message?: string };
  attributes: Record<string, unknown>;
}

// OTLP span kinds and status codes, as numbers in the JSON encoding.
const KIND = { server: 2, producer: 4, consumer: 5 } as const;
const STATUS_ERROR = 2;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        status?: { code?: number; message?: string };
        attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
}

const valueOf = (value: OtlpValue): unknown =>
  value.stringValue ??
  (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
  value.boolValue ??
  value.doubleValue;
const attributesOf = (attributes: OtlpAttribute[] = []) =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, valueOf(value)]));

/**
 * Our test double of an OpenTelemetry collector: an OTLP/HTTP receiver that
 * accepts POST /v1/traces as JSON and keeps every span. Kafka, Elasticsearch
 * and Redis stay real; this stands in only for the collector a deployment runs.
 */
class LocalCollector {
  readonly spans: CollectedSpan[] = [];
  readonly refused: string[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<LocalCollector> {
    const server = createServer();
    const collector = new LocalCollector(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const type = request.headers['content-type'] ?? '';
        if (request.method !== 'POST' || request.url !== '/v1/traces' || !type.includes('application/json')) {
          collector.refused.push(`${request.method} ${request.url} ${type}`);
          response.writeHead(404).end();
          return;
        }
        collector.receive(JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return collector;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  inTrace(traceId: string): CollectedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(body: OtlpExport): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
      for (const scope of resourceSpans.scopeSpans ?? [])
        for (const span of scope.spans ?? [])
          this.spans.push({
            service,
            name: span.name,
            kind: span.kind,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            status: span.status ?? {},
            attributes: attributesOf(span.attributes),
          });
    }
  }
}

/** The JSON log lines of an app's output that mention a document. */
const logLinesAbout = (logs: string, docId: string): Array<Record<string, unknown>> =>
  logs
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"docId":"${docId}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * One trace from a caller to a searchable document: the gateway continues the
 * caller's traceparent, its Kafka publish carries it, and the embedder indexes
 * each event in a span under that publish, its log lines carrying the trace id.
 */
describe('tracing across the gateway, Kafka and the embedder', () => {
  let collector: LocalCollector;
  let embedder: AppProcess;
  let gateway: AppProcess;
  let redis: Redis;
  let ingestKey: string;
  let searchKey: string;
  const tenant = uniqueName('e2e-trace');
  const source = uniqueName('traced');
  const folderSource = uniqueName('traced-files');
  let otelEnv: Record<string, string>;

  beforeAll(async () => {
    collector = await LocalCollector.start();
    // Short batch delay: spans reach the collector within a fraction of a second.
    otelEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' };
    redis = new Redis(realServices.redisUrl);
    const keys = new ApiKeyRepository(redis);
    ingestKey = (await keys.create({ name: 'e2e trace pusher', tenant, scopes: ['ingest', 'search'] })).key;
    searchKey = ingestKey;
    const kafka = createKafka({ brokers: realServices.kafkaBrokers, clientId: 'e2e-trace' }, () => undefined);
    await ensureTopics(kafka);
    const group = uniqueName('trace-embedder');
    await moveGroup(kafka, group, DOCUMENT_CHANGES_TOPIC, 'end');
    [embedder, gateway] = await Promise.all([
      // Debug: the embedder's per-event "applied" line is the log line we follow.
      startEmbedder(group, 3196, { ...otelEnv, LOG_LEVEL: 'debug' }),
      startApp('apps/query-gateway/src/main.ts', { ...otelEnv, LOG_LEVEL: 'warn' }, 3195),
    ]);
  });

  afterAll(async () => {
    await Promise.all([embedder?.stop(), gateway?.stop()]);
    await redis?.hdel('tributary:source-tenants', source, folderSource);
    redis?.disconnect();
    await collector?.close();
  });

  const search = (query: string, searchSource: string, traceparent?: string) =>
    fetch(`${gateway.url}/v1/search`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${searchKey}`,
        ...(traceparent ? { traceparent } : {}),
      },
      body: JSON.stringify({ query, mode: 'bm25', filter: { source: searchSource } }),
    });

  const hitsFor = async (query: string, searchSource: string) => {
    const response = await search(query, searchSource);
    expect(response.status).toBe(200);
    return ((await response.json()) as SearchResponseV1).hits.map((hit) => hit.docId);
  };

  it('a pushed document’s trace runs from the caller through the gateway, the publish and the embedder’s index span', async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const response = await fetch(`${gateway.url}/v1/ingest`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ingestKey}`,
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
      body: JSON.stringify({
        changes: [
          {
            op: 'upsert',
            source,
            docId: 'memo-1',
            title: 'Traced memo',
            body: 'The heliotrope shipment leaves on Thursday.',
            uri: 'crm://memo-1',
            metadata: {},
          },
        ],
      }),
    });
    expect(response.status).toBe(202);
    // The answer names the gateway's span in the caller's trace.
    const answered = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(response.headers.get('traceparent') ?? '');
    expect(answered?.[1]).toBe(traceId);
    await eventually(async () => expect(await hitsFor('heliotrope shipment', source)).toEqual(['memo-1']), {
      timeoutMs: 60_000,
    });

    const spans = await eventually(
      async () => {
        const inTrace = collector.inTrace(traceId);
        expect(inTrace.map((span) => span.name)).toEqual(
          expect.arrayContaining([
            'POST /v1/ingest',
            `publish ${DOCUMENT_CHANGES_TOPIC}`,
            `index ${source}:memo-1`,
          ]),
        );
        return inTrace;
      },
      { timeoutMs: 20_000 },
    );
    const server = spans.find((span) => span.name === 'POST /v1/ingest')!;
    const publish = spans.find((span) => span.name === `publish ${DOCUMENT_CHANGES_TOPIC}`)!;
    const index = spans.find((span) => span.name === `index ${source}:memo-1`)!;
    expect(server).toMatchObject({ service: 'query-gateway', kind: KIND.server, parentSpanId: callerSpanId });
    expect(server.spanId).toBe(answered?.[2]);
    expect(server.attributes['http.response.status_code']).toBe(202);
    expect(publish).toMatchObject({
      service: 'query-gateway',
      kind: KIND.producer,
      parentSpanId: server.spanId,
    });
    expect(publish.attributes['messaging.destination.name']).toBe(DOCUMENT_CHANGES_TOPIC);
    expect(index).toMatchObject({ service: 'embedder', kind: KIND.consumer, parentSpanId: publish.spanId });
    expect(index.attributes).toMatchObject({
      'tributary.outcome': 'indexed',
      'tributary.op': 'upsert',
      'tributary.chunks': 1,
    });
    expect(index.status.code).not.toBe(STATUS_ERROR);

    const lines = logLinesAbout(embedder.logs(), 'memo-1').filter((line) => line['source'] === source);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ trace_id: traceId, span_id: index.spanId });
  });

  it('a search runs in the caller’s trace, with a child span for the retrieval and its Elasticsearch request under it', async () => {
    const traceId = hex(16);
    const response = await search('heliotrope', source, `00-${traceId}-${hex(8)}-01`);
    expect(response.status).toBe(200);
    const spans = await eventually(
      async () => {
        const inTrace = collector.inTrace(traceId);
        // The Elasticsearch client traces its own requests once a tracer is registered.
        expect(inTrace.map((span) => span.name).sort()).toEqual([
          'POST /v1/search',
          'msearch',
          'search bm25',
        ]);
        return inTrace;
      },
      { timeoutMs: 20_000 },
    );
    const server = spans.find((span) => span.name === 'POST /v1/search')!;
    const retrieval = spans.find((span) => span.name === 'search bm25')!;
    const msearch = spans.find((span) => span.name === 'msearch')!;
    expect(retrieval.parentSpanId).toBe(server.spanId);
    expect(retrieval.attributes['tributary.search.hits']).toBe(1);
    expect(msearch).toMatchObject({ service: 'query-gateway', parentSpanId: retrieval.spanId });
  });

  it('a connector pass publishes in a trace of its own that each event’s index span continues', async () => {
    const folder = await FolderSource.create();
    try {
      await folder.write('alpha.md', 'Alpha notes about the vermilion lighthouse.');
      await folder.write('beta.md', 'Beta notes about the vermilion harbour.');
      const run = await runCli(
        [
          'connector',
          'run',
          'filesystem',
          '--root',
          folder.root,
          '--source',
          folderSource,
          '--tenant',
          tenant,
          '--once',
        ],
        90_000,
        otelEnv,
      );
      expect(run.code).toBe(0);
      await eventually(
        async () =>
          expect((await hitsFor('vermilion', folderSource)).sort()).toEqual(['alpha.md', 'beta.md']),
        { timeoutMs: 60_000 },
      );
      const { publish, indexed } = await eventually(
        async () => {
          const published = collector.spans.filter(
            (span) =>
              span.service === 'connector-runner' && span.name === `publish ${DOCUMENT_CHANGES_TOPIC}`,
          );
          const index = collector.spans.filter((span) => span.name.startsWith(`index ${folderSource}:`));
          expect(index.map((span) => span.name).sort()).toEqual([
            `index ${folderSource}:alpha.md`,
            `index ${folderSource}:beta.md`,
          ]);
          return { publish: published, indexed: index };
        },
        { timeoutMs: 20_000 },
      );
      for (const span of indexed) {
        const parent = publish.find((candidate) => candidate.spanId === span.parentSpanId);
        expect(parent).toBeDefined();
        expect(span.traceId).toBe(parent!.traceId);
        expect(span).toMatchObject({ service: 'embedder', kind: KIND.consumer });
        // The pass's publish begins the trace, or sits under the pass's own span where the runner opens one.
        const above = collector.spans.find((candidate) => candidate.spanId === parent!.parentSpanId);
        if (parent!.parentSpanId !== '') expect(above?.name).toBe(`connector pass ${folderSource}`);
      }
    } finally {
      await folder.dispose();
    }
  });

  it('a process being stopped exports the spans it still holds before it exits', async () => {
    // A batch delay far beyond the test: only the flush on SIGTERM can deliver the span.
    const holding = await startApp(
      'apps/query-gateway/src/main.ts',
      { ...otelEnv, OTEL_BSP_SCHEDULE_DELAY: '60000', LOG_LEVEL: 'warn' },
      3197,
    );
    const traceId = hex(16);
    try {
      const response = await fetch(`${holding.url}/healthz`, {
        headers: { traceparent: `00-${traceId}-${hex(8)}-01` },
      });
      expect(response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(collector.inTrace(traceId)).toEqual([]);
    } finally {
      const stopping = Date.now();
      await holding.stop();
      // Well within startApp's 15 s before SIGKILL: the flush did not hold the shutdown.
      expect(Date.now() - stopping).toBeLessThan(10_000);
    }
    expect(collector.inTrace(traceId).map((span) => span.name)).toEqual(['GET /healthz']);
  });

  it('the collector only ever received OTLP/HTTP JSON on /v1/traces', () => {
    expect(collector.refused).toEqual([]);
    expect(collector.spans.length).toBeGreaterThan(0);
  });
});
