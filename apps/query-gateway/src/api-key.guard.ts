import {
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ApiKeyRepository } from '@tributary/auth-data-access';
import type { ApiKeyRecord, ApiKeyScope } from '@tributary/contracts';
import { API_KEYS } from './gateway.tokens';

const REQUIRED_SCOPE = 'tributary:required-scope';

/** The scope a route's API key must carry. */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(REQUIRED_SCOPE, scope);

export type AuthenticatedRequest = Request & { apiKey?: ApiKeyRecord };

/** `Authorization: Bearer <api key>`: 401 without a valid key, 403 when it lacks the route's scope. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(API_KEYS) private readonly keys: ApiKeyRepository,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.get<ApiKeyScope | undefined>(REQUIRED_SCOPE, context.getHandler());
    if (!scope) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!presented) throw new UnauthorizedException('send the API key as "Authorization: Bearer <key>"');
    const key = await this.keys.verify(presented);
    if (!key) throw new UnauthorizedException('the API key is unknown, malformed or revoked');
    if (!key.scopes.includes(scope)) throw new ForbiddenException(`this API key lacks the "${scope}" scope`);
    request.apiKey = key;
    return true;
  }
}
