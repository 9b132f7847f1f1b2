/** Unit, workflow (time-skipping server), integration (dev server) and database tests. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  maxWorkers: 2,
};
