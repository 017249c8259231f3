/** The console's session cookie: its name, how it is read from a request and written to a response. */
export const SESSION_COOKIE = 'tributary_console';

export interface SessionCookieOptions {
  ttlSeconds: number;
  /** Send only over HTTPS (production, behind TLS). */
  secure: boolean;
}

/** The session token from a Cookie header, if there is one. */
export function sessionTokenOf(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(at + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/**
 * HttpOnly: page scripts never see the token. SameSite=Strict: no other site's
 * page can make the browser send it, which, with JSON-only state changes, is the
 * CSRF defence.
 */
export function sessionCookie(token: string, { ttlSeconds, secure }: SessionCookieOptions): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${ttlSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie({ secure }: Pick<SessionCookieOptions, 'secure'>): string {
  return [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
