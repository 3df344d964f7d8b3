// Regenerates the protobuf code into a temporary directory and compares it with the committed src/gen.
// Exit code 0 = identical, 1 = out of date (the differences are listed), 2 = the generator failed.
// Usage: pnpm --filter @rcskit/transport run gen:check
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const committedDir = join(pkgDir, 'src', 'gen');
const binDir = join(pkgDir, 'node_modules', '.bin');

function listFiles(dir) {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

function check(outRoot) {
  try {
    // buf prepends --output to the `out` of buf.gen.yaml, so the fresh copy lands in <outRoot>/src/gen.
    execFileSync(join(binDir, 'buf'), ['generate', '--output', outRoot], {
      cwd: pkgDir,
      env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch (err) {
    console.error(`gen:check: buf generate failed: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const freshDir = join(outRoot, 'src', 'gen');
  const committed = listFiles(committedDir);
  const fresh = listFiles(freshDir);
  const problems = [];
  for (const name of fresh) {
    if (!committed.includes(name)) problems.push(`missing from src/gen: ${name}`);
    else if (!readFileSync(join(freshDir, name)).equals(readFileSync(join(committedDir, name)))) {
      problems.push(`out of date: src/gen/${name}`);
    }
  }
  for (const name of committed) {
    if (!fresh.includes(name)) problems.push(`not produced by the generator: src/gen/${name}`);
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`gen:check: ${p}`);
    console.error('gen:check: run `pnpm --filter @rcskit/transport run gen` and commit src/gen');
    return 1;
  }
  console.log(`gen:check: src/gen is up to date (${fresh.length} files)`);
  return 0;
}

const outRoot = mkdtempSync(join(tmpdir(), 'rcskit-transport-gen-'));
try {
  process.exitCode = check(outRoot);
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}
