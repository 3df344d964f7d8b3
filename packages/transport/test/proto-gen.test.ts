/**
 * The committed src/gen must be exactly what `pnpm run gen` produces from proto/*.proto (runs buf + protoc-gen-es
 * from devDependencies, about a second).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('src/gen is up to date with proto/*.proto (scripts/gen-check.mjs)', () => {
  const script = fileURLToPath(new URL('../scripts/gen-check.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  expect(`${run.stdout}${run.stderr}`).toContain('src/gen is up to date');
  expect(run.status).toBe(0);
}, 60_000);
