export const ELASTICSEARCH = Symbol('ELASTICSEARCH');
export const EMBEDDINGS = Symbol('EMBEDDINGS');
export const CHUNK_INDEX = Symbol('CHUNK_INDEX');
export const LOGGER = Symbol('LOGGER');
export const API_KEYS = Symbol('API_KEYS');
export const REDIS = Symbol('REDIS');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');
