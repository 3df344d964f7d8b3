/**
 * How a bundle's two release-dependent manifest values follow the package it ships in
 * (docs/bundles.md#versions-follow-releases):
 *
 * - **The bundle version comes from the npm version.** `rcskit.bundle.bundleVersion` is either omitted (the npm
 *   version in OpenICF syntax), a **template** with `{major}`, `{minor}` and `{patch}` placeholders that the npm
 *   version fills (`"{major}.{minor}.20.{patch}"`: npm 1.5.15 → 1.5.20.15, the four-part version IDM
 *   configurations written for a Java bundle expect), or a literal OpenICF version (an identity that never moves;
 *   the release check refuses to release a new npm version under it). An npm prerelease becomes the qualifier.
 * - **The framework range comes from the dependency on `@rcskit/core`.** Without `rcskit.bundle.framework`, the
 *   range is the bundle's `peerDependencies` (else `dependencies`) entry for `@rcskit/core`. A `workspace:`
 *   range — a bundle inside this repository — is read as pnpm publishes it: `workspace:^` → `^<core version>`,
 *   `workspace:~` → `~<core version>`, `workspace:*` → the exact version. So a release that moves core moves
 *   the range with it, and the published tarball carries the same range the workspace was checked with.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Version } from '@rcskit/core';
import semver from 'semver';
import { BundleError } from './bundle-error.js';

/** The framework package whose version bundle ranges are checked against. */
export const FRAMEWORK_PACKAGE = '@rcskit/core';

const PLACEHOLDER = /\{([^}]*)\}/g;

/**
 * An npm version in OpenICF bundle-version syntax (`N(.N){0,3}(-\w+)?`): build metadata is dropped and the
 * prerelease becomes the qualifier with non-word characters replaced by `_` (`1.0.0-beta.1+sha` → `1.0.0-beta_1`).
 */
export function toOpenIcfVersion(npmVersion: string): string {
  const parsed = semver.parse(npmVersion);
  if (parsed === null) {
    if (Version.tryParse(npmVersion) !== undefined) return npmVersion.trim();
    throw new BundleError(`'${npmVersion}' is neither an npm nor an OpenICF version`);
  }
  return `${parsed.major}.${parsed.minor}.${parsed.patch}${qualifierOf(parsed)}`;
}

function qualifierOf(parsed: semver.SemVer): string {
  if (parsed.prerelease.length === 0) return '';
  return `-${parsed.prerelease.join('_').replace(/\W/g, '_')}`;
}

/** Whether a `bundleVersion` value is a template (has `{…}` placeholders). */
export function isVersionTemplate(value: string): boolean {
  return value.includes('{');
}

/**
 * The bundle version of a package: see the module notes.
 *
 * @param declared - `rcskit.bundle.bundleVersion` (a template, a literal or `undefined`)
 * @param npmVersion - the package's `version`
 * @throws BundleError naming what is wrong (unknown placeholder, a result that is not an OpenICF version).
 */
export function bundleVersionFor(declared: string | undefined, npmVersion: string): string {
  if (declared === undefined) return toOpenIcfVersion(npmVersion);
  const text = declared.trim();
  if (!isVersionTemplate(text)) {
    if (Version.tryParse(text) === undefined) {
      throw new BundleError(
        `'${text}' is not an OpenICF version (1 to 4 numbers and an optional -qualifier, e.g. 1.5.20.0) nor a template such as '{major}.{minor}.20.{patch}'`,
      );
    }
    return text;
  }
  const parsed = semver.parse(npmVersion);
  if (parsed === null) {
    throw new BundleError(
      `template '${text}' needs an npm version, but the package version is '${npmVersion}'`,
    );
  }
  const parts: Record<string, number> = { major: parsed.major, minor: parsed.minor, patch: parsed.patch };
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = parts[name.trim()];
    if (value === undefined) {
      throw new BundleError(
        `template '${text}' has an unknown placeholder ${whole} (use {major}, {minor} and {patch})`,
      );
    }
    return String(value);
  });
  const version = `${filled}${qualifierOf(parsed)}`;
  if (Version.tryParse(version) === undefined) {
    throw new BundleError(
      `template '${text}' gives '${version}' for npm version ${npmVersion}, which is not an OpenICF version (1 to 4 numbers)`,
    );
  }
  return version;
}

/** A bundle's framework range and where it came from (for messages). */
export interface FrameworkRange {
  readonly range: string;
  /** `rcskit.bundle.framework`, `peerDependencies` or `dependencies`. */
  readonly source: string;
}

type Json = unknown;

function dependencyRange(pkg: Record<string, Json>, field: string): string | undefined {
  const deps = pkg[field];
  if (typeof deps !== 'object' || deps === null) return undefined;
  const value = (deps as Record<string, Json>)[FRAMEWORK_PACKAGE];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The version of `@rcskit/core` a package directory resolves (its own install, or the workspace's). */
function resolvedCoreVersion(dir: string): string {
  const require = createRequire(join(dir, 'package.json'));
  const path = require.resolve(`${FRAMEWORK_PACKAGE}/package.json`);
  return String((JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown }).version);
}

/** `workspace:^` and friends, as `pnpm publish` writes them. */
function publishedWorkspaceRange(range: string, dir: string): string {
  const rest = range.slice('workspace:'.length);
  if (rest !== '*' && rest !== '^' && rest !== '~') return rest;
  let version: string;
  try {
    version = resolvedCoreVersion(dir);
  } catch (error) {
    throw new BundleError(
      `"${range}" names the workspace's ${FRAMEWORK_PACKAGE}, but it does not resolve from ${dir}: ${(error as Error).message}`,
    );
  }
  return rest === '*' ? version : `${rest}${version}`;
}

/**
 * The framework range of a package: see the module notes.
 *
 * @throws BundleError when there is neither `rcskit.bundle.framework` nor a dependency on `@rcskit/core`.
 */
export function frameworkRangeOf(
  dir: string,
  pkg: Record<string, Json>,
  declared: Json,
  where: string,
): FrameworkRange {
  if (declared !== undefined) {
    if (typeof declared !== 'string' || declared.trim() === '') {
      throw new BundleError(`${where}: "rcskit.bundle.framework" must be a non-empty string`);
    }
    return { range: declared.trim(), source: 'rcskit.bundle.framework' };
  }
  for (const field of ['peerDependencies', 'dependencies']) {
    const range = dependencyRange(pkg, field);
    if (range === undefined) continue;
    const published = range.startsWith('workspace:') ? publishedWorkspaceRange(range, dir) : range;
    return { range: published, source: `${field}["${FRAMEWORK_PACKAGE}"] ${range}` };
  }
  throw new BundleError(
    `${where}: a bundle needs a framework range: depend on ${FRAMEWORK_PACKAGE} (peerDependencies or dependencies) or set "rcskit.bundle.framework"`,
  );
}
