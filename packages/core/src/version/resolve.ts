/**
 * Version specs in either syntax (OpenICF range/version or npm semver range) and picking the installed version
 * that satisfies one.
 *
 * @packageDocumentation
 */

import semver from 'semver';
import { IllegalArgumentException } from '../errors.js';
import { Version } from './version.js';
import { VersionRange } from './version-range.js';

/** A plain OpenICF version: digits and dots (1 to 4 components) with an optional `-qualifier`. */
const OPENICF_VERSION = /^\d+(?:\.\d+){0,3}(?:-\w+)?$/;

/**
 * A parsed version requirement, as produced by {@link parseVersionSpec}.
 *
 * - `syntax: 'openicf'`: an OpenICF interval (`[1.5,1.6)`) or a plain OpenICF version (`1.5.0.0`, an exact pin);
 *   `range` is the {@link VersionRange}.
 * - `syntax: 'semver'`: an npm semver range (`^1.5.0`, `~1.5.0`, `>=1.5 <2`, `1.x`); `range` is the
 *   `semver.Range` (strict parsing, prereleases only matched the usual semver way).
 *
 * `text` is the trimmed spec text; `isEmpty` tells whether no version can satisfy the spec.
 */
export type VersionSpec =
  | {
      readonly syntax: 'openicf';
      readonly text: string;
      readonly range: VersionRange;
      readonly isEmpty: boolean;
    }
  | {
      readonly syntax: 'semver';
      readonly text: string;
      readonly range: semver.Range;
      readonly isEmpty: boolean;
    };

/**
 * Parses a version requirement, deciding its syntax from its (trimmed) text:
 *
 * 1. starts with `[` or `(` → OpenICF interval, e.g. `[1.5.0.0,1.6.0.0)`;
 * 2. a plain OpenICF version (1–4 dot-separated numbers, optional `-qualifier`) → OpenICF exact version. This
 *    wins over semver for texts valid in both: `1.5`, `1` and `1.5.0` are exact pins (`1.5` = `1.5.0.0`), **not**
 *    the semver X-ranges `1.5.x` / `1.x`, matching what IDM does with such a `bundleVersion`;
 * 3. anything else → npm semver range (`^1.5.0`, `~1.5.0`, `>=1.5 <2`, `1.x`, `*`, `1.0.0-rc.1`, …).
 *
 * Empty (unsatisfiable) ranges parse successfully; see {@link VersionSpec}'s `isEmpty`.
 *
 * @param text - the spec text, e.g. a `connectorRef.bundleVersion`
 * @throws IllegalArgumentException when the text is blank or invalid in the syntax it was detected as
 */
export function parseVersionSpec(text: string): VersionSpec {
  if (typeof text !== 'string') {
    throw new IllegalArgumentException(`Version spec must be a string, got ${typeof text}`);
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new IllegalArgumentException('Version spec must not be empty');
  if (trimmed.startsWith('[') || trimmed.startsWith('(') || OPENICF_VERSION.test(trimmed)) {
    const range = VersionRange.parse(trimmed);
    return { syntax: 'openicf', text: trimmed, range, isEmpty: range.isEmpty() };
  }
  let range: semver.Range;
  try {
    range = new semver.Range(trimmed);
  } catch (cause) {
    throw new IllegalArgumentException(
      `Invalid version spec '${text}': not an OpenICF range ('[1.5.0.0,1.6.0.0)'), ` +
        `an OpenICF version ('1.5.0.0') nor an npm semver range ('^1.5.0')`,
      { cause },
    );
  }
  return { syntax: 'semver', text: trimmed, range, isEmpty: isSemverRangeEmpty(range) };
}

/**
 * Whether `version` satisfies `spec` (either syntax, see {@link parseVersionSpec}).
 *
 * A version that cannot be read in the spec's syntax does not satisfy it (no error): for OpenICF specs it must
 * be an OpenICF version; for semver specs see {@link toSemVer}. Empty specs are satisfied by nothing.
 *
 * @param version - a version string, e.g. an installed bundle's version
 * @param spec - spec text or an already parsed {@link VersionSpec}
 * @throws IllegalArgumentException when `spec` is invalid text
 */
export function satisfies(version: string, spec: string | VersionSpec): boolean {
  const parsed = typeof spec === 'string' ? parseVersionSpec(spec) : spec;
  if (parsed.syntax === 'openicf') {
    const v = Version.tryParse(version);
    return v !== undefined && parsed.range.isInRange(v);
  }
  const v = toSemVer(version);
  return v !== undefined && parsed.range.test(v);
}

/**
 * Picks the highest of the `installed` versions that satisfies `spec`, returning it exactly as given.
 *
 * "Highest" is the **true** version order, not IDM's: IDM walks its connector map in descending *string* order
 * (spec §6.4), so for `[1.5,1.6)` it picks `1.5.9.0` over `1.5.10.0`. rcskit deliberately does not reproduce
 * that quirk and returns `1.5.10.0`.
 *
 * - OpenICF specs: installed versions are compared with {@link Version.compareTo} (numeric, missing components
 *   = 0); entries that are not OpenICF versions are skipped. Among equal versions (qualifiers are ignored by the
 *   range), one without a qualifier beats one with (`1.5.0.0` over `1.5.0.0-SNAPSHOT`), then the greatest
 *   qualifier in string order; on a full tie (e.g. `1.5` and `1.5.0.0`) the earliest entry wins.
 * - semver specs: installed versions are read with {@link toSemVer} (so `2.0.4.0` counts as `2.0.4`); entries it
 *   cannot read are skipped. They are ordered by semver precedence, then build metadata; on a full tie the
 *   earliest entry wins.
 *
 * @param installed - installed version strings, in any order
 * @param spec - spec text or an already parsed {@link VersionSpec}
 * @returns the chosen entry of `installed`, or `undefined` when none satisfies the spec
 * @throws IllegalArgumentException when `spec` is invalid, or is empty (no version could ever satisfy it,
 *   e.g. `[1.6,1.5]`): like IDM, an empty range fails up front instead of silently matching nothing
 */
export function pickHighestVersion(
  installed: readonly string[],
  spec: string | VersionSpec,
): string | undefined {
  const parsed = typeof spec === 'string' ? parseVersionSpec(spec) : spec;
  if (parsed.isEmpty) {
    throw new IllegalArgumentException(`Version spec '${parsed.text}' is empty: no version can satisfy it`);
  }
  if (parsed.syntax === 'openicf') {
    return pickBest(installed, Version.tryParse, (v) => parsed.range.isInRange(v), compareOpenIcf);
  }
  return pickBest(installed, toSemVer, (v) => parsed.range.test(v), semver.compareBuild);
}

/**
 * Reads an installed version string as semver, for matching against semver specs:
 *
 * - a valid semver version (strict parsing; a leading `v` is allowed) is used as is;
 * - an OpenICF version with 1–3 components is padded with zeros (`1.5` → `1.5.0`);
 * - a 4-component OpenICF version is coerced only when its 4th component is 0 (`2.0.4.0` → `2.0.4`); with a
 *   non-zero 4th component (`2.0.4.1`) it has no semver equivalent (mapping it to `2.0.4` would wrongly satisfy
 *   `<=2.0.4`) and is not readable;
 * - an OpenICF qualifier becomes a semver prerelease (`2.0.4.0-SNAPSHOT` → `2.0.4-SNAPSHOT`), so by semver rules
 *   it only matches ranges that opt into that prerelease (e.g. `>=2.0.4-0`); a qualifier that is not a valid
 *   prerelease identifier (e.g. containing `_`) makes the version unreadable;
 * - anything else is unreadable.
 *
 * @param version - installed version text
 * @returns the semver version, or `undefined` when the text cannot be read as one
 */
export function toSemVer(version: string): semver.SemVer | undefined {
  if (typeof version !== 'string') return undefined;
  const trimmed = version.trim();
  const direct = semver.parse(trimmed);
  if (direct !== null) return direct;
  const v = Version.tryParse(trimmed);
  if (v === undefined || v.revision !== 0) return undefined;
  const core = `${v.major}.${v.minor}.${v.micro}`;
  return semver.parse(v.qualifier === undefined ? core : `${core}-${v.qualifier}`) ?? undefined;
}

/** OpenICF order for picking: version, then unqualified over qualified, then qualifier string order. */
function compareOpenIcf(a: Version, b: Version): number {
  const byVersion = a.compareTo(b);
  if (byVersion !== 0) return byVersion;
  if (a.qualifier === b.qualifier) return 0;
  if (a.qualifier === undefined) return 1;
  if (b.qualifier === undefined) return -1;
  return a.qualifier < b.qualifier ? -1 : 1;
}

/** Returns the entry whose parsed value is highest among those that parse and match; first entry wins ties. */
function pickBest<T>(
  installed: readonly string[],
  read: (text: string) => T | undefined,
  matches: (value: T) => boolean,
  compare: (a: T, b: T) => number,
): string | undefined {
  let best: { text: string; value: T } | undefined;
  for (const text of installed) {
    const value = read(text);
    if (value === undefined || !matches(value)) continue;
    if (best === undefined || compare(value, best.value) > 0) best = { text, value };
  }
  return best?.text;
}

/**
 * Whether no version satisfies a semver range. A range is a union of comparator sets; a set is satisfiable
 * iff its own minimum version satisfies it. (`semver.minVersion` on the whole union is not used: it tests only
 * the lowest of the sets' minimums, so it reports `>=1 <0.5 || >=2` as unsatisfiable.)
 */
function isSemverRangeEmpty(range: semver.Range): boolean {
  return range.set.every(
    (set) => semver.minVersion(new semver.Range(set.map((c) => c.value).join(' '))) === null,
  );
}
