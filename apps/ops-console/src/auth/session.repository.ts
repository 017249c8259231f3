import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Who a console session belongs to: the admin key it was opened with (its id and name, never the secret). */
export interface ConsoleSession {
  keyId: string;
  keyName: string;
  createdAt: string;
}

/** 32 random bytes, base64url: what the cookie carries. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Console sessions in Redis, keyed by the sha256 of their token so a dump of
 * Redis opens no session; each expires by itself after the TTL.
 */
export class SessionRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /** Stores a new session and returns its token, which exists only in the response's cookie from then on. */
  async create(session: ConsoleSession): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.keyOf(token), JSON.stringify(session), 'EX', this.ttlSeconds);
    return token;
  }

  async find(token: string): Promise<ConsoleSession | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const stored = await this.redis.get(this.keyOf(token));
    if (stored === null) return undefined;
    try {
      const session = JSON.parse(stored) as Partial<ConsoleSession>;
      if (typeof session.keyId !== 'string' || typeof session.keyName !== 'string') return undefined;
      return { keyId: session.keyId, keyName: session.keyName, createdAt: String(session.createdAt ?? '') };
    } catch {
      return undefined;
    }
  }

  async delete(token: string): Promise<void> {
    if (!TOKEN.test(token)) return;
    await this.redis.del(this.keyOf(token));
  }

  private keyOf(token: string): string {
    return `${this.prefix}:session:${createHash('sha256').update(token).digest('hex')}`;
  }
}
