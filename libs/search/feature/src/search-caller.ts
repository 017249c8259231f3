import { ANY_PRINCIPAL } from '@tributary/contracts';

/** Who a search runs for: taken from the API key, never from the request body. */
export interface SearchCaller {
  tenant: string;
  keyId: string;
  /** Principals the search reads as (ACL filtering); empty means public documents only. */
  principals: string[];
}

/** A request asked to act for a principal its API key may not act for. */
export class PrincipalNotAllowedError extends Error {
  constructor(readonly principal: string) {
    super(`this API key may not act for principal "${principal}"`);
    this.name = 'PrincipalNotAllowedError';
  }
}

/**
 * The principals a search reads as: the requested ones when the key may act for
 * each of them (it lists them, or lists "*"), otherwise the key's own.
 */
export function resolvePrincipals(
  allowed: readonly string[] | undefined,
  requested: readonly string[] | undefined,
): string[] {
  const granted = allowed ?? [];
  if (requested === undefined) return granted.filter((principal) => principal !== ANY_PRINCIPAL);
  const anyone = granted.includes(ANY_PRINCIPAL);
  for (const principal of requested)
    if (!anyone && !granted.includes(principal)) throw new PrincipalNotAllowedError(principal);
  return [...new Set(requested)];
}
