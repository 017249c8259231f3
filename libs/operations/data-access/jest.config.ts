export default {
  displayName: 'operations-data-access',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$'],
  // Its readers are I/O only: their tests are the integration specs, against real Redis.
  passWithNoTests: true,
};
