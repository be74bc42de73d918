import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/count-reporter.ts'],
    // CLI tests start real processes (tsx + Mintlify/Redocly imports): seconds each on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
