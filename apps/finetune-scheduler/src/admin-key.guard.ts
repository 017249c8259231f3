import {
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { ApiKeyRepository, VerifiedApiKeyCache } from '@tributary/auth-data-access';
import { DEFAULT_TENANT, type ApiKeyRecord } from '@tributary/contracts';
import { REDIS } from './finetune.tokens';

/** A revoked key stops working within this. */
const VERIFIED_KEY_TTL_MS = 5_000;

export type OperatorRequest = Request & { apiKey?: ApiKeyRecord };

/**
 * Every fine-tune route changes or reveals what the whole deployment serves (an
 * adapter maps every tenant's queries; plans read any tenant's feedback), so each
 * needs an operator's key: the admin scope of the default tenant
 * (`tributary keys create --tenant default --scope admin`).
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly keys: VerifiedApiKeyCache;

  constructor(@Inject(REDIS) redis: Redis) {
    this.keys = new VerifiedApiKeyCache(new ApiKeyRepository(redis), {
      ttlMs: VERIFIED_KEY_TTL_MS,
      maxEntries: 1_000,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!presented) throw new UnauthorizedException('send an admin API key as "Authorization: Bearer <key>"');
    let key: ApiKeyRecord | undefined;
    try {
      key = await this.keys.verify(presented);
    } catch (error) {
      throw new ServiceUnavailableException('API keys cannot be checked right now; retry', { cause: error });
    }
    if (!key) throw new UnauthorizedException('the API key is unknown, malformed or revoked');
    if (!key.scopes.includes('admin') || key.tenant !== DEFAULT_TENANT)
      throw new ForbiddenException(
        `fine-tune operations need an operator's key: the "admin" scope of the "${DEFAULT_TENANT}" tenant (a query adapter serves every tenant)`,
      );
    request.apiKey = key;
    return true;
  }
}

/** Who asked, as run records and the registry note it. */
export const operatorOf = (request: OperatorRequest) => `key:${request.apiKey?.id ?? 'unknown'}`;
