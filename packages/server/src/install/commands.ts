/**
 * `rcs install`, `rcs outdated` and `rcs update` over one bundle directory and its lock file
 * (docs/bundles.md#installing-from-a-registry):
 *
 * - **install `<name>@<range>`…** resolves each request to the highest published version its range accepts,
 *   stages every one of them (download, integrity, dependencies, manifest and framework checks), and only when all
 *   are staged renames them into place and rewrites the lock. One bad request changes nothing.
 * - **install** (no argument) makes the directory hold exactly what the lock lists: missing versions are fetched
 *   with the lock's integrity, after checking the registry still publishes that version with that integrity;
 *   versions an earlier `rcs install` put there that the lock no longer lists are retired.
 * - **outdated** lists, per lock entry, the installed version, the highest its range accepts now, and the highest
 *   published.
 * - **update [name…]** moves each entry (or those of the given packages) to the highest version its range accepts,
 *   and retires the versions no entry uses any more.
 *
 * Retiring renames a version's directory to `.rcs-retired-<dir>-<time>` (discovery skips dot directories), which
 * a running `rcs` sees as the version's removal; such directories older than a day are deleted by later commands.
 *
 * @packageDocumentation
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type BundleRequest, parseBundleRequest } from './bundle-request.js';
import { InstallError } from './install-error.js';
import { type LockedBundle, readLock, sameRequest, writeLock } from './lock-file.js';
import {
  describeVersions,
  fetchVersions,
  type PackageVersions,
  type PublishedVersion,
  packagesForRequest,
  pickPublishedVersion,
} from './registry-client.js';
import type { RegistryOptions } from './registry-options.js';
import {
  commitStaged,
  discardStaged,
  findInstalled,
  type StagedBundle,
  type StageRequest,
  stageBundle,
} from './stage.js';

/** Where and how the commands work. */
export interface InstallContext {
  /** The bundle directory (the first `connectorserver.bundleDir`). */
  readonly bundleDir: string;
  readonly options: RegistryOptions;
  /** This server's `@rcskit/core` version (framework ranges are checked against it). */
  readonly coreVersion: string;
}

/** One line of a command's outcome. */
export interface InstallChange {
  readonly package: string;
  readonly range: string;
  readonly version: string;
  readonly bundleName: string;
  readonly bundleVersion: string;
  readonly dir: string;
  /** `installed` (new directory), `present` (already there), `retired`. */
  readonly action: 'installed' | 'present' | 'retired';
}

/** One row of `rcs outdated`. */
export interface OutdatedRow {
  readonly package: string;
  readonly range: string;
  readonly current: string;
  /** The highest version the range accepts now. */
  readonly wanted: string | undefined;
  /** The highest published version. */
  readonly latest: string | undefined;
}

/** Prefix of retired directories. */
export const RETIRED_PREFIX = '.rcs-retired-';
const RETIRED_KEEP_MS = 24 * 60 * 60_000;

function toChange(locked: LockedBundle, action: InstallChange['action']): InstallChange {
  return {
    package: locked.package,
    range: locked.range,
    version: locked.version,
    bundleName: locked.bundleName,
    bundleVersion: locked.bundleVersion,
    dir: locked.dir,
    action,
  };
}

/** Deletes retired directories older than a day (best effort). */
async function purgeRetired(bundleDir: string, now = Date.now()): Promise<void> {
  let names: string[];
  try {
    names = await readdir(bundleDir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith(RETIRED_PREFIX))) {
    const path = join(bundleDir, name);
    try {
      if (now - (await stat(path)).mtimeMs > RETIRED_KEEP_MS)
        await rm(path, { recursive: true, force: true });
    } catch {
      // Someone else removed it.
    }
  }
}

/** Retires the directories of `old` that no entry of `kept` uses. */
async function retireUnused(
  bundleDir: string,
  old: readonly LockedBundle[],
  kept: readonly LockedBundle[],
): Promise<InstallChange[]> {
  const used = new Set(kept.map((b) => b.dir));
  const changes: InstallChange[] = [];
  const done = new Set<string>();
  for (const entry of old) {
    if (used.has(entry.dir) || done.has(entry.dir)) continue;
    done.add(entry.dir);
    const from = join(bundleDir, entry.dir);
    try {
      await rename(from, join(bundleDir, `${RETIRED_PREFIX}${entry.dir}-${Date.now()}`));
      changes.push(toChange(entry, 'retired'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return changes;
}

/** Stages every request; on any failure, removes what was staged and rethrows. */
async function stageAll(context: InstallContext, requests: readonly StageRequest[]): Promise<StagedBundle[]> {
  const staged: StagedBundle[] = [];
  try {
    for (const request of requests) {
      staged.push(await stageBundle(context.bundleDir, request, context.options, context.coreVersion));
    }
  } catch (error) {
    await discardStaged(staged);
    throw error;
  }
  return staged;
}

function noVersion(pkg: PackageVersions, request: BundleRequest): InstallError {
  const by = request.spec.syntax === 'openicf' ? 'bundle version' : 'npm version';
  return new InstallError(
    `no version of ${pkg.name} on ${pkg.registry} matches ${request.range} (by ${by}); available: ${describeVersions(pkg.versions)}`,
    'no-version',
  );
}

/** What each request resolves to on the registry. */
async function resolveRequests(
  context: InstallContext,
  requests: readonly BundleRequest[],
): Promise<StageRequest[]> {
  const resolved: StageRequest[] = [];
  for (const request of requests) {
    const packages = await packagesForRequest(request, context.options);
    const byName = packages.length === 1 && packages[0]!.name === request.name;
    const picks: [PackageVersions, PublishedVersion | undefined][] = packages.map((pkg) => [
      pkg,
      pickPublishedVersion(pkg.versions, request.spec),
    ]);
    if (picks.every(([, v]) => v === undefined)) throw noVersion(packages[0]!, request);
    for (const [pkg, version] of picks) {
      if (version === undefined) continue;
      resolved.push({
        package: pkg.name,
        version: version.version,
        range: request.range,
        ...(byName ? {} : { requestedAs: request.name }),
      });
    }
  }
  return resolved;
}

/** Puts staged bundles in place, writes the lock, retires what the lock no longer uses. */
async function apply(
  context: InstallContext,
  staged: readonly StagedBundle[],
  previous: readonly LockedBundle[],
  next: readonly LockedBundle[],
): Promise<InstallChange[]> {
  await commitStaged(staged);
  await writeLock(context.bundleDir, next);
  const changes = staged.map((s) => toChange(s.locked, s.stagingDir === undefined ? 'present' : 'installed'));
  return [...changes, ...(await retireUnused(context.bundleDir, previous, next))];
}

/** `rcs install <name>@<range>…`; see the module notes. */
export async function installRequests(
  context: InstallContext,
  texts: readonly string[],
): Promise<InstallChange[]> {
  const requests = texts.map(parseBundleRequest);
  await purgeRetired(context.bundleDir);
  const lock = await readLock(context.bundleDir);
  const staged = await stageAll(context, await resolveRequests(context, requests));
  const replaced = staged.map((s) => s.locked);
  const next = [...lock.bundles.filter((b) => !replaced.some((r) => sameRequest(b, r))), ...replaced];
  return apply(context, staged, lock.bundles, next);
}

/** `rcs install` with no argument: the directory as the lock describes it; see the module notes. */
export async function installFromLock(context: InstallContext): Promise<InstallChange[]> {
  await purgeRetired(context.bundleDir);
  const lock = await readLock(context.bundleDir);
  const requests: StageRequest[] = [];
  for (const entry of lock.bundles) {
    if ((await findInstalled(context.bundleDir, entry, context.coreVersion)) !== undefined) {
      requests.push(entry);
      continue;
    }
    const published = (await fetchVersions(entry.package, context.options)).versions;
    const match = published.find((v) => v.version === entry.version);
    if (match === undefined) {
      throw new InstallError(
        `the lock file names ${entry.package}@${entry.version}, which the registry no longer publishes (available: ${describeVersions(published)}): run rcs update, or rcs install ${entry.package}@${entry.range}`,
        'lock-mismatch',
      );
    }
    if (match.integrity !== undefined && match.integrity !== entry.integrity) {
      throw new InstallError(
        `the lock file's integrity of ${entry.package}@${entry.version} (${entry.integrity}) is not the registry's (${match.integrity}): the published tarball changed; check the registry before trusting it, then run rcs install ${entry.package}@${entry.range}`,
        'lock-mismatch',
      );
    }
    requests.push(entry);
  }
  const staged = await stageAll(context, requests);
  const stray = await managedDirectoriesNotIn(context.bundleDir, lock.bundles);
  const changes = await apply(context, staged, [...lock.bundles, ...stray], lock.bundles);
  return changes;
}

/** Directories an earlier `rcs install` made (they hold `.rcs-install.json`) that the lock does not list. */
async function managedDirectoriesNotIn(
  bundleDir: string,
  locked: readonly LockedBundle[],
): Promise<LockedBundle[]> {
  const listed = new Set(locked.map((b) => b.dir));
  const stray: LockedBundle[] = [];
  let names: string[];
  try {
    names = await readdir(bundleDir);
  } catch {
    return [];
  }
  for (const name of names) {
    if (name.startsWith('.') || listed.has(name)) continue;
    try {
      await stat(join(bundleDir, name, '.rcs-install.json'));
    } catch {
      continue;
    }
    stray.push({
      package: name,
      range: '',
      version: '',
      integrity: '',
      bundleName: name,
      bundleVersion: '',
      dir: name,
    });
  }
  return stray;
}

/** `rcs outdated`; see the module notes. */
export async function outdatedBundles(context: InstallContext): Promise<OutdatedRow[]> {
  const lock = await readLock(context.bundleDir);
  const rows: OutdatedRow[] = [];
  const cache = new Map<string, PackageVersions>();
  for (const entry of lock.bundles) {
    let pkg = cache.get(entry.package);
    if (pkg === undefined) {
      pkg = await fetchVersions(entry.package, context.options);
      cache.set(entry.package, pkg);
    }
    const request = parseBundleRequest(`${entry.package}@${entry.range}`);
    rows.push({
      package: entry.package,
      range: entry.range,
      current: entry.version,
      wanted: pickPublishedVersion(pkg.versions, request.spec)?.version,
      latest: pkg.versions.filter((v) => !v.version.includes('-')).at(-1)?.version,
    });
  }
  return rows;
}

/** `rcs update [package…]`; see the module notes. */
export async function updateBundles(
  context: InstallContext,
  packages: readonly string[] = [],
): Promise<InstallChange[]> {
  await purgeRetired(context.bundleDir);
  const lock = await readLock(context.bundleDir);
  const unknown = packages.filter((p) => !lock.bundles.some((b) => b.package === p));
  if (unknown.length > 0) {
    throw new InstallError(
      `the lock file has no entry for ${unknown.join(', ')} (entries: ${lock.bundles.map((b) => `${b.package}@${b.range}`).join(', ') || 'none'}): use rcs install <package>@<range>`,
    );
  }
  const rows = await outdatedBundles(context);
  const moves: StageRequest[] = [];
  for (const [i, row] of rows.entries()) {
    const entry = lock.bundles[i]!;
    if (packages.length > 0 && !packages.includes(entry.package)) continue;
    if (row.wanted === undefined) {
      throw new InstallError(
        `${entry.package}@${entry.range}: the registry no longer publishes any version in the range (installed: ${entry.version})`,
        'lock-mismatch',
      );
    }
    if (row.wanted !== entry.version) {
      moves.push({
        package: entry.package,
        version: row.wanted,
        range: entry.range,
        requestedAs: entry.requestedAs,
      });
    }
  }
  const staged = await stageAll(context, moves);
  const moved = staged.map((s) => s.locked);
  const next = lock.bundles.map((b) => moved.find((m) => sameRequest(b, m)) ?? b);
  return apply(context, staged, lock.bundles, next);
}
