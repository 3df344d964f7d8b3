/**
 * Finding installed bundles. For each bundle directory, these package directories are looked at:
 *
 * - the directory itself (a `bundleDir` may point straight at one bundle);
 * - its direct sub-directories (`connectors/csv`);
 * - `node_modules/<name>` — including npm alias installs such as `node_modules/csv-1.5.20`
 *   (`npm install csv-1.5.20@npm:@rcskit/connector-csv@1.5.20`), which is how two versions of one package sit
 *   side by side — and `node_modules/@scope/<name>`.
 *
 * Symbolic links are followed and every package is seen once (by real path). Dependencies of a bundle (its own
 * `node_modules`) are not scanned. A package is a bundle when its `package.json` has `rcskit.bundle`.
 *
 * @packageDocumentation
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BundleError, type BundleManifest, manifestFromPackage, readPackageJson } from './manifest.js';

/** A directory that looked like a bundle but could not be read as one. */
export interface DiscoveryProblem {
  readonly path: string;
  readonly message: string;
}

/** What {@link discoverBundles} found. */
export interface DiscoveryResult {
  /** Bundles in scan order (bundle directories in order; within one, names sorted). */
  readonly bundles: readonly BundleManifest[];
  readonly problems: readonly DiscoveryProblem[];
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function childDirectories(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (await isDirectory(path)) dirs.push(path);
  }
  return dirs;
}

/** The candidate package directories of one bundle directory (see the module notes). */
async function candidates(bundleDir: string): Promise<string[]> {
  const found = [bundleDir];
  for (const child of await childDirectories(bundleDir)) {
    if (basename(child) === 'node_modules') {
      for (const pkg of await childDirectories(child)) {
        if (basename(pkg).startsWith('@')) found.push(...(await childDirectories(pkg)));
        else found.push(pkg);
      }
    } else {
      found.push(child);
    }
  }
  return found;
}

/** Scans the bundle directories; a missing directory is a problem. */
export async function discoverBundles(bundleDirs: readonly string[]): Promise<DiscoveryResult> {
  const bundles: BundleManifest[] = [];
  const problems: DiscoveryProblem[] = [];
  const seen = new Set<string>();
  for (const bundleDir of bundleDirs) {
    if (!(await isDirectory(bundleDir))) {
      problems.push({
        path: bundleDir,
        message: `bundle directory ${bundleDir} does not exist (check connectorserver.bundleDir)`,
      });
      continue;
    }
    for (const candidate of await candidates(bundleDir)) {
      let real: string;
      try {
        real = await realpath(candidate);
      } catch {
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      const pkg = await readPackageJson(real);
      if (pkg === undefined) continue;
      try {
        const manifest = manifestFromPackage(real, pkg);
        if (manifest !== undefined) bundles.push(manifest);
      } catch (error) {
        if (!(error instanceof BundleError)) throw error;
        problems.push({ path: real, message: error.message });
      }
    }
  }
  return { bundles, problems };
}
