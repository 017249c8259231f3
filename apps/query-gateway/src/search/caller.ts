import { ForbiddenException } from '@nestjs/common';
import type { ApiKeyRecord } from '@tributary/contracts';
import { PrincipalNotAllowedError, resolvePrincipals, type SearchCaller } from '@tributary/search';
import type { AuthenticatedRequest } from '../api-key.guard';

/** Who a /v1 read runs for: tenant and allowed principals come from the API key the guard verified. */
export function callerOf(request: AuthenticatedRequest, principals?: readonly string[]): SearchCaller {
  const key = request.apiKey as ApiKeyRecord; // set by ApiKeyGuard on every scoped route
  try {
    return { tenant: key.tenant, keyId: key.id, principals: resolvePrincipals(key.principals, principals) };
  } catch (error) {
    if (error instanceof PrincipalNotAllowedError) throw new ForbiddenException(error.message);
    throw error;
  }
}
