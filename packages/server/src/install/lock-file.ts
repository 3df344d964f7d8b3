/**
 * `rcs-lock.json`, in the (first) bundle directory: what `rcs install` resolved for each requested range, exactly
 * enough to install the same bytes again (docs/bundles.md#the-lock-file). One entry per (package, range); two
 * ranges of one package (`x@^1` and `x@^2`) are two entries and two installed versions side by side. Written
 * atomically (core's `writeFileAtomic`), entries sorted, so it diffs well under version control.
 *
 * @packageDocumentation
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@rcskit/core';
import { InstallError } from './install-error.js';

/** The lock file's name. */
export const LOCK_FILE = 'rcs-lock.json';

/** One resolved request. */
export interface LockedBundle {
  /** The npm package. */
  readonly package: string;
  /** The range it was installed for (npm or OpenICF syntax, as given). */
  readonly range: string;
  /** What was asked for, when that was a bundle name rather than the package. */
  readonly requestedAs?: string | undefined;
  readonly version: string;
  readonly integrity: string;
  /** The tarball URL it came from (informational: installs fetch by name, version and integrity). */
  readonly resolved?: string | undefined;
  readonly bundleName: string;
  readonly bundleVersion: string;
  /** Its directory, relative to the bundle directory. */
  readonly dir: string;
}

/** The whole file. */
export interface LockFile {
  readonly lockfileVersion: 1;
  readonly bundles: readonly LockedBundle[];
}

/** An empty lock. */
export const EMPTY_LOCK: LockFile = { lockfileVersion: 1, bundles: [] };

function isLockedBundle(value: unknown): value is LockedBundle {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['package', 'range', 'version', 'integrity', 'bundleName', 'bundleVersion', 'dir'].every(
    (key) => typeof v[key] === 'string' && v[key] !== '',
  );
}

/**
 * Reads the lock of a bundle directory; a missing file is an empty lock.
 *
 * @throws InstallError when the file exists but is not a lock file this version reads.
 */
export async function readLock(bundleDir: string): Promise<LockFile> {
  const path = join(bundleDir, LOCK_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_LOCK;
    throw new InstallError(`cannot read ${path}: ${(error as Error).message}`, 'failed');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InstallError(`${path} is not JSON: ${(error as Error).message}`, 'lock-mismatch');
  }
  const lock = json as Partial<LockFile>;
  if (lock.lockfileVersion !== 1 || !Array.isArray(lock.bundles) || !lock.bundles.every(isLockedBundle)) {
    throw new InstallError(
      `${path} is not an rcs lock file (lockfileVersion 1 with bundles[] of package, range, version, integrity, bundleName, bundleVersion, dir)`,
      'lock-mismatch',
    );
  }
  return { lockfileVersion: 1, bundles: lock.bundles };
}

/** The entries in file order: by package, then range. */
export function sortLocked(bundles: readonly LockedBundle[]): LockedBundle[] {
  return [...bundles].sort((a, b) => a.package.localeCompare(b.package) || a.range.localeCompare(b.range));
}

/** Writes the lock atomically. */
export async function writeLock(bundleDir: string, bundles: readonly LockedBundle[]): Promise<void> {
  const lock: LockFile = { lockfileVersion: 1, bundles: sortLocked(bundles) };
  await writeFileAtomic(join(bundleDir, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
}

/** Whether two entries are the same request (package and range). */
export function sameRequest(
  a: Pick<LockedBundle, 'package' | 'range'>,
  b: Pick<LockedBundle, 'package' | 'range'>,
) {
  return a.package === b.package && a.range === b.range;
}
