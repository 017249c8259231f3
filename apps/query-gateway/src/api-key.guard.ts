import {
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  SetMetadata,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
  type Provider,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import {
  RedisRateLimiter,
  VerifiedApiKeyCache,
  type ApiKeyVerifier,
  type RateLimiter,
} from '@tributary/auth-data-access';
import type { ApiKeyRecord, ApiKeyScope } from '@tributary/contracts';
import type { GatewayConfig } from './gateway.config';
import { API_KEYS, REDIS } from './gateway.tokens';
import { GatewayMetrics } from './metrics';
import { RateLimitedException } from './rate-limited.exception';

const REQUIRED_SCOPE = 'tributary:required-scope';

export const RATE_LIMITER = Symbol('RATE_LIMITER');
/** Requests per minute for a key that sets no limit of its own (config RATE_LIMIT_PER_MINUTE). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = Symbol('DEFAULT_RATE_LIMIT_PER_MINUTE');

/** How long a verified key is trusted without asking Redis: a revocation reaches every gateway within this. */
export const VERIFIED_KEY_TTL_MS = 5_000;
const VERIFIED_KEYS_MAX = 10_000;

/** The scope a route's API key must carry (on a handler, or on a controller for all its handlers). */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);

export type AuthenticatedRequest = Request & { apiKey?: ApiKeyRecord };

/** What the guard needs beside API_KEYS and REDIS: its rate limiter and default limit, and itself. */
export function apiKeyGuardProviders(config: Pick<GatewayConfig, 'RATE_LIMIT_PER_MINUTE'>): Provider[] {
  return [
    { provide: RATE_LIMITER, inject: [REDIS], useFactory: (redis: Redis) => new RedisRateLimiter(redis) },
    { provide: DEFAULT_RATE_LIMIT_PER_MINUTE, useValue: config.RATE_LIMIT_PER_MINUTE },
    ApiKeyGuard,
  ];
}

/** The admin scope implies every other. */
export function keyGrants(key: ApiKeyRecord, scope: ApiKeyScope): boolean {
  return key.scopes.includes(scope) || key.scopes.includes('admin');
}

/**
 * `Authorization: Bearer <api key>`: 401 without a valid key, 429 when the key
 * is over its rate limit, 403 when it lacks the route's scope, 503 when Redis
 * cannot answer. Every request with a valid key counts against its limit,
 * forbidden ones included.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verifiedKeys: ApiKeyVerifier;

  constructor(
    @Inject(API_KEYS) keys: ApiKeyVerifier,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(DEFAULT_RATE_LIMIT_PER_MINUTE) private readonly defaultLimitPerMinute: number,
    private readonly metrics: GatewayMetrics,
    private readonly reflector: Reflector,
  ) {
    this.verifiedKeys = new VerifiedApiKeyCache(keys, {
      ttlMs: VERIFIED_KEY_TTL_MS,
      maxEntries: VERIFIED_KEYS_MAX,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(REQUIRED_SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!scope) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!presented) throw new UnauthorizedException('send the API key as "Authorization: Bearer <key>"');
    const key = await whileRedisAnswers(() => this.verifiedKeys.verify(presented));
    if (!key) throw new UnauthorizedException('the API key is unknown, malformed or revoked');
    await this.consumeRateLimit(key);
    if (!keyGrants(key, scope)) throw new ForbiddenException(`this API key lacks the "${scope}" scope`);
    request.apiKey = key;
    return true;
  }

  private async consumeRateLimit(key: ApiKeyRecord): Promise<void> {
    const limitPerMinute = key.rateLimitPerMinute ?? this.defaultLimitPerMinute;
    const decision = await whileRedisAnswers(() => this.limiter.consume(key.id, limitPerMinute));
    if (decision.allowed) return;
    this.metrics.rateLimited();
    throw new RateLimitedException(limitPerMinute, decision.retryAfterMs);
  }
}

/** A Redis failure is the gateway's, not the caller's: 503, so the caller retries. */
async function whileRedisAnswers<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new ServiceUnavailableException('API keys cannot be checked right now; retry the request', {
      cause: error,
    });
  }
}
