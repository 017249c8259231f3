import {
  formatApiKey,
  generateApiKeyParts,
  hashSecret,
  InvalidApiKeyInputError,
  isApiKeyId,
  parseApiKey,
  secretMatches,
  validateApiKeyInput,
} from './api-key.format';

describe('API key format', () => {
  it('generates a 12-hex id and a 32-byte base64url secret that round-trip through the key text', () => {
    const parts = generateApiKeyParts();
    expect(parts.id).toMatch(/^[0-9a-f]{12}$/);
    expect(Buffer.from(parts.secret, 'base64url')).toHaveLength(32);
    const key = formatApiKey(parts);
    expect(key).toBe(`trb_${parts.id}_${parts.secret}`);
    expect(parseApiKey(key)).toEqual(parts);
  });

  it('parses a secret that itself contains underscores', () => {
    const parts = { id: '0123456789ab', secret: `_${'a'.repeat(20)}_${'b'.repeat(21)}` };
    expect(parseApiKey(formatApiKey(parts))).toEqual(parts);
  });

  it.each([
    '',
    'trb_0123456789ab',
    `trb_0123456789AB_${'a'.repeat(43)}`,
    `trb_0123456789a_${'a'.repeat(43)}`,
    `trb_0123456789ab_${'a'.repeat(42)}`,
    `trb_0123456789ab_${'a'.repeat(44)}`,
    `xyz_0123456789ab_${'a'.repeat(43)}`,
    `trb_0123456789ab_${'a'.repeat(42)}=`,
    ` trb_0123456789ab_${'a'.repeat(43)}`,
  ])('calls %p malformed', (text) => {
    expect(parseApiKey(text)).toBeUndefined();
  });

  it('recognises key ids', () => {
    expect(isApiKeyId('0123456789ab')).toBe(true);
    for (const text of ['0123456789AB', '0123456789a', 'trb_0123456789ab', ''])
      expect(isApiKeyId(text)).toBe(false);
  });
});

describe('API key secret hashing', () => {
  it('hashes with sha256 hex', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches only the secret that was hashed', () => {
    const stored = hashSecret('the-secret');
    expect(secretMatches('the-secret', stored)).toBe(true);
    expect(secretMatches('the-secreT', stored)).toBe(false);
  });

  it('refuses, without throwing, a stored hash of the wrong length', () => {
    expect(secretMatches('the-secret', 'abcd')).toBe(false);
    expect(secretMatches('the-secret', '')).toBe(false);
  });
});

describe('API key input validation', () => {
  const valid = { name: 'ingest bot', tenant: 'acme.prod-1', scopes: ['ingest'] as const };

  it('trims the name and keeps scopes once, in the canonical order', () => {
    expect(validateApiKeyInput({ ...valid, name: '  bot  ', scopes: ['admin', 'search', 'admin'] })).toEqual({
      name: 'bot',
      tenant: 'acme.prod-1',
      scopes: ['search', 'admin'],
    });
  });

  it('keeps principals once, in the order given, and the rate limit', () => {
    expect(
      validateApiKeyInput({
        ...valid,
        principals: ['group:support', 'user:ana', 'group:support'],
        rateLimitPerMinute: 120,
      }),
    ).toEqual({ ...valid, principals: ['group:support', 'user:ana'], rateLimitPerMinute: 120 });
  });

  it('leaves principals and the rate limit absent when not given, and drops an empty principal list', () => {
    expect(validateApiKeyInput(valid)).toStrictEqual({ ...valid, scopes: ['ingest'] });
    expect(validateApiKeyInput({ ...valid, principals: [] })).not.toHaveProperty('principals');
  });

  it('accepts the bounds: 64 principals of 256 characters, the any-principal "*", 1 and 1,000,000 per minute', () => {
    const principals = Array.from({ length: 64 }, (_, i) => `${i}`.padStart(256, 'p'));
    expect(validateApiKeyInput({ ...valid, principals }).principals).toHaveLength(64);
    expect(validateApiKeyInput({ ...valid, principals: ['*'] }).principals).toEqual(['*']);
    expect(validateApiKeyInput({ ...valid, rateLimitPerMinute: 1 }).rateLimitPerMinute).toBe(1);
    expect(validateApiKeyInput({ ...valid, rateLimitPerMinute: 1_000_000 }).rateLimitPerMinute).toBe(
      1_000_000,
    );
  });

  it('accepts a 64-character name and tenant', () => {
    expect(() =>
      validateApiKeyInput({ ...valid, name: 'n'.repeat(64), tenant: 't'.repeat(64) }),
    ).not.toThrow();
  });

  it.each([
    ['an empty name', { name: '   ' }, /name must be 1-64/],
    ['a 65-character name', { name: 'n'.repeat(65) }, /name must be 1-64/],
    ['a name with a newline', { name: 'a\nb' }, /control characters/],
    ['an uppercase tenant', { tenant: 'Acme' }, /tenant "Acme"/],
    ['a tenant starting with a dot', { tenant: '.acme' }, /tenant/],
    ['a 65-character tenant', { tenant: 't'.repeat(65) }, /tenant/],
    ['no scopes', { scopes: [] }, /at least one scope/],
    ['an unknown scope', { scopes: ['ingest', 'root'] }, /unknown API key scope "root"/],
    ['an empty principal', { principals: ['user:ana', ''] }, /principals must be 1-256 characters/],
    ['a 257-character principal', { principals: ['p'.repeat(257)] }, /principals must be 1-256/],
    [
      '65 distinct principals',
      { principals: Array.from({ length: 65 }, (_, i) => `user:${i}`) },
      /at most 64 principals, not 65/,
    ],
    ['a rate limit of 0', { rateLimitPerMinute: 0 }, /rate limit must be .* 1-1,000,000, not 0/],
    ['a fractional rate limit', { rateLimitPerMinute: 1.5 }, /rate limit/],
    ['a rate limit above 1,000,000', { rateLimitPerMinute: 1_000_001 }, /rate limit/],
    ['a rate limit that is not a number', { rateLimitPerMinute: Number.NaN }, /rate limit/],
  ])('refuses %s', (_what, change, message) => {
    const input = { ...valid, ...change };
    expect(() => validateApiKeyInput(input)).toThrow(InvalidApiKeyInputError);
    expect(() => validateApiKeyInput(input)).toThrow(message);
  });
});
