import { PrincipalNotAllowedError, resolvePrincipals } from './search-caller';

describe('resolvePrincipals', () => {
  it('reads as the key’s own principals when the request names none, never as "*"', () => {
    expect(resolvePrincipals(['group:eng', '*'], undefined)).toEqual(['group:eng']);
    expect(resolvePrincipals(undefined, undefined)).toEqual([]);
  });

  it('lets a key act only for principals it lists, or for anyone with "*"', () => {
    expect(resolvePrincipals(['group:eng', 'user:ann'], ['user:ann'])).toEqual(['user:ann']);
    expect(resolvePrincipals(['*'], ['user:zed', 'user:zed'])).toEqual(['user:zed']);
    expect(() => resolvePrincipals(['group:eng'], ['group:admins'])).toThrow(PrincipalNotAllowedError);
    expect(() => resolvePrincipals(undefined, ['user:ann'])).toThrow('may not act for principal "user:ann"');
  });
});
