/**
 * `npm run test:cluster`: fault tests on the production-shaped cluster (scripts/cluster.ts), one
 * file at a time (they restart shared services). The global setup starts the cluster's PostgreSQL
 * and Temporal unless they run, and the teardown stops what it started.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 240000,
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  maxWorkers: 1,
};
