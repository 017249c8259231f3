/** The database cannot be reached or refuses a query: fatal to the pass. */
export class PostgresSourceError extends Error {}

/** One row cannot become a document: reported for its docId, never fatal. */
export class UnreadableRowError extends Error {}
