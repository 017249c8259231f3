export const REDIS = Symbol('REDIS');
export const ELASTICSEARCH = Symbol('ELASTICSEARCH');
export const LOGGER = Symbol('LOGGER');
