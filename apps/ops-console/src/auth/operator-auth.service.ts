import type { RateLimitDecision } from '@tributary/auth-data-access';
import { DEFAULT_TENANT, type ApiKeyRecord } from '@tributary/contracts';
import type { Logger } from '@tributary/observability';
import { ConsoleAuthError } from './console-auth.errors';
import type { ConsoleSession } from './session.repository';

/** Who is acting: the admin key behind the session or the bearer header. Its name goes into every action's log line. */
export interface Operator {
  keyId: string;
  name: string;
  via: 'session' | 'bearer';
}

export interface OperatorAuthPorts {
  keys: { verify(presented: string): Promise<ApiKeyRecord | undefined> };
  sessions: {
    create(session: ConsoleSession): Promise<string>;
    find(token: string): Promise<ConsoleSession | undefined>;
    delete(token: string): Promise<void>;
  };
  loginLimiter: { consume(id: string, limitPerMinute: number): Promise<RateLimitDecision> };
}

export interface OperatorAuthSettings {
  loginAttemptsPerMinute: number;
}

/** What a request presents: the Authorization header and the session cookie's token. */
export interface Credentials {
  authorization?: string | undefined;
  sessionToken?: string | undefined;
}

/**
 * Who may use the console: an operator's key, the admin scope of the default
 * tenant (as for the fine-tune API: the console acts on every tenant's data),
 * presented once at login (a session cookie follows) or on every request as a
 * bearer token (scripts). Logins are rate-limited per client address and
 * refusals logged, without the key.
 */
export class OperatorAuthService {
  constructor(
    private readonly ports: OperatorAuthPorts,
    private readonly settings: OperatorAuthSettings,
    private readonly logger: Logger,
  ) {}

  async login(presented: unknown, clientAddress: string): Promise<{ token: string; operator: Operator }> {
    const decision = await this.unavailableOnError(() =>
      this.ports.loginLimiter.consume(`login:${clientAddress}`, this.settings.loginAttemptsPerMinute),
    );
    if (!decision.allowed) {
      this.logger.warn({ clientAddress }, 'console login refused: too many attempts');
      throw new ConsoleAuthError(
        429,
        'too many login attempts from this address; wait and retry',
        Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
      );
    }
    if (typeof presented !== 'string' || presented.trim() === '') {
      this.logger.warn({ clientAddress }, 'console login refused: no key given');
      throw new ConsoleAuthError(401, 'enter an admin API key');
    }
    let key: ApiKeyRecord;
    try {
      key = await this.adminKey(presented.trim());
    } catch (error) {
      if (error instanceof ConsoleAuthError && error.status !== 503)
        this.logger.warn({ clientAddress, reason: error.message }, 'console login refused');
      throw error;
    }
    const token = await this.unavailableOnError(() =>
      this.ports.sessions.create({ keyId: key.id, keyName: key.name, createdAt: new Date().toISOString() }),
    );
    this.logger.info({ operator: key.name, keyId: key.id, clientAddress }, 'console login');
    return { token, operator: { keyId: key.id, name: key.name, via: 'session' } };
  }

  /** The operator behind a request, or a ConsoleAuthError: 401 without valid credentials, 403 for a key that is not an operator's. */
  async authenticate({ authorization, sessionToken }: Credentials): Promise<Operator> {
    if (authorization !== undefined && authorization !== '') {
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      if (!presented)
        throw new ConsoleAuthError(401, 'send an admin API key as "Authorization: Bearer <key>"');
      const key = await this.adminKey(presented);
      return { keyId: key.id, name: key.name, via: 'bearer' };
    }
    if (sessionToken) {
      const session = await this.unavailableOnError(() => this.ports.sessions.find(sessionToken));
      if (session) return { keyId: session.keyId, name: session.keyName, via: 'session' };
    }
    throw new ConsoleAuthError(
      401,
      'log in at /login, or send an admin API key as "Authorization: Bearer <key>"',
    );
  }

  async logout(sessionToken: string | undefined, clientAddress: string): Promise<void> {
    if (!sessionToken) return;
    const session = await this.unavailableOnError(() => this.ports.sessions.find(sessionToken));
    await this.unavailableOnError(() => this.ports.sessions.delete(sessionToken));
    if (session)
      this.logger.info({ operator: session.keyName, keyId: session.keyId, clientAddress }, 'console logout');
  }

  private async adminKey(presented: string): Promise<ApiKeyRecord> {
    const key = await this.unavailableOnError(() => this.ports.keys.verify(presented));
    if (!key) throw new ConsoleAuthError(401, 'the API key is unknown, malformed or revoked');
    if (!key.scopes.includes('admin') || key.tenant !== DEFAULT_TENANT)
      throw new ConsoleAuthError(
        403,
        `the console needs an operator's key: the "admin" scope of the "${DEFAULT_TENANT}" tenant`,
      );
    return key;
  }

  /** Redis away: the caller hears 503 (retry), never a misleading 401. */
  private async unavailableOnError<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.error({ err: error }, 'console credentials cannot be checked');
      throw new ConsoleAuthError(503, 'credentials cannot be checked right now; retry');
    }
  }
}
