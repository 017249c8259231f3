// Kafka topic names. Renaming one is a migration: consumers and producers in the
// field keep using the old name until they are upgraded.
export const DOCUMENT_CHANGES_TOPIC = 'tributary.documents.changes';
export const DOCUMENT_CHANGES_DLQ_TOPIC = `${DOCUMENT_CHANGES_TOPIC}.dlq`;
// Compacted record of the dead letters an operator redrove or discarded, keyed `${partition}:${offset}`.
export const DOCUMENT_CHANGES_DLQ_HANDLED_TOPIC = `${DOCUMENT_CHANGES_DLQ_TOPIC}.handled`;

// Consumer group whose committed offset per DLQ partition means "every dead letter before it was handled".
export const DLQ_OPERATOR_GROUP = 'tributary.dlq.operator';
