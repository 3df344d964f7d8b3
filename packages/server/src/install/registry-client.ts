/**
 * What the registry offers: packuments through pacote (which speaks the registry protocol, with the `.npmrc`
 * options of `registry-options.ts`), the bundle version each published version carries, the choice of the
 * highest version a request's range accepts, and registry failures in the user's terms.
 *
 * Ranges (docs/bundles.md#installing-from-a-registry): an npm range selects among npm versions; an OpenICF range
 * among the bundle versions the published manifests give (so `[1.5.19.0,1.6.0.0)` means what it means in a
 * provisioner). npm prereleases match an OpenICF range only when the range itself names a qualifier.
 *
 * @packageDocumentation
 */
import { pickHighestVersion, Version, type VersionSpec } from '@rcskit/core';
import search from 'libnpmsearch';
import pacote from 'pacote';
import semver from 'semver';
import { bundleVersionFor } from '../bundles/versions.js';
import type { BundleRequest } from './bundle-request.js';
import { InstallError } from './install-error.js';
import { type RegistryOptions, registryFor } from './registry-options.js';

/** One published version of a package. */
export interface PublishedVersion {
  readonly name: string;
  readonly version: string;
  /** `undefined` when this version has no `rcskit.bundle` manifest (or an unreadable one). */
  readonly bundleName?: string | undefined;
  readonly bundleVersion?: string | undefined;
  /** Other bundle names it is offered under (`rcskit.bundle.aliases`). */
  readonly aliases: readonly string[];
  readonly integrity?: string | undefined;
  readonly tarball?: string | undefined;
}

/** The published versions of a package, oldest first. */
export interface PackageVersions {
  readonly name: string;
  readonly registry: string;
  readonly versions: readonly PublishedVersion[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Registry failures (pacote / npm-registry-fetch error codes) as {@link InstallError}s. */
export function registryError(error: unknown, what: string, registry: string): InstallError {
  const code = isRecord(error) ? String(error.code ?? '') : '';
  const status = isRecord(error) ? Number(error.statusCode ?? 0) : 0;
  if (error instanceof InstallError) return error;
  if (code === 'E401' || status === 401 || code === 'E403' || status === 403) {
    return new InstallError(
      `${registry} refused ${what} (HTTP ${status || code.slice(1)}): check the auth token for this registry in .npmrc (//host/:_authToken=…)`,
      'unauthorized',
      { cause: error },
    );
  }
  if (code === 'E404' || status === 404) {
    return new InstallError(`${what} was not found on ${registry}`, 'unknown-package', { cause: error });
  }
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'TAR_BAD_ARCHIVE') {
    return new InstallError(
      `${what}: the downloaded tarball is corrupt (${code}); nothing was installed`,
      'integrity',
      {
        cause: error,
      },
    );
  }
  if (code === 'EINTEGRITY') {
    return new InstallError(
      `${what}: the downloaded tarball does not match its integrity (${String((error as Json).expected ?? 'the registry’s sha512')}); nothing was installed`,
      'integrity',
      { cause: error },
    );
  }
  if (
    [
      'ECONNREFUSED',
      'ENOTFOUND',
      'ETIMEDOUT',
      'ECONNRESET',
      'EAI_AGAIN',
      'EHOSTUNREACH',
      'ENETUNREACH',
    ].includes(code) ||
    (isRecord(error) && error.type === 'system')
  ) {
    return new InstallError(
      `registry ${registry} is unreachable (${code || 'network error'}) while fetching ${what}`,
      'unreachable',
      {
        cause: error,
      },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new InstallError(`fetching ${what} from ${registry} failed: ${message}`, 'failed', { cause: error });
}

/** The `rcskit.bundle` identity of one published manifest, tolerating bad manifests (they are just not bundles). */
function bundleIdentity(manifest: Json): Pick<PublishedVersion, 'bundleName' | 'bundleVersion' | 'aliases'> {
  const rcskit = manifest.rcskit;
  const bundle = isRecord(rcskit) ? rcskit.bundle : undefined;
  if (!isRecord(bundle)) return { aliases: [] };
  const version = String(manifest.version);
  try {
    const bundleVersion = bundleVersionFor(
      typeof bundle.bundleVersion === 'string' ? bundle.bundleVersion : undefined,
      version,
    );
    const bundleName = typeof bundle.bundleName === 'string' ? bundle.bundleName : String(manifest.name);
    const aliases = Array.isArray(bundle.aliases)
      ? bundle.aliases.flatMap((a) => (isRecord(a) && typeof a.bundleName === 'string' ? [a.bundleName] : []))
      : [];
    return { bundleName, bundleVersion, aliases };
  } catch {
    return { aliases: [] };
  }
}

/**
 * Every published version of `name`.
 *
 * @throws InstallError `unknown-package`, `unauthorized`, `unreachable` or `failed`.
 */
export async function fetchVersions(name: string, options: RegistryOptions): Promise<PackageVersions> {
  const registry = registryFor(name, options);
  let packument: Json;
  try {
    packument = (await pacote.packument(name, {
      ...options,
      fullMetadata: true,
      preferOnline: true,
    } as pacote.Options)) as unknown as Json;
  } catch (error) {
    throw registryError(error, `package ${name}`, registry);
  }
  const versions: PublishedVersion[] = [];
  const published = isRecord(packument.versions) ? packument.versions : {};
  for (const [version, manifest] of Object.entries(published)) {
    if (!isRecord(manifest) || semver.valid(version) === null) continue;
    const dist = isRecord(manifest.dist) ? manifest.dist : {};
    versions.push({
      name,
      version,
      ...bundleIdentity(manifest),
      integrity: typeof dist.integrity === 'string' ? dist.integrity : undefined,
      tarball: typeof dist.tarball === 'string' ? dist.tarball : undefined,
    });
  }
  versions.sort((a, b) => semver.compare(a.version, b.version));
  return { name, registry, versions };
}

function rangeNamesQualifier(spec: VersionSpec): boolean {
  return /-\w/.test(spec.text);
}

/** The highest published version the request's range accepts (see the module notes), or undefined. */
export function pickPublishedVersion(
  available: readonly PublishedVersion[],
  spec: VersionSpec,
): PublishedVersion | undefined {
  if (spec.syntax === 'semver') {
    const chosen = pickHighestVersion(
      available.map((v) => v.version),
      spec,
    );
    return available.find((v) => v.version === chosen);
  }
  const withQualifiers = rangeNamesQualifier(spec);
  const bundles = available.filter(
    (v) => v.bundleVersion !== undefined && (withQualifiers || semver.prerelease(v.version) === null),
  );
  const chosen = pickHighestVersion(
    bundles.map((v) => v.bundleVersion!),
    spec,
  );
  if (chosen === undefined) return undefined;
  const same = bundles.filter((v) => Version.parse(v.bundleVersion!).compareTo(Version.parse(chosen)) === 0);
  return same.sort((a, b) => semver.compare(b.version, a.version))[0];
}

/** `1.0.0 (bundle 1.0.0), 1.1.0 (bundle 1.1.0)` for messages. */
export function describeVersions(versions: readonly PublishedVersion[]): string {
  if (versions.length === 0) return 'none';
  return versions
    .map((v) =>
      v.bundleVersion === undefined
        ? `${v.version} (not a bundle)`
        : v.bundleVersion === v.version
          ? v.version
          : `${v.version} (bundle ${v.bundleVersion})`,
    )
    .join(', ');
}

/**
 * What to search for a bundle name: the name itself (registries that index descriptions and keywords, such as the
 * public one, find it there) and the words of its last segment (registries that search package names only, such
 * as Verdaccio: `org.fixture.hello-connector` → `hello`).
 */
function searchTerms(bundleName: string): string[] {
  const last = bundleName.split('.').at(-1) ?? bundleName;
  const words = last.split(/[-_]/).filter((w) => w.length >= 3 && !/^connectors?$/i.test(w));
  return [...new Set([bundleName, ...words])];
}

/**
 * The packages a request names: the package of that name, or — when there is none and the name may be a bundle
 * name — every package the registry's search finds (see {@link searchTerms}) whose published manifests claim that bundle name (primary or
 * alias).
 *
 * @throws InstallError `unknown-package` naming the registry when neither exists.
 */
export async function packagesForRequest(
  request: BundleRequest,
  options: RegistryOptions,
): Promise<PackageVersions[]> {
  try {
    return [await fetchVersions(request.name, options)];
  } catch (error) {
    if (!(error instanceof InstallError) || error.kind !== 'unknown-package') throw error;
  }
  const registry = registryFor(request.name, options);
  const names = new Set<string>();
  for (const text of searchTerms(request.name)) {
    let hits: { name: string }[];
    try {
      hits = (await search(text, { ...options, limit: 50 } as search.Options)) as { name: string }[];
    } catch (error) {
      const failure = registryError(error, `a search for bundle ${request.name}`, registry);
      if (failure.kind !== 'unknown-package') throw failure;
      hits = [];
    }
    for (const hit of hits) names.add(hit.name);
  }
  const found: PackageVersions[] = [];
  for (const name of names) {
    const pkg = await fetchVersions(name, options);
    const claims = pkg.versions.some(
      (v) => v.bundleName === request.name || v.aliases.includes(request.name),
    );
    if (claims) found.push(pkg);
  }
  if (found.length === 0) {
    throw new InstallError(
      `${request.name} is neither a package nor a bundle name published on ${registry}`,
      'unknown-package',
    );
  }
  return found;
}
