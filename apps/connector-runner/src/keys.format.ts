import type { ApiKeyRecord } from '@tributary/contracts';
import { alignColumns, formatWhen, truncate } from './text-table';

const MAX_NAME = 32;

/** `tributary keys create`: the key itself, shown this once, then what it grants. */
export function formatCreatedKey(key: string, record: ApiKeyRecord): string {
  return [
    `API key created. It cannot be shown again: store it now.`,
    '',
    `  ${key}`,
    '',
    `id:      ${record.id}`,
    `name:    ${record.name}`,
    `tenant:  ${record.tenant}`,
    `scopes:  ${record.scopes.join(',')}`,
  ].join('\n');
}

/** `tributary keys list`: an aligned table, oldest key first, revoked ones marked. */
export function formatApiKeyTable(records: readonly ApiKeyRecord[]): string {
  if (records.length === 0) return 'no API keys yet; create one with `tributary keys create ...`';
  const header = ['ID', 'TENANT', 'SCOPES', 'CREATED', 'STATUS', 'NAME'];
  const rows = [
    header,
    ...records.map((record) => [
      record.id,
      record.tenant,
      record.scopes.join(','),
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
