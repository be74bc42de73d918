import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/count-reporter.ts'],
    // CLI tests start real processes (tsx + Mintlify/Redocly imports): seconds each on 2 cores.
    testTimeout: 120_000,
    // Test files share a worker's module cache: each file otherwise re-imported Redocly,
    // Mintlify's validation, secretlint and micromark (~1-1.5 s of CPU per file; the suite took
    // ~110 s of CPU isolated, ~70 s shared). Tests restore what they change in process.env.
    isolate: false,
    // Vitest's default is one worker per core but one: on two cores, one, and the suite ran file by
    // file (~80 s). Many tests wait on child processes they start (the CLI, mint, watch mode), so a
    // second worker overlaps them: ~55 s on two cores.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    hookTimeout: 120_000,
  },
});
