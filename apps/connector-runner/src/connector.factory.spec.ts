import { createConnector, defaultSourceName, UsageError } from './connector.factory';

describe('connector factory', () => {
  it('builds a filesystem connector for a root folder', () => {
    expect(createConnector('filesystem', { root: '/tmp' }).kind).toBe('filesystem');
  });

  it('asks for --root when the filesystem connector has none', () => {
    expect(() => createConnector('filesystem', {})).toThrow(
      new UsageError('the filesystem connector needs --root <dir>'),
    );
  });

  it('names the known kinds when given an unknown one', () => {
    expect(() => createConnector('ftp', {})).toThrow(/unknown connector kind "ftp"; known kinds: filesystem/);
  });

  it('derives a source name in the contract alphabet from the root folder', () => {
    expect(defaultSourceName('filesystem', { root: '/data/My Docs' })).toBe('my-docs');
    expect(defaultSourceName('filesystem', { root: '/data/_Team Wiki!' })).toBe('team-wiki-');
    expect(defaultSourceName('filesystem', {})).toBe('filesystem');
  });
});
