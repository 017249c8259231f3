import type { ExecutionContext } from '@nestjs/common';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import { ConsoleAuthError } from './console-auth.errors';
import type { Credentials, Operator, OperatorAuthService } from './operator-auth.service';
import { OperatorGuard, type OperatorRequest } from './operator.guard';
import { sessionCookie, SESSION_COOKIE } from './session-cookie';

const OPERATOR: Operator = { keyId: 'k1', name: 'on-call', via: 'session' };
const VALID_TOKEN = 'a'.repeat(43);

/** The guard over a fake authenticator that knows one session token. */
function guard() {
  const seen: Credentials[] = [];
  const auth = {
    authenticate: async (credentials: Credentials) => {
      seen.push(credentials);
      if (credentials.sessionToken === VALID_TOKEN) return OPERATOR;
      throw new ConsoleAuthError(401, 'log in');
    },
  } as Pick<OperatorAuthService, 'authenticate'> as OperatorAuthService;
  return { guard: new OperatorGuard(auth), seen };
}

function context(request: Partial<OperatorRequest>): { context: ExecutionContext; request: OperatorRequest } {
  const full = { method: 'GET', headers: {}, ...request } as OperatorRequest;
  const context = { switchToHttp: () => ({ getRequest: () => full }) } as unknown as ExecutionContext;
  return { context, request: full };
}

const cookie = `other=1; ${SESSION_COOKIE}=${VALID_TOKEN}; theme=dark`;

describe('OperatorGuard', () => {
  it('lets a request with a valid session cookie through and records who it is', async () => {
    const { guard: subject, seen } = guard();
    const { context: ctx, request } = context({ headers: { cookie } });
    await expect(subject.canActivate(ctx)).resolves.toBe(true);
    expect(request.operator).toEqual(OPERATOR);
    expect(seen[0]?.sessionToken).toBe(VALID_TOKEN);
  });

  it('refuses a request without credentials with the authenticator’s 401', async () => {
    const { context: ctx } = context({ headers: {} });
    await expect(guard().guard.canActivate(ctx)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a state change that is not JSON (a cross-site form post) with 415, even with a valid session', async () => {
    for (const contentType of [
      undefined,
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data',
    ]) {
      const { context: ctx } = context({
        method: 'POST',
        headers: { cookie, ...(contentType ? { 'content-type': contentType } : {}) },
      });
      await expect(guard().guard.canActivate(ctx)).rejects.toBeInstanceOf(UnsupportedMediaTypeException);
    }
    const { context: json } = context({
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json; charset=utf-8' },
    });
    await expect(guard().guard.canActivate(json)).resolves.toBe(true);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to the whole console, and Secure only when asked', () => {
    const plain = sessionCookie(VALID_TOKEN, { ttlSeconds: 43_200, secure: false });
    expect(plain).toBe(`${SESSION_COOKIE}=${VALID_TOKEN}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200`);
    expect(sessionCookie(VALID_TOKEN, { ttlSeconds: 60, secure: true })).toMatch(/; Secure$/);
  });
});
