import { Writable } from 'node:stream';
import pino from 'pino';
import type { RateLimitDecision } from '@tributary/auth-data-access';
import type { ApiKeyRecord } from '@tributary/contracts';
import { ConsoleAuthError } from './console-auth.errors';
import { OperatorAuthService, type OperatorAuthPorts } from './operator-auth.service';
import type { ConsoleSession } from './session.repository';

const ADMIN_KEY = 'trb_admin_secret-value-1';
const SEARCH_KEY = 'trb_search_secret-value-2';
const OTHER_TENANT_KEY = 'trb_other_secret-value-3';

const record = (id: string, tenant: string, scopes: ApiKeyRecord['scopes']): ApiKeyRecord => ({
  id,
  name: `${id} key`,
  tenant,
  scopes,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** Our own ports faked: a key table, sessions in a map, a limiter that allows a set number of attempts. */
function setup({ attemptsAllowed = 100, redisDown = false } = {}) {
  const keys = new Map<string, ApiKeyRecord>([
    [ADMIN_KEY, record('admin', 'default', ['admin'])],
    [SEARCH_KEY, record('search', 'default', ['search'])],
    [OTHER_TENANT_KEY, record('other', 'acme', ['admin'])],
  ]);
  const sessions = new Map<string, ConsoleSession>();
  let attempts = 0;
  const verified: string[] = [];
  const down = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  const ports: OperatorAuthPorts = {
    keys: {
      verify: async (presented) => {
        if (redisDown) return down();
        verified.push(presented);
        return keys.get(presented);
      },
    },
    sessions: {
      create: async (session) => {
        const token = `token-${sessions.size + 1}`;
        sessions.set(token, session);
        return token;
      },
      find: async (token) => (redisDown ? down() : sessions.get(token)),
      delete: async (token) => void sessions.delete(token),
    },
    loginLimiter: {
      consume: async (): Promise<RateLimitDecision> => {
        if (redisDown) return down();
        attempts++;
        return attempts <= attemptsAllowed
          ? { allowed: true, retryAfterMs: 0, remaining: attemptsAllowed - attempts }
          : { allowed: false, retryAfterMs: 1_500, remaining: 0 };
      },
    },
  };
  const lines: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const auth = new OperatorAuthService(ports, { loginAttemptsPerMinute: 30 }, logger);
  return { auth, sessions, verified, lines };
}

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ConsoleAuthError);
  return error as ConsoleAuthError;
};

describe('OperatorAuthService', () => {
  it('opens a session for an admin key of the default tenant, and the session then authenticates', async () => {
    const { auth, sessions } = setup();
    const { token, operator } = await auth.login(ADMIN_KEY, '10.0.0.1');
    expect(operator).toEqual({ keyId: 'admin', name: 'admin key', via: 'session' });
    expect(sessions.get(token)).toMatchObject({ keyId: 'admin', keyName: 'admin key' });
    await expect(auth.authenticate({ sessionToken: token })).resolves.toEqual({
      keyId: 'admin',
      name: 'admin key',
      via: 'session',
    });
  });

  it('refuses a wrong key with 401 and logs the refusal without the key', async () => {
    const { auth, sessions, lines } = setup();
    const wrong = 'trb_admin_not-the-secret';
    expect((await refusal(auth.login(wrong, '10.0.0.2'))).status).toBe(401);
    expect(sessions.size).toBe(0);
    const log = lines.join('');
    expect(log).toContain('console login refused');
    expect(log).toContain('10.0.0.2');
    expect(log).not.toContain(wrong);
  });

  it('refuses keys that are not an operator’s: another scope, or the admin of another tenant (403)', async () => {
    const { auth } = setup();
    expect((await refusal(auth.login(SEARCH_KEY, '10.0.0.3'))).status).toBe(403);
    expect((await refusal(auth.login(OTHER_TENANT_KEY, '10.0.0.3'))).status).toBe(403);
    expect((await refusal(auth.authenticate({ authorization: `Bearer ${SEARCH_KEY}` }))).status).toBe(403);
  });

  it('refuses an empty or non-string key as 401 before looking anything up', async () => {
    const { auth, verified } = setup();
    expect((await refusal(auth.login('  ', 'a'))).status).toBe(401);
    expect((await refusal(auth.login({ key: ADMIN_KEY }, 'a'))).status).toBe(401);
    expect(verified).toEqual([]);
  });

  it('rate-limits logins: over the limit answers 429 with Retry-After seconds, without checking the key', async () => {
    const { auth, verified } = setup({ attemptsAllowed: 2 });
    await refusal(auth.login('trb_admin_wrong-1', '10.0.0.4'));
    await refusal(auth.login('trb_admin_wrong-2', '10.0.0.4'));
    const limited = await refusal(auth.login(ADMIN_KEY, '10.0.0.4'));
    expect(limited.status).toBe(429);
    expect(limited.retryAfterSeconds).toBe(2);
    expect(verified).not.toContain(ADMIN_KEY);
  });

  it('accepts an admin key as a bearer token, and refuses a malformed header', async () => {
    const { auth } = setup();
    await expect(auth.authenticate({ authorization: `Bearer ${ADMIN_KEY}` })).resolves.toMatchObject({
      keyId: 'admin',
      via: 'bearer',
    });
    expect((await refusal(auth.authenticate({ authorization: `Basic ${ADMIN_KEY}` }))).status).toBe(401);
  });

  it('answers 401 without credentials, for an unknown session, and after logout', async () => {
    const { auth } = setup();
    expect((await refusal(auth.authenticate({}))).status).toBe(401);
    expect((await refusal(auth.authenticate({ sessionToken: 'token-404' }))).status).toBe(401);
    const { token } = await auth.login(ADMIN_KEY, '10.0.0.5');
    await auth.logout(token, '10.0.0.5');
    expect((await refusal(auth.authenticate({ sessionToken: token }))).status).toBe(401);
  });

  it('answers 503, not 401, when the credentials cannot be checked', async () => {
    const { auth } = setup({ redisDown: true });
    expect((await refusal(auth.login(ADMIN_KEY, '10.0.0.6'))).status).toBe(503);
    expect((await refusal(auth.authenticate({ sessionToken: 'token-1' }))).status).toBe(503);
    expect((await refusal(auth.authenticate({ authorization: `Bearer ${ADMIN_KEY}` }))).status).toBe(503);
  });
});
