export * from './app-process';
export * from './eventually';
export * from './real-services';
