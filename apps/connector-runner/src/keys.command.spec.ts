import { UsageError } from './connector.factory';
import { createInput } from './keys.command';

describe('keys create arguments', () => {
  const flags = { name: 'ingest bot', tenant: 'default', scope: ['ingest'] };

  it('turns the flags into a validated key input', () => {
    expect(createInput({ ...flags, scope: ['admin', 'search'] })).toEqual({
      name: 'ingest bot',
      tenant: 'default',
      scopes: ['search', 'admin'],
    });
  });

  it.each([
    ['no --name', { name: undefined }, /--name/],
    ['no --tenant', { tenant: undefined }, /--tenant/],
    ['no --scope', { scope: [] }, /--scope/],
    ['a bad tenant', { tenant: 'Not Valid' }, /tenant "Not Valid"/],
    ['an unknown scope', { scope: ['ingest', 'root'] }, /unknown API key scope "root"/],
  ])('calls %s a usage error', (_what, change, message) => {
    expect(() => createInput({ ...flags, ...change })).toThrow(UsageError);
    expect(() => createInput({ ...flags, ...change })).toThrow(message);
  });
});
