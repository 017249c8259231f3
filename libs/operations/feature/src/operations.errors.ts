/** What the operator named does not exist: no such dead letter, connector source… (404 for the console). */
export class OperationsNotFoundError extends Error {
  override name = 'OperationsNotFoundError';
}

/** The operator's input is malformed or out of bounds (400 for the console, exit 2 for a CLI). */
export class OperationsInputError extends Error {
  override name = 'OperationsInputError';
}
