import type { estypes } from '@elastic/elasticsearch';
import { DEFAULT_TENANT, type MetadataConditionV1, type MetadataRangeV1 } from '@tributary/contracts';

/** Who is asking and what they narrowed to; applied inside every retriever. */
export interface ChunkSearchFilter {
  tenant: string;
  /** Principals the caller reads as: chunks without an ACL are visible to all, others to their principals only. */
  principals: readonly string[];
  sources?: readonly string[];
  uriPrefix?: string;
  metadata?: Readonly<Record<string, MetadataConditionV1>>;
}

type Clause = estypes.QueryDslQueryContainer;

/** Elasticsearch filter clauses (no scoring) for a search filter. */
export function filterClauses(filter: ChunkSearchFilter): Clause[] {
  const clauses: Clause[] = [tenantClause(filter.tenant), aclClause(filter.principals)];
  if (filter.sources?.length) clauses.push({ terms: { source: [...filter.sources] } });
  if (filter.uriPrefix !== undefined) clauses.push({ prefix: { uri: filter.uriPrefix } });
  for (const [key, condition] of Object.entries(filter.metadata ?? {}))
    clauses.push(metadataClause(key, condition));
  return clauses;
}

/** Chunks indexed before tenants existed carry none: they are the default tenant's, as the contract says. */
function tenantClause(tenant: string): Clause {
  if (tenant !== DEFAULT_TENANT) return { term: { tenant } };
  return {
    bool: {
      should: [{ term: { tenant } }, { bool: { must_not: [{ exists: { field: 'tenant' } }] } }],
      minimum_should_match: 1,
    },
  };
}

function aclClause(principals: readonly string[]): Clause {
  const open: Clause = { bool: { must_not: [{ exists: { field: 'acl' } }] } };
  if (principals.length === 0) return open;
  return { bool: { should: [open, { terms: { acl: [...principals] } }], minimum_should_match: 1 } };
}

function metadataClause(key: string, condition: MetadataConditionV1): Clause {
  if (Array.isArray(condition)) return { terms: { [`metadata.${key}`]: condition } };
  if (typeof condition === 'object') return rangeClause(key, condition);
  return { term: { [`metadata.${key}`]: condition } };
}

/** Numbers compare on the metadata field itself; dates on its date copy, as instants. */
function rangeClause(key: string, range: MetadataRangeV1): Clause {
  const isDate = Object.values(range).some((bound) => typeof bound === 'string');
  const field = isDate ? `metadataDates.${key}` : `metadata.${key}`;
  const bounds = Object.fromEntries(Object.entries(range).filter(([, bound]) => bound !== undefined));
  return { range: { [field]: bounds } };
}
