import {
  Injectable,
  UnsupportedMediaTypeException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { OperatorAuthService, type Operator } from './operator-auth.service';
import { sessionTokenOf } from './session-cookie';

export type OperatorRequest = Request & { operator?: Operator };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every API route needs an operator (session cookie or bearer key). A state
 * change must be sent as JSON: a cross-site form cannot send that content type
 * without a CORS preflight this app never grants, so, with the SameSite=Strict
 * cookie, no other site can act in an operator's name.
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  constructor(private readonly auth: OperatorAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    request.operator = await this.auth.authenticate({
      authorization: request.headers.authorization,
      sessionToken: sessionTokenOf(request.headers.cookie),
    });
    if (!SAFE_METHODS.has(request.method) && !isJson(request.headers['content-type']))
      throw new UnsupportedMediaTypeException('send state changes as JSON (Content-Type: application/json)');
    return true;
  }
}

export function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(contentType ?? '');
}

/** The operator a guarded handler serves (set by OperatorGuard). */
export function operatorOf(request: OperatorRequest): Operator {
  if (!request.operator) throw new Error('OperatorGuard did not run for this route');
  return request.operator;
}

/** Who acted, for the log line of every action. */
export function actorOf(request: OperatorRequest) {
  const { name, keyId, via } = operatorOf(request);
  return { operator: name, keyId, via };
}
