export const KAFKA = Symbol('KAFKA');
export const ELASTICSEARCH = Symbol('ELASTICSEARCH');
export const CHUNK_INDEX = Symbol('CHUNK_INDEX');
export const EMBEDDINGS = Symbol('EMBEDDINGS');
export const INDEXING = Symbol('INDEXING');
export const LOGGER = Symbol('LOGGER');
