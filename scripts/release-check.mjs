/**
 * The release check (docs/bundles.md#releasing): after `changeset version`, every bundle of the workspace must be
 * servable by the `@rcskit/core` it is released with, and every bundle whose npm version moved must have moved its
 * bundle version too (forward), so no release makes the repository's own bundles unloadable or a duplicate of an
 * earlier release. Uses the built `@rcskit/server` of the workspace being checked (its manifest and framework
 * rules are the ones `rcs` applies).
 *
 * Exported for `scripts/release.mjs` and for the release tests; no dependencies beyond Node and the workspace.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The folders holding workspace packages (pnpm-workspace.yaml's `packages/*`, `connectors/*`). */
const PACKAGE_FOLDERS = ['packages', 'connectors'];

/** Every workspace package directory with its package.json. */
export function workspacePackages(root) {
  const found = [];
  for (const folder of PACKAGE_FOLDERS) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = join(base, name, 'package.json');
      if (!existsSync(file)) continue;
      found.push({ dir: join(base, name), pkg: JSON.parse(readFileSync(file, 'utf8')) });
    }
  }
  return found;
}

/** The built `@rcskit/server` of a workspace. */
export async function serverOf(root) {
  const entry = join(root, 'packages', 'server', 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the workspace first (pnpm build)`);
  return import(pathToFileURL(entry).href);
}

/** The built `@rcskit/core` of a workspace. */
async function coreOf(root) {
  return import(pathToFileURL(join(root, 'packages', 'core', 'dist', 'index.js')).href);
}

/** `{ name → { version, bundleVersion } }` of the workspace's bundles now. */
export async function bundleIdentities(root) {
  const server = await serverOf(root);
  const identities = {};
  for (const { dir, pkg } of workspacePackages(root)) {
    if (pkg.rcskit?.bundle === undefined) continue;
    let bundleVersion;
    try {
      bundleVersion = server.bundleVersionFor(pkg.rcskit.bundle.bundleVersion, pkg.version);
    } catch (error) {
      bundleVersion = `invalid: ${error.message}`;
    }
    identities[pkg.name] = { dir, version: pkg.version, bundleVersion };
  }
  return identities;
}

/**
 * The problems that stop a release: a bundle whose manifest is invalid, whose framework range refuses the
 * workspace's `@rcskit/core`, or whose bundle version did not move forward with its npm version (compared with
 * `before`, the identities from before `changeset version`).
 */
export async function releaseProblems(root, before = {}) {
  const server = await serverOf(root);
  const { Version } = await coreOf(root);
  const core = JSON.parse(readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8')).version;
  const problems = [];
  for (const { dir, pkg } of workspacePackages(root)) {
    if (pkg.rcskit?.bundle === undefined) continue;
    let manifest;
    try {
      manifest = server.manifestFromPackage(dir, pkg);
    } catch (error) {
      problems.push(error.message);
      continue;
    }
    const incompatible = server.checkFramework(manifest, core);
    if (incompatible !== undefined) {
      problems.push(
        `${incompatible} (${manifest.frameworkSource}; let the range follow the release: depend on "@rcskit/core": "workspace:^" and drop "rcskit.bundle.framework")`,
      );
    }
    const was = before[pkg.name];
    if (was === undefined || was.version === pkg.version) continue;
    const older = Version.parse(was.bundleVersion);
    const now = Version.parse(manifest.bundleVersion);
    if (now.compareTo(older) <= 0) {
      problems.push(
        `${pkg.name} moves from ${was.version} to ${pkg.version}, but its bundle version goes from ${was.bundleVersion} to ${manifest.bundleVersion}: ` +
          `a new release must have a higher bundle version (a template such as "{major}.{minor}.20.{patch}" follows the npm version; see docs/bundles.md#versions-follow-releases)`,
      );
    }
  }
  return problems;
}
