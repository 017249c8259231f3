export const ELASTICSEARCH = Symbol('ELASTICSEARCH');
export const EMBEDDINGS = Symbol('EMBEDDINGS');
export const LOGGER = Symbol('LOGGER');
