// Cross-service end-to-end tests: the apps run as real processes against the
// real Kafka, Elasticsearch and Redis of the local stack.
export default {
  displayName: 'e2e',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
