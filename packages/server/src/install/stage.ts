/**
 * Installing one package version into a bundle directory without ever leaving a half-done install where the
 * server looks (docs/bundles.md#installing-from-a-registry):
 *
 * 1. `.rcs-staging-*` — a dot directory inside the bundle directory, so on the same file system and ignored by
 *    bundle discovery — receives the tarball through pacote, which checks it against the integrity the registry
 *    (or the lock file) gives;
 * 2. the bundle's own dependencies are installed there by Arborist (npm's installer), production only, without
 *    lifecycle scripts, peer dependencies left to the host (the server provides `@rcskit/core`);
 * 3. the result must be a bundle this server can serve: an `rcskit.bundle` manifest, and a framework range that
 *    accepts this server's `@rcskit/core`;
 * 4. only then {@link commitStaged} renames it to `<name>@<version>` (`@acme/x` → `acme+x@1.1.0`) — one atomic
 *    rename, which the running server's watcher sees as one complete new bundle.
 *
 * Any failure removes the staging directory; nothing else was touched.
 *
 * @packageDocumentation
 */
import { mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Arborist from '@npmcli/arborist';
import pacote from 'pacote';
import { BundleError } from '../bundles/bundle-error.js';
import { manifestFromPackage } from '../bundles/manifest.js';
import { checkFramework } from '../bundles/resolve.js';
import { InstallError } from './install-error.js';
import type { LockedBundle } from './lock-file.js';
import { registryError } from './registry-client.js';
import { type RegistryOptions, registryFor } from './registry-options.js';

/** Prefix of staging directories (dot: discovery skips them). */
export const STAGING_PREFIX = '.rcs-staging-';

/** A package version ready to be put in place, or already there. */
export interface StagedBundle {
  readonly locked: LockedBundle;
  /** Where it will live. */
  readonly finalDir: string;
  /** The staging directory holding it, or undefined when {@link finalDir} already holds this version. */
  readonly stagingDir?: string | undefined;
}

/** What to stage. */
export interface StageRequest {
  readonly package: string;
  readonly version: string;
  readonly range: string;
  readonly requestedAs?: string | undefined;
  /** Expected integrity (from the lock file); default: the registry's. */
  readonly integrity?: string | undefined;
}

/** `@acme/connector-x` + `1.1.0` → `acme+connector-x@1.1.0`. */
export function installDirName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '+')}@${version}`;
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function hasDependencies(pkg: Record<string, unknown>): boolean {
  const deps = pkg.dependencies;
  return typeof deps === 'object' && deps !== null && Object.keys(deps).length > 0;
}

/** Checks an extracted package is a bundle this server serves, and returns its lock entry. */
function verifyBundle(
  dir: string,
  pkg: Record<string, unknown>,
  request: StageRequest,
  integrity: string,
  resolved: string | undefined,
  coreVersion: string,
  dirName: string,
): LockedBundle {
  const label = `${request.package}@${request.version}`;
  let manifest: ReturnType<typeof manifestFromPackage>;
  try {
    manifest = manifestFromPackage(dir, pkg);
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    throw new InstallError(`${label} has an invalid bundle manifest: ${error.message}`, 'not-a-bundle');
  }
  if (manifest === undefined) {
    throw new InstallError(
      `${label} is not a connector bundle: its package.json has no "rcskit.bundle" manifest (docs/bundles.md)`,
      'not-a-bundle',
    );
  }
  const incompatible = checkFramework(manifest, coreVersion);
  if (incompatible !== undefined) {
    throw new InstallError(`${label} cannot be served here: ${incompatible}`, 'incompatible');
  }
  return {
    package: request.package,
    range: request.range,
    ...(request.requestedAs !== undefined ? { requestedAs: request.requestedAs } : {}),
    version: request.version,
    integrity,
    ...(resolved !== undefined ? { resolved } : {}),
    bundleName: manifest.bundleName,
    bundleVersion: manifest.bundleVersion,
    dir: dirName,
  };
}

/**
 * The bundle directory's copy of a package version, when it already holds it (checked like a new install, and
 * against the lock's integrity when one is given); undefined when it does not.
 *
 * @throws InstallError `lock-mismatch` when the copy has another integrity than the lock's, `failed` when the
 *   directory holds something else.
 */
export async function findInstalled(
  bundleDir: string,
  request: StageRequest,
  coreVersion: string,
): Promise<StagedBundle | undefined> {
  const dirName = installDirName(request.package, request.version);
  const finalDir = join(bundleDir, dirName);
  const spec = `${request.package}@${request.version}`;
  const present = await readJson(join(finalDir, 'package.json'));
  if (present !== undefined && present.name === request.package && present.version === request.version) {
    const marker = await readJson(join(finalDir, '.rcs-install.json'));
    const integrity = typeof marker?.integrity === 'string' ? marker.integrity : (request.integrity ?? '');
    if (request.integrity !== undefined && integrity !== request.integrity) {
      throw new InstallError(
        `${finalDir} holds ${spec} with integrity ${integrity || 'unknown'}, but the lock file says ${request.integrity}: remove the directory and run rcs install again`,
        'lock-mismatch',
      );
    }
    const resolved = typeof marker?.resolved === 'string' ? marker.resolved : undefined;
    return {
      locked: verifyBundle(finalDir, present, request, integrity, resolved, coreVersion, dirName),
      finalDir,
    };
  }
  if (await exists(finalDir)) {
    throw new InstallError(`${finalDir} exists but does not hold ${spec}: move it away first`, 'failed');
  }
  return undefined;
}

/**
 * Stages one package version (see the module notes). When the bundle directory already holds that version, nothing
 * is downloaded and the existing directory is checked instead.
 *
 * @throws InstallError `integrity`, `unreachable`, `unauthorized`, `not-a-bundle`, `incompatible`, `failed`.
 */
export async function stageBundle(
  bundleDir: string,
  request: StageRequest,
  options: RegistryOptions,
  coreVersion: string,
): Promise<StagedBundle> {
  const installed = await findInstalled(bundleDir, request, coreVersion);
  if (installed !== undefined) return installed;
  const dirName = installDirName(request.package, request.version);
  const finalDir = join(bundleDir, dirName);
  const spec = `${request.package}@${request.version}`;
  const registry = registryFor(request.package, options);
  const stagingDir = await mkdtemp(join(bundleDir, STAGING_PREFIX));
  const packageDir = join(stagingDir, 'package');
  try {
    let fetched: pacote.FetchResult;
    try {
      fetched = await pacote.extract(spec, packageDir, {
        ...options,
        ...(request.integrity !== undefined ? { integrity: request.integrity } : {}),
      } as pacote.Options);
    } catch (error) {
      throw registryError(error, spec, registry);
    }
    const pkg = await readJson(join(packageDir, 'package.json'));
    if (pkg === undefined)
      throw new InstallError(`${spec}: its tarball has no readable package.json`, 'not-a-bundle');
    const locked = verifyBundle(
      finalDir,
      pkg,
      request,
      String(fetched.integrity),
      fetched.resolved,
      coreVersion,
      dirName,
    );
    if (hasDependencies(pkg)) {
      try {
        const arborist = new Arborist({
          ...options,
          path: packageDir,
          legacyPeerDeps: true,
          ignoreScripts: true,
          audit: false,
          fund: false,
          packageLock: false,
          save: false,
          progress: false,
        } as ConstructorParameters<typeof Arborist>[0]);
        await arborist.reify({ omit: ['dev'], save: false } as Parameters<Arborist['reify']>[0]);
      } catch (error) {
        throw registryError(error, `the dependencies of ${spec}`, registry);
      }
    }
    await writeMarker(packageDir, locked);
    return { locked, finalDir, stagingDir };
  } catch (error) {
    await rm(stagingDir, { recursive: true, force: true });
    throw error;
  }
}

/** `.rcs-install.json` in an installed bundle: where it came from, so a later `rcs install` can check it. */
async function writeMarker(packageDir: string, locked: LockedBundle): Promise<void> {
  const marker = {
    package: locked.package,
    version: locked.version,
    integrity: locked.integrity,
    resolved: locked.resolved,
  };
  await writeFile(join(packageDir, '.rcs-install.json'), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Removes the staging directories of `staged` (after a failure). */
export async function discardStaged(staged: readonly StagedBundle[]): Promise<void> {
  await Promise.all(
    staged.map((s) =>
      s.stagingDir === undefined ? undefined : rm(s.stagingDir, { recursive: true, force: true }),
    ),
  );
}

/**
 * Renames every staged bundle into place; when one rename fails, the ones already renamed are moved back and
 * every staging directory is removed.
 */
export async function commitStaged(staged: readonly StagedBundle[]): Promise<void> {
  const done: StagedBundle[] = [];
  try {
    for (const item of staged) {
      if (item.stagingDir === undefined) continue;
      await rename(join(item.stagingDir, 'package'), item.finalDir);
      done.push(item);
    }
  } catch (error) {
    for (const item of done.reverse()) {
      await rename(item.finalDir, join(item.stagingDir!, 'package')).catch(() => {});
    }
    await discardStaged(staged);
    throw new InstallError(
      `moving the new bundles into place failed: ${(error as Error).message}`,
      'failed',
      {
        cause: error,
      },
    );
  }
  await discardStaged(staged);
}
