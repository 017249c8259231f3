import {
  Controller,
  ForbiddenException,
  Get,
  HttpStatus,
  ServiceUnavailableException,
  UnauthorizedException,
  UseGuards,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { ApiKeyVerifier, RateLimitDecision, RateLimiter } from '@tributary/auth-data-access';
import type { ApiKeyRecord } from '@tributary/contracts';
import { createMetricsRegistry } from '@tributary/observability';
import {
  ApiKeyGuard,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  RATE_LIMITER,
  RequireScope,
  type AuthenticatedRequest,
} from './api-key.guard';
import { API_KEYS } from './gateway.tokens';
import { GatewayMetrics, GatewayMetricsModule } from './metrics';
import { RateLimitedException } from './rate-limited.exception';
import { listenLikeMain } from './metrics/listen-like-main';

const record = (id: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id,
  name: id,
  tenant: 'acme',
  scopes: ['search'],
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** Keys are `key-<id>`; each verify is counted. */
class FakeKeys implements ApiKeyVerifier {
  readonly records = new Map<string, ApiKeyRecord>();
  calls = 0;
  failure: Error | undefined;
  add(key: ApiKeyRecord): string {
    this.records.set(`key-${key.id}`, key);
    return `key-${key.id}`;
  }
  async verify(presented: string): Promise<ApiKeyRecord | undefined> {
    this.calls++;
    if (this.failure) throw this.failure;
    return this.records.get(presented);
  }
}

/** Allows everything unless told otherwise; remembers what it was asked. */
class FakeLimiter implements RateLimiter {
  readonly consumed: { id: string; limitPerMinute: number }[] = [];
  decision: RateLimitDecision = { allowed: true, retryAfterMs: 0, remaining: 99 };
  failure: Error | undefined;
  async consume(id: string, limitPerMinute: number): Promise<RateLimitDecision> {
    if (this.failure) throw this.failure;
    this.consumed.push({ id, limitPerMinute });
    return this.decision;
  }
}

@Controller()
class RoutesController {
  @Get('open')
  open() {
    return 'open';
  }

  @Get('search')
  @RequireScope('search')
  search() {
    return 'searched';
  }

  @Get('ingest')
  @RequireScope('ingest')
  ingest() {
    return 'ingested';
  }
}

/** As IngestController: the guard on the controller, the scope on the handler. */
@Controller()
@UseGuards(ApiKeyGuard)
class GuardedController {
  @Get('search')
  @RequireScope('search')
  search() {
    return 'searched';
  }
}

@Controller()
@RequireScope('ingest')
class IngestOnlyController {
  @Get('push')
  push() {
    return 'pushed';
  }
}

describe('ApiKeyGuard', () => {
  let keys: FakeKeys;
  let limiter: FakeLimiter;
  let registry: ReturnType<typeof createMetricsRegistry>;
  let guard: ApiKeyGuard;

  beforeEach(() => {
    keys = new FakeKeys();
    limiter = new FakeLimiter();
    registry = createMetricsRegistry();
    guard = new ApiKeyGuard(keys, limiter, 600, new GatewayMetrics(registry), new Reflector());
  });

  afterEach(() => jest.useRealTimers());

  function contextFor(
    handler: keyof RoutesController | 'push',
    authorization?: string,
  ): { context: ExecutionContext; request: AuthenticatedRequest } {
    const request = { headers: { authorization } } as AuthenticatedRequest;
    const controller = handler === 'push' ? IngestOnlyController : RoutesController;
    const context = {
      getHandler: () => controller.prototype[handler as keyof typeof controller.prototype],
      getClass: () => controller,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
    return { context, request };
  }

  const attempt = (handler: keyof RoutesController | 'push', authorization?: string) =>
    guard.canActivate(contextFor(handler, authorization).context);

  it('lets a route without a required scope through without asking for a key', async () => {
    await expect(attempt('open')).resolves.toBe(true);
    expect(keys.calls).toBe(0);
    expect(limiter.consumed).toEqual([]);
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
  ])('answers 401 for %s, without asking Redis', async (_what, authorization) => {
    await expect(attempt('search', authorization)).rejects.toThrow(UnauthorizedException);
    await expect(attempt('search', authorization)).rejects.toThrow(/Authorization: Bearer <key>/);
    expect(keys.calls).toBe(0);
  });

  it('answers 401 for a key the repository does not verify, and consumes no rate limit', async () => {
    await expect(attempt('search', 'Bearer key-unknown')).rejects.toThrow(
      /the API key is unknown, malformed or revoked/,
    );
    expect(limiter.consumed).toEqual([]);
  });

  it('answers 403 for a key without the route scope, still counting the request against its limit', async () => {
    const key = keys.add(record('reader'));
    const refused = attempt('ingest', `Bearer ${key}`);
    await expect(refused).rejects.toThrow(ForbiddenException);
    await expect(attempt('ingest', `Bearer ${key}`)).rejects.toThrow(/lacks the "ingest" scope/);
    expect(limiter.consumed).toHaveLength(2);
  });

  it('lets an admin key into every scope', async () => {
    const key = keys.add(record('root', { scopes: ['admin'] }));
    await expect(attempt('search', `Bearer ${key}`)).resolves.toBe(true);
    await expect(attempt('ingest', `Bearer ${key}`)).resolves.toBe(true);
  });

  it('reads a scope required on the controller', async () => {
    const pusher = keys.add(record('pusher', { scopes: ['ingest'] }));
    const reader = keys.add(record('reader'));
    await expect(attempt('push', `Bearer ${pusher}`)).resolves.toBe(true);
    await expect(attempt('push', `Bearer ${reader}`)).rejects.toThrow(ForbiddenException);
  });

  it('attaches the verified key to the request and consumes its own rate limit, else the default', async () => {
    const own = record('own', { rateLimitPerMinute: 30 });
    const ownKey = keys.add(own);
    const defaultKey = keys.add(record('default'));
    const { context, request } = contextFor('search', `bearer   ${ownKey} `);
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.apiKey).toEqual(own);
    await attempt('search', `Bearer ${defaultKey}`);
    expect(limiter.consumed).toEqual([
      { id: 'own', limitPerMinute: 30 },
      { id: 'default', limitPerMinute: 600 },
    ]);
  });

  it('answers 429 over the limit, with the wait in whole seconds rounded up, and counts the refusal', async () => {
    const key = keys.add(record('busy'));
    limiter.decision = { allowed: false, retryAfterMs: 2001, remaining: 0 };
    const refusal = await attempt('search', `Bearer ${key}`).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedException);
    const exception = refusal as RateLimitedException;
    expect(exception.getStatus()).toBe(HttpStatus.TOO_MANY_REQUESTS);
    expect(exception.retryAfterSeconds).toBe(3);
    expect(exception.message).toBe(
      'rate limit of 600 requests per minute exceeded for this API key; retry after 3 s',
    );
    expect(await registry.metrics()).toMatch(/^tributary_gateway_rate_limited_total 1$/m);
  });

  it('trusts a verified key for 5 s without asking Redis, so a revocation takes effect within 5 s', async () => {
    jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'setImmediate'] });
    const key = keys.add(record('cached'));
    await attempt('search', `Bearer ${key}`);
    keys.records.delete(key);
    jest.advanceTimersByTime(4999);
    await expect(attempt('search', `Bearer ${key}`)).resolves.toBe(true);
    expect(keys.calls).toBe(1);
    jest.advanceTimersByTime(1);
    await expect(attempt('search', `Bearer ${key}`)).rejects.toThrow(UnauthorizedException);
    expect(keys.calls).toBe(2);
  });

  it('answers 503 when Redis cannot verify the key or count the request', async () => {
    const key = keys.add(record('unlucky'));
    limiter.failure = new Error('Connection is closed.');
    await expect(attempt('search', `Bearer ${key}`)).rejects.toThrow(ServiceUnavailableException);
    keys.failure = new Error('Connection is closed.');
    await expect(attempt('search', 'Bearer key-other')).rejects.toThrow(ServiceUnavailableException);
  });
});

describe('ApiKeyGuard over HTTP, with the problem filter and the metrics', () => {
  let app: INestApplication;
  let url: string;
  const keys = new FakeKeys();
  const limiter = new FakeLimiter();
  const key = keys.add(record('client'));

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [GatewayMetricsModule],
      controllers: [GuardedController],
      providers: [
        { provide: API_KEYS, useValue: keys },
        { provide: RATE_LIMITER, useValue: limiter },
        { provide: DEFAULT_RATE_LIMIT_PER_MINUTE, useValue: 600 },
      ],
    }).compile();
    ({ app, url } = await listenLikeMain(moduleRef));
  });

  afterAll(() => app.close());

  it('sends 429 as problem+json with Retry-After in whole seconds, and /metrics counts it', async () => {
    limiter.decision = { allowed: false, retryAfterMs: 1500, remaining: 0 };
    const response = await fetch(`${url}/search`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 429,
      title: 'Too Many Requests',
      detail: 'rate limit of 600 requests per minute exceeded for this API key; retry after 2 s',
    });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^tributary_gateway_rate_limited_total 1$/m);
    expect(metrics).toMatch(/^tributary_gateway_errors_total\{route="\/search",status="429"\} 1$/m);
  });

  it('keeps 401 with WWW-Authenticate for a missing key, and no Retry-After', async () => {
    const response = await fetch(`${url}/search`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('retry-after')).toBeNull();
  });
});
