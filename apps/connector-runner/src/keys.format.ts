import { ANY_PRINCIPAL, type ApiKeyRecord } from '@tributary/contracts';
import { alignColumns, formatWhen, truncate } from '@tributary/cli-util';

const MAX_NAME = 32;
const MAX_PRINCIPALS = 32;

/** `tributary keys create`: the key itself, shown this once, then what it grants. */
export function formatCreatedKey(key: string, record: ApiKeyRecord): string {
  return [
    `API key created. It cannot be shown again: store it now.`,
    '',
    `  ${key}`,
    '',
    `id:          ${record.id}`,
    `name:        ${record.name}`,
    `tenant:      ${record.tenant}`,
    `scopes:      ${record.scopes.join(',')}`,
    `principals:  ${describePrincipals(record.principals)}`,
    `rate limit:  ${
      record.rateLimitPerMinute === undefined
        ? "the gateway's default (RATE_LIMIT_PER_MINUTE)"
        : `${record.rateLimitPerMinute} requests per minute`
    }`,
  ].join('\n');
}

/** `tributary keys list`: an aligned table, oldest key first, revoked ones marked. */
export function formatApiKeyTable(records: readonly ApiKeyRecord[]): string {
  if (records.length === 0) return 'no API keys yet; create one with `tributary keys create ...`';
  const header = ['ID', 'TENANT', 'SCOPES', 'PRINCIPALS', 'PER MIN', 'CREATED', 'STATUS', 'NAME'];
  const rows = [
    header,
    ...records.map((record) => [
      record.id,
      record.tenant,
      record.scopes.join(','),
      record.principals ? truncate(record.principals.join(','), MAX_PRINCIPALS) : '-',
      record.rateLimitPerMinute === undefined ? 'default' : String(record.rateLimitPerMinute),
      formatWhen(record.createdAt),
      record.revokedAt === undefined ? 'active' : `revoked ${formatWhen(record.revokedAt)}`,
      truncate(record.name, MAX_NAME),
    ]),
  ];
  const lines = alignColumns(rows);
  const revoked = records.filter((record) => record.revokedAt !== undefined).length;
  lines.push(`${records.length} API key${records.length === 1 ? '' : 's'} (${revoked} revoked)`);
  return lines.join('\n');
}

function describePrincipals(principals: readonly string[] | undefined): string {
  if (!principals) return 'none (public documents only)';
  if (principals.includes(ANY_PRINCIPAL)) return `${ANY_PRINCIPAL} (any principal the caller names)`;
  return principals.join(', ');
}
