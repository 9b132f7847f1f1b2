/** Unit, workflow (time-skipping server), integration (dev server) and database tests. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The cluster's fault tests have their own run: npm run test:cluster (test/cluster/jest.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  maxWorkers: 2,
};
