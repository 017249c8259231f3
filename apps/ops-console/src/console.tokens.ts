export const KAFKA = Symbol('KAFKA');
export const REDIS = Symbol('REDIS');
export const ELASTICSEARCH = Symbol('ELASTICSEARCH');
export const LOGGER = Symbol('LOGGER');
export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');
