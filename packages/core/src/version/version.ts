/**
 * OpenICF bundle versions (wire-protocol spec §6.2): `major(.minor(.micro(.revision)))(-qualifier)`.
 *
 * @packageDocumentation
 */

import { IllegalArgumentException } from '../errors.js';

/** Most numeric components a version may have (major, minor, micro, revision). */
const MAX_COMPONENTS = 4;

/** Whole-string syntax of a version, applied after trimming. `\w` is ASCII-only, as in Java. */
const VERSION_PATTERN = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-(\w+))?$/;

/** Syntax of a qualifier (without its leading `-`). */
const QUALIFIER_PATTERN = /^\w+$/;

/**
 * Compares two component lists numerically, treating missing trailing components as 0.
 *
 * @returns a negative number, 0 or a positive number as `a` is lower than, equal to or higher than `b`
 * @internal
 */
export function compareComponents(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * An OpenICF version such as `1.5.0.0`, `1.5` or `1.5.0.0-SNAPSHOT`, as found in a connector bundle's
 * `ConnectorBundle-Version` and in `ConnectorKey.bundleVersion`.
 *
 * Semantics (spec §6.2, `Version.java`):
 * - 1 to 4 non-negative decimal components (major.minor.micro.revision), then an optional `-qualifier` made of
 *   ASCII word characters (`[A-Za-z0-9_]`).
 * - Comparison is numeric, component by component; missing components count as 0, so `1.5` equals `1.5.0.0`
 *   and `1.5.10.0` is higher than `1.5.9.0`.
 * - The qualifier is kept (see {@link Version.qualifier} and {@link Version.toString}) but **ignored** by
 *   {@link Version.compareTo} and {@link Version.equals}: `1.5.0.0-SNAPSHOT` equals `1.5.0.0`.
 *
 * Difference from Java: components are JavaScript numbers and may go up to `Number.MAX_SAFE_INTEGER`
 * (2^53 - 1) where Java stops at `Integer.MAX_VALUE`; larger values are rejected rather than rounded.
 */
export class Version {
  /** The numeric components exactly as given (1 to 4 of them; not padded with zeros). */
  readonly components: readonly number[];

  /** The qualifier without its leading `-`, or `undefined` when the version has none. */
  readonly qualifier: string | undefined;

  /** Text returned by {@link Version.toString}; only assigned by the constructor and {@link Version.parse}. */
  #text: string;

  /**
   * Builds a version from its numeric components.
   *
   * @param components - 1 to 4 non-negative safe integers
   * @param qualifier - optional qualifier without the leading `-` (word characters only)
   * @throws IllegalArgumentException when a component or the qualifier is invalid
   */
  constructor(components: readonly number[], qualifier?: string) {
    if (components.length < 1 || components.length > MAX_COMPONENTS) {
      throw new IllegalArgumentException(
        `A version has 1 to ${MAX_COMPONENTS} numeric components, got ${components.length}`,
      );
    }
    for (const c of components) {
      if (!Number.isSafeInteger(c) || c < 0) {
        throw new IllegalArgumentException(
          `Version component ${String(c)} is not a non-negative integer up to ${Number.MAX_SAFE_INTEGER}`,
        );
      }
    }
    if (qualifier !== undefined && !QUALIFIER_PATTERN.test(qualifier)) {
      throw new IllegalArgumentException(
        `Version qualifier '${qualifier}' must be one or more word characters [A-Za-z0-9_]`,
      );
    }
    this.components = Object.freeze([...components]);
    this.qualifier = qualifier;
    this.#text = components.join('.') + (qualifier === undefined ? '' : `-${qualifier}`);
  }

  /**
   * Parses a version string; surrounding whitespace is ignored, and the trimmed text is kept verbatim for
   * {@link Version.toString} (so `01.5` prints as `01.5` but compares as `1.5`).
   *
   * @param text - e.g. `1.5.0.0`, `1.5`, `2.0.4.0-SNAPSHOT`
   * @throws IllegalArgumentException when the text is not a valid OpenICF version
   */
  static parse(text: string): Version {
    const result = parseVersion(text);
    if (typeof result === 'string') throw new IllegalArgumentException(result);
    return Version.#fromParsed(result);
  }

  /**
   * Like {@link Version.parse}, but returns `undefined` instead of throwing on invalid text.
   *
   * @param text - candidate version string
   */
  static tryParse(text: string): Version | undefined {
    const result = parseVersion(text);
    return typeof result === 'string' ? undefined : Version.#fromParsed(result);
  }

  /**
   * Whether `text` is a valid OpenICF version (the syntax accepted by {@link Version.parse}).
   *
   * @param text - candidate version string
   */
  static isValid(text: string): boolean {
    return typeof parseVersion(text) !== 'string';
  }

  /**
   * Comparator for sorting in ascending order, e.g. `versions.sort(Version.compare)`. Qualifiers are ignored.
   *
   * @returns a negative number, 0 or a positive number as `a` is lower than, equal to or higher than `b`
   */
  static compare(this: void, a: Version, b: Version): number {
    return a.compareTo(b);
  }

  /** First component. */
  get major(): number {
    return this.components[0] ?? 0;
  }

  /** Second component, 0 when absent. */
  get minor(): number {
    return this.components[1] ?? 0;
  }

  /** Third component, 0 when absent. */
  get micro(): number {
    return this.components[2] ?? 0;
  }

  /** Fourth component, 0 when absent. */
  get revision(): number {
    return this.components[3] ?? 0;
  }

  /**
   * Numeric comparison, component by component, missing components counting as 0; the qualifier is ignored.
   *
   * @returns -1, 0 or 1 as this version is lower than, equal to or higher than `other`
   */
  compareTo(other: Version): number {
    return compareComponents(this.components, other.components);
  }

  /**
   * Value equality as defined by {@link Version.compareTo}: `1.5` equals `1.5.0.0`, and `1.5.0.0-SNAPSHOT`
   * equals `1.5.0.0` (the qualifier is ignored).
   */
  equals(other: unknown): boolean {
    return other instanceof Version && this.compareTo(other) === 0;
  }

  /** The original (trimmed) text when parsed, else the components joined by `.` plus `-qualifier`. */
  toString(): string {
    return this.#text;
  }

  /** Builds a parsed version, keeping its original text for {@link Version.toString}. */
  static #fromParsed(parsed: ParsedVersion): Version {
    const version = new Version(parsed.components, parsed.qualifier);
    version.#text = parsed.text;
    return version;
  }
}

/** Syntactically valid version text split into its parts. */
interface ParsedVersion {
  readonly components: readonly number[];
  readonly qualifier: string | undefined;
  readonly text: string;
}

/** Parses version text, or returns an error message. */
function parseVersion(text: string): ParsedVersion | string {
  if (typeof text !== 'string') return `Version must be a string, got ${typeof text}`;
  const trimmed = text.trim();
  const match = VERSION_PATTERN.exec(trimmed);
  if (match === null) {
    return (
      `Invalid version '${text}': expected 1 to ${MAX_COMPONENTS} dot-separated numbers ` +
      `with an optional -qualifier, e.g. '1.5.0.0' or '1.5.0.0-SNAPSHOT'`
    );
  }
  const components: number[] = [];
  for (let i = 1; i <= MAX_COMPONENTS; i++) {
    const group = match[i];
    if (group === undefined) break;
    const value = Number(group);
    if (!Number.isSafeInteger(value)) {
      return `Invalid version '${text}': component '${group}' is larger than ${Number.MAX_SAFE_INTEGER}`;
    }
    components.push(value);
  }
  return { components, qualifier: match[MAX_COMPONENTS + 1], text: trimmed };
}
