export * from './app-process';
export * from './eventually';
export * from './real-services';
export * from './minimal-pdf';
export * from './test-site';
