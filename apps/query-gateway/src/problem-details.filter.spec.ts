import {
  BadRequestException,
  HttpException,
  UnauthorizedException,
  type ArgumentsHost,
} from '@nestjs/common';
import { ContractViolationError } from '@tributary/contracts';
import { createLogger } from '@tributary/observability';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RateLimitedException } from './rate-limited.exception';

function capture(exception: unknown) {
  const sent: {
    status?: number;
    type?: string;
    body?: Record<string, unknown>;
    headers: Record<string, string>;
  } = { headers: {} };
  const response = {
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
      return this;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(value: string) {
      sent.type = value;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/v1/search' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter(createLogger('test', 'silent')).catch(exception, host);
  return sent;
}

describe('ProblemDetailsFilter', () => {
  it('keeps a failed readiness check’s message as detail and its report as an extension member', () => {
    const checks = {
      elasticsearch: { status: 'down', error: 'connect ECONNREFUSED' },
      redis: { status: 'up' },
    };
    const sent = capture(
      new HttpException(
        { status: 'not-ready', checks, message: 'not ready: elasticsearch unreachable' },
        503,
      ),
    );
    expect(sent.status).toBe(503);
    expect(sent.body).toMatchObject({ detail: 'not ready: elasticsearch unreachable', checks });
  });

  it('turns a contract violation into a 400 listing every problem', () => {
    const sent = capture(
      new ContractViolationError('search request', ['query: must not be empty', 'topK: too big']),
    );
    expect(sent.status).toBe(400);
    expect(sent.type).toBe('application/problem+json');
    expect(sent.body).toMatchObject({
      title: 'Invalid request',
      detail: 'The search request is invalid: query: must not be empty; topK: too big',
      errors: ['query: must not be empty', 'topK: too big'],
      instance: '/v1/search',
    });
  });

  it('keeps an HTTP exception status and message with its reason phrase as title', () => {
    expect(capture(new BadRequestException('Unexpected token in JSON')).body).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: 'Unexpected token in JSON',
    });
  });

  it('answers 429 with Retry-After in whole seconds, rounded up, for a key over its rate limit', () => {
    const sent = capture(new RateLimitedException(600, 2500));
    expect(sent.status).toBe(429);
    expect(sent.headers['retry-after']).toBe('3');
    expect(sent.body).toMatchObject({
      title: 'Too Many Requests',
      detail: 'rate limit of 600 requests per minute exceeded for this API key; retry after 3 s',
    });
  });

  it('asks to wait at least one second, however close the next allowed request', () => {
    expect(capture(new RateLimitedException(600, 1)).headers['retry-after']).toBe('1');
    expect(capture(new RateLimitedException(600, 1000)).headers['retry-after']).toBe('1');
  });

  it('sends WWW-Authenticate with a 401 and no Retry-After', () => {
    const sent = capture(new UnauthorizedException('no key'));
    expect(sent.headers).toEqual({ 'www-authenticate': 'Bearer' });
  });

  it('answers 413 for a body the parser found too large', () => {
    expect(
      capture(Object.assign(new Error('request entity too large'), { type: 'entity.too.large' })).status,
    ).toBe(413);
  });

  it('hides the internals of an unexpected error', () => {
    const sent = capture(new Error('ResponseError: search_phase_execution_exception at shard 0'));
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toMatch(/search_phase|shard/);
  });
});
