import { defineConfig } from 'vitest/config';

/**
 * Vitest settings every package shares: tests under test/, and a JSON result file per package that
 * scripts/test-summary.mjs adds up into one closing line for CI.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loopback and process tests share two cores with everything else in CI; a test that needs a few seconds
    // alone may need several times that there. Speed targets live in bench/, never in test timeouts.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
  },
});
