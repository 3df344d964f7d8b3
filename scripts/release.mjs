#!/usr/bin/env node
/**
 * `pnpm release`: the whole workspace from pending changesets to the registry (docs/bundles.md#releasing).
 *
 * 1. build (so the check below can use the current server), and note each bundle's npm and bundle version;
 * 2. `changeset version` — new versions, changelogs, internal dependency ranges;
 * 3. build again, with the new versions;
 * 4. the release check (`release-check.mjs`): every bundle servable by the new `@rcskit/core`, every moved
 *    bundle with a higher bundle version — or stop here;
 * 5. `pnpm test` (skip with `--skip-test`, e.g. when CI already ran it on this commit);
 * 6. `changeset publish` to the registry of the `.npmrc` in effect (skip with `--no-publish`). Publishing goes
 *    through pnpm, so `workspace:` ranges become the released versions (`workspace:^` → `^0.2.0`).
 *
 * `--cwd <dir>` runs it on another checkout (the release tests use a copy of the repository).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleIdentities, releaseProblems } from './release-check.mjs';

const args = process.argv.slice(2);
const cwdIndex = args.indexOf('--cwd');
const root =
  cwdIndex >= 0 ? resolve(args[cwdIndex + 1]) : join(dirname(fileURLToPath(import.meta.url)), '..');
const skipTest = args.includes('--skip-test');
const publish = !args.includes('--no-publish');

function step(title, command, commandArgs) {
  process.stdout.write(`\n▶ ${title}: ${command} ${commandArgs.join(' ')}\n`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`release: ${title} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(1);
  }
}

step('build', 'pnpm', ['build']);
const before = await bundleIdentities(root);
step('version', 'pnpm', ['exec', 'changeset', 'version']);
step('build', 'pnpm', ['build']);
const problems = await releaseProblems(root, before);
if (problems.length > 0) {
  process.stderr.write(
    `\nrelease: the new versions would break the repository's bundles:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
const after = await bundleIdentities(root);
for (const [name, { version, bundleVersion }] of Object.entries(after)) {
  const was = before[name];
  const moved =
    was !== undefined && was.version !== version ? ` (was ${was.version}, bundle ${was.bundleVersion})` : '';
  process.stdout.write(`  ${name} ${version} → bundle ${bundleVersion}${moved}\n`);
}
if (!skipTest) step('test', 'pnpm', ['test']);
if (publish) step('publish', 'pnpm', ['exec', 'changeset', 'publish']);
process.stdout.write('\nrelease: done\n');
