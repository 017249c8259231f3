// /metrics and /healthz for a process that has no Nest HTTP app (the connector runner is a CLI).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prometheusContentType, type Registry } from 'prom-client';

export interface MetricsServer {
  /** http://host:port, with the port actually bound (useful when 0 was asked for). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the registry on GET /metrics and answers GET /healthz while the
 * process lives. node:http, no framework: it must not add startup cost or
 * dependencies to a CLI. Port 0 binds a free port.
 */
export async function startMetricsServer(
  registry: Registry,
  port: number,
  host = '0.0.0.0',
): Promise<MetricsServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new RangeError(`metrics port must be an integer from 0 to 65535, got ${port}`);
  const server = createServer((request, response) => {
    void answer(registry, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Prometheus keeps its scrape connection alive; do not wait for it to hang up.
        server.closeAllConnections();
      }),
  };
}

async function answer(registry: Registry, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, 'text/plain; charset=utf-8', 'only GET\n', { Allow: 'GET, HEAD' });
    return;
  }
  switch (path) {
    case '/metrics':
      try {
        send(response, 200, prometheusContentType, await registry.metrics());
      } catch (error) {
        send(response, 500, 'text/plain; charset=utf-8', `${(error as Error).message}\n`);
      }
      return;
    case '/healthz':
      send(response, 200, 'application/json', '{"status":"ok"}');
      return;
    default:
      send(response, 404, 'text/plain; charset=utf-8', 'not found: try /metrics or /healthz\n');
  }
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}
