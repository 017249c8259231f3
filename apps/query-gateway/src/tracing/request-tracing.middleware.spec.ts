import {
  Controller,
  Get,
  InternalServerErrorException,
  Module,
  Param,
  type INestApplication,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing, traceFieldsOf, type Tracing } from '@tributary/observability';
import { traceRequests, TRACED_ROUTES } from './request-tracing.middleware';

@Controller()
class ProbeController {
  /** What a log line written here would carry. */
  @Get('things/:id')
  async thing(@Param('id') id: string) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return { id, ...traceFieldsOf() };
  }

  @Get('boom')
  boom(): never {
    throw new InternalServerErrorException('boom');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(traceRequests()).forRoutes(TRACED_ROUTES);
  }
}

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('traceRequests', () => {
  let tracing: Tracing;
  let memory: InMemorySpanExporter;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    memory = new InMemorySpanExporter();
    tracing = startTracing('gateway-spec', {
      env: {},
      flushOnExit: false,
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    app = await NestFactory.create(ProbeModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
    await tracing.shutdown();
  });

  beforeEach(() => memory.reset());

  it('continues the caller’s traceparent in a SERVER span named by the route, active in the handler', async () => {
    const response = await fetch(`${url}/things/42`, {
      headers: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    });
    const body = (await response.json()) as { id: string; trace_id: string; span_id: string };
    const [span] = memory.getFinishedSpans();
    expect(span!.name).toBe('GET /things/:id');
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe(CALLER_TRACE);
    expect(span!.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(span!.attributes).toMatchObject({ 'http.route': '/things/:id', 'http.response.status_code': 200 });
    expect(body).toEqual({ id: '42', trace_id: CALLER_TRACE, span_id: span!.spanContext().spanId });
    expect(response.headers.get('traceparent')).toBe(`00-${CALLER_TRACE}-${span!.spanContext().spanId}-01`);
  });

  it('begins a trace when the caller sends none, and answers with it', async () => {
    const response = await fetch(`${url}/things/1`);
    const [span] = memory.getFinishedSpans();
    expect(span!.parentSpanContext).toBeUndefined();
    expect(response.headers.get('traceparent')).toBe(
      `00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`,
    );
  });

  it('marks a 5xx failed and leaves a 404 unfailed, named by the method alone when no route matched', async () => {
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const [boom, missing] = memory.getFinishedSpans();
    expect(boom!.name).toBe('GET /boom');
    expect(boom!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'HTTP 500' });
    expect(missing!.name).toBe('GET');
    expect(missing!.status.code).toBe(SpanStatusCode.UNSET);
    expect(missing!.attributes['http.response.status_code']).toBe(404);
  });
});
