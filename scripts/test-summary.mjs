#!/usr/bin/env node
// Adds up the vitest JSON results of every workspace package into one closing line:
// "N passed, N failed, N skipped". Exits non-zero when a result file reports failures or none were found.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const group of ['packages', 'connectors', 'examples', '.']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  const candidates = group === '.' ? ['bench'] : readdirSync(dir);
  for (const name of candidates) {
    const file = join(dir, name, '.test-results', 'vitest.json');
    if (!existsSync(file)) continue;
    const result = JSON.parse(readFileSync(file, 'utf8'));
    files++;
    passed += result.numPassedTests ?? 0;
    failed += result.numFailedTests ?? 0;
    skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  }
}
console.log(`test packages: ${files}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(files === 0 || failed > 0 ? 1 : 0);
