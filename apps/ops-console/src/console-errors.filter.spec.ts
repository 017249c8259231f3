import { ForbiddenException, type ArgumentsHost } from '@nestjs/common';
import { FineTuneConflictError } from '@tributary/finetune';
import { createLogger } from '@tributary/observability';
import { OperationsNotFoundError } from '@tributary/operations';
import { ConsoleAuthError } from './auth/console-auth.errors';
import { ConsoleErrorsFilter } from './console-errors.filter';

function answer(exception: unknown) {
  const sent: {
    status?: number;
    type?: string;
    body?: Record<string, unknown>;
    headers: Record<string, string>;
  } = { headers: {} };
  const response = {
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
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
    switchToHttp: () => ({
      getRequest: () => ({ originalUrl: '/api/overview' }),
      getResponse: () => response,
    }),
  } as unknown as ArgumentsHost;
  new ConsoleErrorsFilter(createLogger('test', 'silent')).catch(exception, host);
  return sent;
}

describe('ConsoleErrorsFilter', () => {
  it('answers problem+json with the status each known error maps to', () => {
    expect(answer(new OperationsNotFoundError('no dead letter 3'))).toMatchObject({
      status: 404,
      type: 'application/problem+json',
      body: { status: 404, title: 'NOT_FOUND', detail: 'no dead letter 3', instance: '/api/overview' },
    });
    expect(answer(new FineTuneConflictError('a run is active')).status).toBe(409);
  });

  it('adds Retry-After to a rate-limited login', () => {
    const sent = answer(new ConsoleAuthError(429, 'too many login attempts', 7));
    expect(sent.status).toBe(429);
    expect(sent.headers).toEqual({ 'Retry-After': '7' });
  });

  it("keeps Nest's own HTTP errors and hides an unexpected one behind a generic 500", () => {
    expect(answer(new ForbiddenException('admin scope needed'))).toMatchObject({
      status: 403,
      body: { detail: 'admin scope needed' },
    });
    const failed = answer(new Error('socket hang up from 10.0.0.7'));
    expect(failed.status).toBe(500);
    expect(failed.body?.detail).toBe('the console failed; the log has the details');
  });
});
