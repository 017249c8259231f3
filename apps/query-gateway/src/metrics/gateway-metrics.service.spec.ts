import { createMetricsRegistry, MetricsController } from '@tributary/observability';
import { GatewayMetrics } from './gateway-metrics.service';

describe('GatewayMetrics', () => {
  it('exposes the gateway series on /metrics once values are observed', async () => {
    const registry = createMetricsRegistry();
    const metrics = new GatewayMetrics(registry);
    metrics.observeRequest({ route: '/v1/search', method: 'POST', status: 200, seconds: 0.012 });
    metrics.observeRequest({ route: '/v1/search', method: 'POST', status: 429, seconds: 0.001 });
    metrics.observeSearch('hybrid', 0.03, 10);
    metrics.observeSearch('bm25', 0.004, 0);
    metrics.rateLimited();

    const text = await new MetricsController(registry).scrape();
    const lines = text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'tributary_gateway_request_duration_seconds_count{route="/v1/search",method="POST",status="200"} 1',
        'tributary_gateway_request_duration_seconds_bucket{le="0.025",route="/v1/search",method="POST",status="200"} 1',
        'tributary_gateway_request_duration_seconds_bucket{le="0.01",route="/v1/search",method="POST",status="200"} 0',
        'tributary_gateway_search_duration_seconds_bucket{le="0.05",mode="hybrid"} 1',
        'tributary_gateway_search_duration_seconds_bucket{le="0.025",mode="hybrid"} 0',
        'tributary_gateway_search_duration_seconds_bucket{le="0.001",mode="bm25"} 0',
        'tributary_gateway_search_duration_seconds_bucket{le="0.005",mode="bm25"} 1',
        'tributary_gateway_search_hits_sum{mode="hybrid"} 10',
        'tributary_gateway_search_hits_bucket{le="0",mode="bm25"} 1',
        'tributary_gateway_errors_total{route="/v1/search",status="429"} 1',
        'tributary_gateway_rate_limited_total 1',
        '# TYPE tributary_gateway_search_hits histogram',
      ]),
    );
    expect(text).not.toContain('tributary_gateway_errors_total{route="/v1/search",status="200"}');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('counts acknowledged pushed changes by op, from zero', async () => {
    const registry = createMetricsRegistry();
    const metrics = new GatewayMetrics(registry);
    expect(await registry.metrics()).toMatch(/^tributary_gateway_ingest_events_total\{op="delete"\} 0$/m);
    metrics.ingested([
      { source: 's', docId: 'a', op: 'upsert', version: 1 },
      { source: 's', docId: 'b', op: 'upsert', version: 1 },
      { source: 's', docId: 'c', op: 'delete', version: 2 },
    ]);
    const text = await registry.metrics();
    expect(text).toMatch(/^tributary_gateway_ingest_events_total\{op="upsert"\} 2$/m);
    expect(text).toMatch(/^tributary_gateway_ingest_events_total\{op="delete"\} 1$/m);
  });

  it('spans 1 ms to 5 s in search duration buckets', async () => {
    const registry = createMetricsRegistry();
    new GatewayMetrics(registry).observeSearch('vector', 0.5, 3);
    const bounds = [
      ...(await registry.metrics()).matchAll(/search_duration_seconds_bucket\{le="([^"]+)"/g),
    ].map((match) => match[1]);
    expect(bounds[0]).toBe('0.001');
    expect(bounds.at(-2)).toBe('5');
    expect(bounds.at(-1)).toBe('+Inf');
  });
});
