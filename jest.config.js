// Two projects: `unit` (pure core and adapters against loopback fakes) and
// `e2e` (whole rollouts on the local Kubernetes world). ESM throughout,
// because @kubernetes/client-node ships only ES modules.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'es6' } }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
  testEnvironment: 'node',
  // Jest 30 "soft-deletes" globals between test files in a worker; its setter
  // then recurses without end (RangeError in jest-util's deleteProperty) when
  // a later file's child_process code sets one of them. Nothing here leaks
  // through globals, so the cleanup is off.
  testEnvironmentOptions: { globalsCleanup: 'off' },
};
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/controller/**/*.test.ts', '<rootDir>/e2e/**/*.unit.test.ts', '<rootDir>/bench/**/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/tests/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/e2e/jest-global-setup.mjs',
      globalTeardown: '<rootDir>/e2e/jest-global-teardown.mjs',
    },
  ],
};
