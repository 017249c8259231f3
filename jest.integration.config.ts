// Integration tests: each project's *.integration.spec.ts against the real
// Kafka, Elasticsearch and Redis of the local stack (npm run stack:up).
export default {
  displayName: 'integration',
  preset: './jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/{apps,libs}/**/*.integration.spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
};
