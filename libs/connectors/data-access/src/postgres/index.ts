export * from './postgres-source.errors';
export * from './postgres-table.connector';
export * from './postgres-table.options';
export { InvalidIdentifierError } from './sql-identifier';
