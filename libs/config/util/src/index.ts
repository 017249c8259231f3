export * from './common-settings';
export * from './config-error';
export * from './load-config';
