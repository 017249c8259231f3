import { UsageError } from './connector.factory';
import { createInput } from './keys.command';

describe('keys create arguments', () => {
  const flags = { name: 'ingest bot', tenant: 'default', scope: ['ingest'], principal: [] };

  it('turns the flags into a validated key input', () => {
    expect(createInput({ ...flags, scope: ['admin', 'search'] })).toEqual({
      name: 'ingest bot',
      tenant: 'default',
      scopes: ['search', 'admin'],
    });
  });

  it('passes repeated --principal flags and --rate-limit on to the key', () => {
    expect(
      createInput({ ...flags, principal: ['group:support', 'user:ana'], rateLimit: '120' }),
    ).toMatchObject({ principals: ['group:support', 'user:ana'], rateLimitPerMinute: 120 });
  });

  it('leaves principals and the rate limit out when the flags are not given', () => {
    const input = createInput(flags);
    expect(input).not.toHaveProperty('principals');
    expect(input).not.toHaveProperty('rateLimitPerMinute');
  });

  it.each([
    ['no --name', { name: undefined }, /--name/],
    ['no --tenant', { tenant: undefined }, /--tenant/],
    ['no --scope', { scope: [] }, /--scope/],
    ['a bad tenant', { tenant: 'Not Valid' }, /tenant "Not Valid"/],
    ['an unknown scope', { scope: ['ingest', 'root'] }, /unknown API key scope "root"/],
    ['an empty --principal', { principal: [''] }, /principals must be 1-256 characters/],
    ['a --rate-limit that is not a whole number', { rateLimit: '1.5' }, /--rate-limit takes a whole number/],
    ['a --rate-limit of 0', { rateLimit: '0' }, /rate limit must be .* 1-1,000,000, not 0/],
    ['a --rate-limit above 1,000,000', { rateLimit: '1000001' }, /1-1,000,000/],
  ])('calls %s a usage error', (_what, change, message) => {
    expect(() => createInput({ ...flags, ...change })).toThrow(UsageError);
    expect(() => createInput({ ...flags, ...change })).toThrow(message);
  });
});
