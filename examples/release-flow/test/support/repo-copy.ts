/**
 * A working copy of this repository in a throwaway directory, to run release steps on without touching the real
 * one: every file git tracks or would track (`git ls-files -co --exclude-standard`), each package's built `dist/`,
 * and each package's `node_modules` as the links pnpm made (relative, so workspace links point into the copy; the
 * root `node_modules` is a link to the real one, so third-party packages are shared).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKSPACE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

const PACKAGE_FOLDERS = ['packages', 'connectors', 'examples'];

function packageDirs(root: string): string[] {
  const dirs: string[] = [join(root, 'bench')];
  for (const folder of PACKAGE_FOLDERS) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) dirs.push(join(base, name));
  }
  return dirs.filter((dir) => existsSync(join(dir, 'package.json')));
}

/** Copies the repository (see the module notes); `remove()` deletes the copy. */
export function copyRepository(root = WORKSPACE): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rcskit-repo-copy-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root })
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(root, f)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file), { verbatimSymlinks: true });
  }
  for (const pkg of packageDirs(root)) {
    const rel = pkg.slice(root.length + 1);
    for (const part of ['dist', 'node_modules']) {
      if (existsSync(join(pkg, part))) {
        cpSync(join(pkg, part), join(dir, rel, part), { recursive: true, verbatimSymlinks: true });
      }
    }
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
