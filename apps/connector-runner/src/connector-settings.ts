import type { ConnectorInstance } from '@tributary/connectors-data-access';

const SECRET_NAME = /password|secret|token|apikey|api-key|credential/i;

/** A URL's password (postgres://user:pw@host) replaced, so settings can be shown and stored. */
function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}

/**
 * The connector's own options as `connector list` shows them: unset and empty
 * ones dropped, secrets redacted (by name, and passwords inside URLs).
 */
export function publicSettings(options: Record<string, unknown>): ConnectorInstance['settings'] {
  const settings: ConnectorInstance['settings'] = {};
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    if (SECRET_NAME.test(name)) settings[name] = '***';
    else if (typeof value === 'string') settings[name] = redactUrl(value);
    else if (typeof value === 'number' || typeof value === 'boolean') settings[name] = value;
    else if (Array.isArray(value) && value.length > 0) settings[name] = value.map(String);
  }
  return settings;
}
