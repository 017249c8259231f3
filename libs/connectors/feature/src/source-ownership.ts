import type { SourceTenantStore } from '@tributary/connectors-data-access';

/** A tenant tried to publish to a source another tenant owns. */
export class SourceOwnedByAnotherTenantError extends Error {
  constructor(
    readonly source: string,
    /** The owner: for operators only, never for the refused tenant's callers. */
    readonly owner: string,
  ) {
    super(`source "${source}" belongs to another tenant`);
    this.name = 'SourceOwnedByAnotherTenantError';
  }
}

/**
 * Claims every source for the tenant before anything is published, so one
 * tenant's documents can never be overwritten or deleted by another's. All or
 * nothing: a refused request claims no source either.
 */
export async function claimSources(
  owners: SourceTenantStore,
  sources: Iterable<string>,
  tenant: string,
): Promise<void> {
  const claim = await owners.claimAll([...new Set(sources)].sort(), tenant);
  if (!claim.ok) throw new SourceOwnedByAnotherTenantError(claim.source, claim.owner);
}
