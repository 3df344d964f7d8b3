/**
 * OpenICF version ranges (wire-protocol spec §6.3): `[1.5.0.0,1.6.0.0)`, `(1.5,1.6]`, or a plain version.
 *
 * @packageDocumentation
 */

import { IllegalArgumentException } from '../errors.js';
import { compareComponents, Version } from './version.js';

/**
 * The next possible version after `v`. Versions have at most 4 components and qualifiers do not affect
 * ordering, so the version space is discrete: nothing lies strictly between `a.b.c.d` and `a.b.c.(d+1)`.
 * (The result may exceed `Number.MAX_SAFE_INTEGER` by one, which is still exact and only used for comparing.)
 */
function successor(v: readonly number[]): number[] {
  return [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0, (v[3] ?? 0) + 1];
}

/**
 * An OpenICF version range as used in `connectorRef.bundleVersion` and `ConnectorKeyRange`: either an interval
 * `[floor,ceiling]` (`[`/`]` inclusive, `(`/`)` exclusive, whitespace around the endpoints ignored) or a plain
 * version, which matches only itself.
 *
 * How each quirk of the Java implementation (spec §6.3) is handled:
 *
 * - **(a) A plain version matches only itself — kept.** IDM configurations rely on `bundleVersion: "1.5.0.0"`
 *   being an exact pin, not "at least". However, matching is by {@link Version.equals} rather than Java's
 *   string equality of the raw key text, so `1.5` matches `1.5.0.0`, and `1.5.0.0` matches
 *   `1.5.0.0-SNAPSHOT` (qualifiers are ignored); Java would reject both.
 * - **(b) Exclusive floor with fewer than 4 components — fixed.** Java's exactness test reads the floor's 4th
 *   component and throws `NullPointerException` for e.g. `(1.5,1.6)`; here every component count works and
 *   missing components count as 0.
 * - **(c) Exact half-open range looked up by raw text — fixed.** Java treats a range such as
 *   `[1.5.0.0,1.5.0.1)` as "exact" and then looks the connector up by the range text itself, which can never
 *   match. Here {@link VersionRange.isExact} is informational only; {@link VersionRange.isInRange} treats such a
 *   range like any other interval, so `[1.5.0.0,1.5.0.1)` matches `1.5.0.0`.
 * - **Empty ranges** (`[1.6,1.5]`, `(1.5,1.5]`, `[1.5,1.5)`) parse successfully; {@link VersionRange.isEmpty}
 *   is true and {@link VersionRange.isInRange} is false for every version (Java's `isInRange` would still accept
 *   an inclusive floor of an inverted range; IDM fails such requests up front, and so does `pickHighestVersion`).
 *   Emptiness is exact over the discrete version space, so `(1.5.0.0,1.5.0.1)` is empty as well.
 */
export class VersionRange {
  /** Lower endpoint; for a plain version, the version itself. */
  readonly floor: Version;

  /** Whether {@link VersionRange.floor} itself is in the range (`[`); always true for a plain version. */
  readonly isFloorInclusive: boolean;

  /** Upper endpoint, or `undefined` for a plain version (which behaves like `[v,v]`). */
  readonly ceiling: Version | undefined;

  /** Whether {@link VersionRange.ceiling} itself is in the range (`]`); true for a plain version. */
  readonly isCeilingInclusive: boolean;

  private constructor(
    floor: Version,
    isFloorInclusive: boolean,
    ceiling: Version | undefined,
    isCeilingInclusive: boolean,
  ) {
    this.floor = floor;
    this.isFloorInclusive = isFloorInclusive;
    this.ceiling = ceiling;
    this.isCeilingInclusive = isCeilingInclusive;
  }

  /**
   * Parses `[floor,ceiling]`, `[floor,ceiling)`, `(floor,ceiling]`, `(floor,ceiling)` or a plain version.
   * Surrounding whitespace and whitespace around each endpoint is ignored. Empty ranges parse successfully
   * (see {@link VersionRange.isEmpty}).
   *
   * @param text - e.g. `[1.5.0.0,1.6.0.0)` or `1.5.0.0`
   * @throws IllegalArgumentException on any other syntax: missing bracket, not exactly one comma, an invalid
   *   endpoint version, or empty text
   */
  static parse(text: string): VersionRange {
    if (typeof text !== 'string') {
      throw new IllegalArgumentException(`Version range must be a string, got ${typeof text}`);
    }
    const trimmed = text.trim();
    if (trimmed === '') throw new IllegalArgumentException('Version range must not be empty');
    const first = trimmed[0];
    const last = trimmed[trimmed.length - 1];
    const isInterval = first === '[' || first === '(';
    if (!isInterval) {
      if (trimmed.includes(',')) {
        throw new IllegalArgumentException(
          `Invalid version range '${text}': an interval must start with '[' or '(', e.g. '[1.5.0.0,1.6.0.0)'`,
        );
      }
      return VersionRange.of(VersionRange.#endpoint(trimmed, text, 'version'));
    }
    if (trimmed.length < 2 || (last !== ']' && last !== ')')) {
      throw new IllegalArgumentException(
        `Invalid version range '${text}': an interval must end with ']' or ')'`,
      );
    }
    const parts = trimmed.slice(1, -1).split(',');
    if (parts.length !== 2) {
      throw new IllegalArgumentException(
        `Invalid version range '${text}': an interval must contain exactly one comma, e.g. '[1.5.0.0,1.6.0.0)'`,
      );
    }
    const floor = VersionRange.#endpoint(parts[0] ?? '', text, 'floor');
    const ceiling = VersionRange.#endpoint(parts[1] ?? '', text, 'ceiling');
    return VersionRange.between(floor, first === '[', ceiling, last === ']');
  }

  /**
   * A range matching exactly one version (by {@link Version.equals}), like a plain version string.
   *
   * @param version - the version to match, as a {@link Version} or version text
   */
  static of(version: Version | string): VersionRange {
    const v = typeof version === 'string' ? Version.parse(version) : version;
    return new VersionRange(v, true, undefined, true);
  }

  /**
   * An interval between two versions. Inverted or otherwise empty intervals are allowed
   * (see {@link VersionRange.isEmpty}).
   *
   * @param floor - lower endpoint
   * @param isFloorInclusive - whether `floor` itself matches (`[`) or not (`(`)
   * @param ceiling - upper endpoint
   * @param isCeilingInclusive - whether `ceiling` itself matches (`]`) or not (`)`)
   */
  static between(
    floor: Version | string,
    isFloorInclusive: boolean,
    ceiling: Version | string,
    isCeilingInclusive: boolean,
  ): VersionRange {
    const f = typeof floor === 'string' ? Version.parse(floor) : floor;
    const c = typeof ceiling === 'string' ? Version.parse(ceiling) : ceiling;
    return new VersionRange(f, isFloorInclusive, c, isCeilingInclusive);
  }

  /** Whether this range is a plain version (no interval syntax), which matches only that version. */
  get isPlainVersion(): boolean {
    return this.ceiling === undefined;
  }

  /**
   * Whether `version` lies in the range. A plain version matches only versions equal to it (`1.5` matches
   * `1.5.0.0` and `1.5.0.0-SNAPSHOT`); an empty range matches nothing.
   *
   * @param version - a {@link Version} or version text
   * @throws IllegalArgumentException when `version` is text that is not a valid version
   */
  isInRange(version: Version | string): boolean {
    const v = typeof version === 'string' ? Version.parse(version) : version;
    const fromFloor = v.compareTo(this.floor);
    if (this.ceiling === undefined) return fromFloor === 0;
    if (fromFloor < 0 || (fromFloor === 0 && !this.isFloorInclusive)) return false;
    const toCeiling = v.compareTo(this.ceiling);
    return toCeiling < 0 || (toCeiling === 0 && this.isCeilingInclusive);
  }

  /**
   * Whether no version at all can be in the range: the floor is above the ceiling, the endpoints are equal and
   * either side is exclusive, or (because versions have at most 4 components) an exclusive interval leaves no
   * room, as in `(1.5.0.0,1.5.0.1)`. A plain version is never empty. Works for any number of components.
   */
  isEmpty(): boolean {
    return this.#countUpToTwo() === 0;
  }

  /**
   * Whether exactly one version (up to equality) is in the range: a plain version, `[v,v]`, or an interval such
   * as `[1.5.0.0,1.5.0.1)` or `(1.5,1.5.0.2)` that leaves room for only one 4-component version.
   *
   * Informational only (quirk (c)): unlike Java, exact intervals are matched like any other range.
   */
  isExact(): boolean {
    return this.#countUpToTwo() === 1;
  }

  /**
   * The canonical text: a plain version as its text, an interval as `[floor,ceiling)` etc. without whitespace.
   * Endpoints keep their original text (so `[1.5,1.6)` stays `[1.5,1.6)`).
   */
  toString(): string {
    if (this.ceiling === undefined) return this.floor.toString();
    return (
      (this.isFloorInclusive ? '[' : '(') +
      this.floor.toString() +
      ',' +
      this.ceiling.toString() +
      (this.isCeilingInclusive ? ']' : ')')
    );
  }

  /** Number of distinct versions in the range, capped at 2 (0 = empty, 1 = exact, 2 = more). */
  #countUpToTwo(): 0 | 1 | 2 {
    if (this.ceiling === undefined) return 1;
    const ceiling = this.ceiling.components;
    // Lowest version that can be in the range.
    const lowest = this.isFloorInclusive ? [...this.floor.components] : successor(this.floor.components);
    const fits = (candidate: readonly number[]): boolean => {
      const c = compareComponents(candidate, ceiling);
      return c < 0 || (c === 0 && this.isCeilingInclusive);
    };
    if (!fits(lowest)) return 0;
    return fits(successor(lowest)) ? 2 : 1;
  }

  /** Parses one endpoint, wrapping errors with the whole range text. */
  static #endpoint(endpoint: string, rangeText: string, role: 'floor' | 'ceiling' | 'version'): Version {
    const v = Version.tryParse(endpoint);
    if (v === undefined) {
      const what =
        role === 'version' ? 'is neither an interval nor a valid version' : `has an invalid ${role}`;
      throw new IllegalArgumentException(
        `Invalid version range '${rangeText}': '${endpoint.trim()}' ${what} ` +
          `(expected e.g. '[1.5.0.0,1.6.0.0)' or '1.5.0.0')`,
      );
    }
    return v;
  }
}
