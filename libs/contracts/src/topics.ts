// Kafka topic names. Renaming one is a migration: consumers and producers in the
// field keep using the old name until they are upgraded.
export const DOCUMENT_CHANGES_TOPIC = 'tributary.documents.changes';
export const DOCUMENT_CHANGES_DLQ_TOPIC = `${DOCUMENT_CHANGES_TOPIC}.dlq`;
