import type { ApiKeyRecord } from '@tributary/contracts';
import { formatApiKeyTable, formatCreatedKey } from './keys.format';

const record = (overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: '0123456789ab',
  name: 'ingest bot',
  tenant: 'default',
  scopes: ['ingest'],
  createdAt: '2026-11-23T10:00:00.000Z',
  ...overrides,
});

describe('keys output', () => {
  it('shows a new key once, says it cannot be shown again, and what it grants', () => {
    const key = `trb_0123456789ab_${'s'.repeat(43)}`;
    const text = formatCreatedKey(key, record({ scopes: ['search', 'ingest'] }));
    expect(text.split(key)).toHaveLength(2);
    expect(text).toMatch(/cannot be shown again/);
    expect(text).toContain('id:          0123456789ab');
    expect(text).toContain('tenant:      default');
    expect(text).toContain('scopes:      search,ingest');
    expect(text).toContain('principals:  none (public documents only)');
    expect(text).toContain("rate limit:  the gateway's default (RATE_LIMIT_PER_MINUTE)");
  });

  it('shows the principals and rate limit a new key was given', () => {
    const key = `trb_0123456789ab_${'s'.repeat(43)}`;
    const text = formatCreatedKey(
      key,
      record({ principals: ['group:support', 'user:ana'], rateLimitPerMinute: 120 }),
    );
    expect(text).toContain('principals:  group:support, user:ana');
    expect(text).toContain('rate limit:  120 requests per minute');
    expect(formatCreatedKey(key, record({ principals: ['*'] }))).toContain(
      'principals:  * (any principal the caller names)',
    );
  });

  it('lists keys as an aligned table with revoked ones marked and a count line', () => {
    const text = formatApiKeyTable([
      record(),
      record({
        id: 'ba9876543210',
        name: 'old reader',
        tenant: 'acme.prod',
        scopes: ['search', 'admin'],
        principals: ['group:support', 'user:a-very-long-principal-name'],
        rateLimitPerMinute: 1200,
        revokedAt: '2026-11-24T08:30:00.000Z',
      }),
    ]);
    expect(text.split('\n')).toEqual([
      'ID            TENANT     SCOPES        PRINCIPALS                        PER MIN  CREATED               STATUS                        NAME',
      '0123456789ab  default    ingest        -                                 default  2026-11-23 10:00:00Z  active                        ingest bot',
      'ba9876543210  acme.prod  search,admin  group:support,user:a-very-long-…  1200     2026-11-23 10:00:00Z  revoked 2026-11-24 08:30:00Z  old reader',
      '2 API keys (1 revoked)',
    ]);
  });

  it('says how to create a key when there is none', () => {
    expect(formatApiKeyTable([])).toMatch(/no API keys yet.*tributary keys create/);
  });
});
