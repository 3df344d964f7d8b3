/**
 * Versions: OpenICF {@link Version} and {@link VersionRange} (wire-protocol spec §6), npm semver ranges, and
 * {@link pickHighestVersion} to choose an installed version satisfying either syntax.
 *
 * @packageDocumentation
 */

export { parseVersionSpec, pickHighestVersion, satisfies, toSemVer, type VersionSpec } from './resolve.js';
export { Version } from './version.js';
export { VersionRange } from './version-range.js';
