/** PostgreSQL identifiers as a user writes them on the command line, and as they go into SQL. */

/** PostgreSQL truncates longer names (NAMEDATALEN - 1); refusing them beats querying a different name. */
const MAX_IDENTIFIER_BYTES = 63;
const UNQUOTED = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export class InvalidIdentifierError extends Error {}

/**
 * Parses a possibly qualified name the way SQL does: parts separated by dots,
 * unquoted parts folded to lower case, double-quoted parts taken exactly
 * (`""` is a quote). `public.Articles` names `public.articles`;
 * `"Sales"."Q1.report"` names `Sales` . `Q1.report`.
 */
export function parseQualifiedName(text: string, maxParts: number): string[] {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let part: string;
    if (text[i] === '"') {
      part = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new InvalidIdentifierError(`unterminated quoted name in "${text}"`);
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          i++;
        }
        part += text[i++];
      }
      i++;
    } else {
      const end = text.indexOf('.', i);
      const raw = text.slice(i, end === -1 ? text.length : end);
      if (raw === '') throw new InvalidIdentifierError(`empty name in "${text}"`);
      if (!UNQUOTED.test(raw))
        throw new InvalidIdentifierError(
          `"${raw}" in "${text}" is not a plain name; double-quote names with other characters`,
        );
      part = raw.toLowerCase();
      i += raw.length;
    }
    parts.push(checked(part, text));
    if (i === text.length) break;
    if (text[i] !== '.')
      throw new InvalidIdentifierError(`unexpected "${text[i]}" after a quoted name in "${text}"`);
    i++;
  }
  if (parts.length > maxParts)
    throw new InvalidIdentifierError(
      `"${text}" has ${parts.length} dotted parts; at most ${maxParts} allowed`,
    );
  return parts;
}

/** One column name, parsed like any SQL identifier. */
export function parseColumnName(text: string): string {
  const [name] = parseQualifiedName(text.trim(), 1);
  return name as string;
}

/** Always quoted, so a name never reads as a keyword or as SQL. */
export function quoteIdentifier(name: string): string {
  return `"${checked(name, name).replace(/"/g, '""')}"`;
}

export function quoteQualifiedName(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

function checked(name: string, text: string): string {
  if (name.length === 0) throw new InvalidIdentifierError(`empty name in "${text}"`);
  if (name.includes('\0')) throw new InvalidIdentifierError(`a name may not contain NUL: "${text}"`);
  if (Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES)
    throw new InvalidIdentifierError(`"${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  return name;
}
