import { defineConfig } from 'vitest/config';

/**
 * Vitest settings every package shares: tests under test/, and a JSON result file per package that
 * scripts/test-summary.mjs adds up into one closing line for CI.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
  },
});
