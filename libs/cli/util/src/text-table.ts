// Plain-text output shared by the operator commands (dlq, keys).

/** One line, at most `max` characters: long values end in "…". */
export function truncate(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** "2026-11-23T10:00:00.000Z" → "2026-11-23 10:00:00Z"; anything unparseable as it came. */
export function formatWhen(iso: string | null): string {
  if (!iso) return '-';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Rows (the header first) as aligned columns; the last column is not padded, so no line ends in blanks. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const columns = rows[0]?.length ?? 0;
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  '),
  );
}
