/**
 * Operation options (spec framework.md A.9): an immutable map of option name → value passed to every
 * operation, with typed getters for the standard keys and a builder that enforces their Java types.
 *
 * Values are canonical model values of an option type (`OPTION_TYPES`): `string`, `boolean`, the boxed numbers
 * allowed for configuration (Integer, Long, Double, Float, Character), {@link GuardedString},
 * {@link GuardedByteArray}, {@link JavaURI}, {@link JavaFile}, {@link Script}, {@link ObjectClass}, {@link Uid},
 * {@link QualifiedUid}, {@link SortKey}, {@link CountPolicyValue}, a {@link JavaArray} of those, or `null`.
 * Arrays are always `JavaArray`s so the wire encoder knows their component type even when they are empty.
 *
 * @packageDocumentation
 */
import { ClassCastException, IllegalArgumentException, requireNonBlank } from '../errors.js';
import { JavaCharacter, JavaDouble, JavaFloat, JavaInteger, JavaLong } from '../values/boxed.js';
import { GuardedByteArray, GuardedString } from '../values/guarded.js';
import { boxedType, isPrimitiveType, type JavaType, OPTION_TYPES } from '../values/java-type.js';
import {
  JavaArray,
  JavaFile,
  JavaURI,
  javaTypeOf,
  numberToJava,
  valueEquals,
  valueToPlain,
  valueToString,
} from '../values/value.js';
import { Uid } from './attribute.js';
import { ObjectClass } from './object-class.js';
import { QualifiedUid } from './qualified-uid.js';
import { ReadOnlyMap, Script } from './script.js';
import { type CountPolicy, CountPolicyValue, isCountPolicy } from './search-result.js';
import { SortKey } from './sort-key.js';

/** Wire keys of the standard options, and the three values of `SCOPE`. */
export const OptionKeys = {
  /** `SCOPE`: String, one of `SCOPE_OBJECT`, `SCOPE_ONE_LEVEL`, `SCOPE_SUBTREE`. */
  SCOPE: 'SCOPE',
  /** `CONTAINER`: QualifiedUid, the search base for container classes. */
  CONTAINER: 'CONTAINER',
  /** `RUN_AS_USER`: String, run the operation as this account. */
  RUN_AS_USER: 'RUN_AS_USER',
  /** `RUN_WITH_PASSWORD`: GuardedString, that account's password. */
  RUN_WITH_PASSWORD: 'RUN_WITH_PASSWORD',
  /** `ATTRS_TO_GET`: String[], replaces the returned-by-default attribute set. */
  ATTRS_TO_GET: 'ATTRS_TO_GET',
  /** `PAGED_RESULTS_COOKIE`: String, opaque paging position (null on the first page). */
  PAGED_RESULTS_COOKIE: 'PAGED_RESULTS_COOKIE',
  /** `PAGED_RESULTS_OFFSET`: Integer, index of the first result. */
  PAGED_RESULTS_OFFSET: 'PAGED_RESULTS_OFFSET',
  /** `PAGE_SIZE`: Integer; paging is on only when above 0. */
  PAGE_SIZE: 'PAGE_SIZE',
  /** `SORT_KEYS`: SortKey[]. */
  SORT_KEYS: 'SORT_KEYS',
  /** `TOTAL_PAGED_RESULTS_POLICY`: CountPolicy (NONE when absent). */
  TOTAL_PAGED_RESULTS_POLICY: 'TOTAL_PAGED_RESULTS_POLICY',
  /** `FAIL_ON_ERROR`: Boolean; batch stops at the first error (false when absent). */
  FAIL_ON_ERROR: 'FAIL_ON_ERROR',
  /** `REQUIRE_SERIAL`: Boolean, or a String read like Java's `Boolean.valueOf` (false when absent). */
  REQUIRE_SERIAL: 'REQUIRE_SERIAL',
  /** SCOPE value: only the CONTAINER object itself. */
  SCOPE_OBJECT: 'object',
  /** SCOPE value: the direct children of the CONTAINER. */
  SCOPE_ONE_LEVEL: 'onelevel',
  /** SCOPE value: the whole subtree below the CONTAINER. */
  SCOPE_SUBTREE: 'subtree',
} as const;

/** The twelve standard option names. */
export type StandardOptionKey =
  | 'SCOPE'
  | 'CONTAINER'
  | 'RUN_AS_USER'
  | 'RUN_WITH_PASSWORD'
  | 'ATTRS_TO_GET'
  | 'PAGED_RESULTS_COOKIE'
  | 'PAGED_RESULTS_OFFSET'
  | 'PAGE_SIZE'
  | 'SORT_KEYS'
  | 'TOTAL_PAGED_RESULTS_POLICY'
  | 'FAIL_ON_ERROR'
  | 'REQUIRE_SERIAL';

/**
 * The Java type each standard option holds. `REQUIRE_SERIAL` is listed as Boolean (what
 * {@link OperationOptionsBuilder.setRequireSerial} stores with a boolean); a String `"true"`/`"false"` is accepted
 * as well and read like `Boolean.valueOf`.
 */
export const STANDARD_OPTION_TYPES: Readonly<Record<StandardOptionKey, JavaType>> = Object.freeze({
  SCOPE: 'String',
  CONTAINER: 'QualifiedUid',
  RUN_AS_USER: 'String',
  RUN_WITH_PASSWORD: 'GuardedString',
  ATTRS_TO_GET: 'String[]',
  PAGED_RESULTS_COOKIE: 'String',
  PAGED_RESULTS_OFFSET: 'Integer',
  PAGE_SIZE: 'Integer',
  SORT_KEYS: 'SortKey[]',
  TOTAL_PAGED_RESULTS_POLICY: 'CountPolicy',
  FAIL_ON_ERROR: 'Boolean',
  REQUIRE_SERIAL: 'Boolean',
});

/** True for the twelve standard option names (exact case, as the framework's map keys are). */
export function isStandardOptionKey(name: string): name is StandardOptionKey {
  return Object.hasOwn(STANDARD_OPTION_TYPES, name);
}

/** Classes of the tagged option value types, so a look-alike object with a `javaType` field is not accepted. */
const TAGGED_CLASSES: Readonly<Record<string, Function>> = {
  Integer: JavaInteger,
  Long: JavaLong,
  Double: JavaDouble,
  Float: JavaFloat,
  Character: JavaCharacter,
  GuardedString,
  GuardedByteArray,
  URI: JavaURI,
  File: JavaFile,
  Script,
  ObjectClass,
  Uid,
  QualifiedUid,
  SortKey,
  CountPolicy: CountPolicyValue,
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  const tagged = javaTypeOf(value);
  if (tagged !== undefined) return tagged;
  if (Array.isArray(value)) return 'Array';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/** True when a non-array value is a canonical value of the (scalar) Java type `type`. */
function isScalarOfType(value: unknown, type: string): boolean {
  const expected = isPrimitiveType(type) ? boxedType(type) : type;
  if (expected === 'Object') return value !== null && value !== undefined;
  if (expected === 'String') return typeof value === 'string';
  if (expected === 'Boolean') return typeof value === 'boolean';
  if (javaTypeOf(value) !== expected) return false;
  const cls = TAGGED_CLASSES[expected];
  return cls === undefined || value instanceof cls;
}

/** True when `value` may be stored as an option value as it is (the check of the OperationOptions constructor). */
export function isOptionValue(value: unknown): boolean {
  if (value === null) return true;
  if (value instanceof JavaArray) {
    if (!OPTION_TYPES.has(value.javaType)) return false;
    return value.items.every((item) => item === null || isScalarOfType(item, value.componentType));
  }
  const type = javaTypeOf(value);
  return type !== undefined && OPTION_TYPES.has(type) && !type.endsWith('[]') && isScalarOfType(value, type);
}

function fail(name: string, expected: string, value: unknown): never {
  throw new IllegalArgumentException(`Option '${name}' must be ${expected}, got ${describe(value)}`);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

/** A JavaArray of `component` from a JavaArray or any non-string iterable whose items pass `accept`. */
function typedArray<T>(
  name: string,
  component: JavaType,
  value: unknown,
  accept: (item: unknown) => item is T,
): JavaArray<T> {
  if (value instanceof JavaArray) {
    if (value.componentType !== component || !value.items.every(accept)) fail(name, `${component}[]`, value);
    return value as JavaArray<T>;
  }
  if (!isIterable(value) || value instanceof Map) fail(name, `${component}[]`, value);
  const items = [...value];
  for (const item of items) {
    if (!accept(item)) {
      throw new IllegalArgumentException(
        `Option '${name}' must be ${component}[]; an element is ${describe(item)}`,
      );
    }
  }
  return new JavaArray(component, items as T[]);
}

function toInteger(name: string, value: unknown): JavaInteger {
  if (value instanceof JavaInteger) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value <= 2 ** 31 - 1) {
    return new JavaInteger(value);
  }
  return fail(name, 'Integer', value);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isSortKey = (v: unknown): v is SortKey => v instanceof SortKey;

/** Per standard key: input → canonical value of the key's Java type, or IllegalArgumentException. */
const STANDARD_COERCERS: Readonly<Record<StandardOptionKey, (name: string, value: unknown) => unknown>> = {
  SCOPE: (n, v) => (typeof v === 'string' ? v : fail(n, 'String', v)),
  CONTAINER: (n, v) => (v instanceof QualifiedUid ? v : fail(n, 'QualifiedUid', v)),
  RUN_AS_USER: (n, v) => (typeof v === 'string' ? v : fail(n, 'String', v)),
  RUN_WITH_PASSWORD: (n, v) => (v instanceof GuardedString ? v : fail(n, 'GuardedString', v)),
  ATTRS_TO_GET: (n, v) => typedArray(n, 'String', v, isString),
  PAGED_RESULTS_COOKIE: (n, v) => (typeof v === 'string' ? v : fail(n, 'String', v)),
  PAGED_RESULTS_OFFSET: toInteger,
  PAGE_SIZE: toInteger,
  SORT_KEYS: (n, v) =>
    v instanceof SortKey ? new JavaArray('SortKey', [v]) : typedArray(n, 'SortKey', v, isSortKey),
  TOTAL_PAGED_RESULTS_POLICY: (n, v) =>
    v instanceof CountPolicyValue
      ? v
      : isCountPolicy(v)
        ? CountPolicyValue.of(v)
        : fail(n, "CountPolicy ('NONE', 'ESTIMATE' or 'EXACT')", v),
  FAIL_ON_ERROR: (n, v) => (typeof v === 'boolean' ? v : fail(n, 'Boolean', v)),
  REQUIRE_SERIAL: (n, v) =>
    typeof v === 'boolean' || typeof v === 'string' ? v : fail(n, 'Boolean or String', v),
};

/** Infers the component type of a plain JS array for a non-standard option (see {@link toOptionValue}). */
function inferArray(name: string, input: readonly unknown[]): JavaArray {
  const present = input.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) {
    throw new IllegalArgumentException(
      `Option '${name}': cannot infer the element type of an array without non-null elements; use arrayOf()`,
    );
  }
  let items: unknown[];
  if (present.every((v) => typeof v === 'number')) {
    const nums = present as number[];
    const type = nums.every((n) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1)
      ? 'Integer'
      : nums.every((n) => Number.isSafeInteger(n))
        ? 'Long'
        : 'Double';
    items = input.map((v) =>
      v === null || v === undefined
        ? null
        : type === 'Integer'
          ? new JavaInteger(v as number)
          : type === 'Long'
            ? new JavaLong(BigInt(v as number))
            : new JavaDouble(v as number),
    );
  } else {
    items = input.map((v) => (v === null || v === undefined ? null : toScalarOptionValue(name, v)));
  }
  const types = new Set(items.filter((v) => v !== null).map((v) => javaTypeOf(v)));
  const [component] = types;
  if (types.size !== 1 || component === undefined || !OPTION_TYPES.has(`${component}[]`)) {
    throw new IllegalArgumentException(
      `Option '${name}': array elements must share one option type, got ${[...types].join(', ')}`,
    );
  }
  return new JavaArray(component as JavaType, items);
}

function toScalarOptionValue(name: string, value: unknown): unknown {
  if (typeof value === 'number') return numberToJava(value);
  if (typeof value === 'bigint') {
    try {
      return new JavaLong(value);
    } catch {
      return fail(name, 'a Long (64-bit) when given a bigint', value);
    }
  }
  if (!(value instanceof JavaArray) && isOptionValue(value)) return value;
  return fail(name, 'a supported option value type', value);
}

/**
 * Converts caller input to a canonical option value for option `name`:
 * - `null`/`undefined` → `null`;
 * - a standard key → its Java type ({@link STANDARD_OPTION_TYPES}); JS arrays and other iterables become
 *   `String[]` / `SortKey[]` JavaArrays, JS integers become Integer, CountPolicy names become
 *   {@link CountPolicyValue}; anything else throws;
 * - another key → canonical option values as they are, `number` via `numberToJava`, `bigint` → Long, and a
 *   plain JS array when its element type can be inferred (numbers → Integer/Long/Double by the widest element,
 *   otherwise all elements of one option type).
 *
 * @throws IllegalArgumentException naming the option when the value is not acceptable.
 */
export function toOptionValue(name: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isStandardOptionKey(name)) return STANDARD_COERCERS[name](name, value);
  if (value instanceof JavaArray) {
    return isOptionValue(value) ? value : fail(name, 'an array of an option type', value);
  }
  if (Array.isArray(value)) return inferArray(name, value);
  return toScalarOptionValue(name, value);
}

/** Input accepted where a whole option map is expected. */
export type OptionsInput = ReadonlyMap<string, unknown> | { readonly [name: string]: unknown };

function entriesOf(input: OptionsInput): Iterable<readonly [unknown, unknown]> {
  return input instanceof Map ? input.entries() : Object.entries(input);
}

function castError(name: string, value: unknown, expected: string): ClassCastException {
  return new ClassCastException(`Option '${name}' holds ${describe(value)}, not ${expected}`);
}

function booleanOf(name: string, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw castError(name, value, 'Boolean');
}

/**
 * The options of one operation: an immutable map of name → value. Getters for the standard keys return
 * JS-level values (numbers, strings, arrays) with the defaults of the spec; {@link OperationOptions.get} returns
 * the stored canonical value.
 */
export class OperationOptions {
  static readonly OP_SCOPE = OptionKeys.SCOPE;
  static readonly OP_CONTAINER = OptionKeys.CONTAINER;
  static readonly OP_RUN_AS_USER = OptionKeys.RUN_AS_USER;
  static readonly OP_RUN_WITH_PASSWORD = OptionKeys.RUN_WITH_PASSWORD;
  static readonly OP_ATTRIBUTES_TO_GET = OptionKeys.ATTRS_TO_GET;
  static readonly OP_PAGED_RESULTS_COOKIE = OptionKeys.PAGED_RESULTS_COOKIE;
  static readonly OP_PAGED_RESULTS_OFFSET = OptionKeys.PAGED_RESULTS_OFFSET;
  static readonly OP_PAGE_SIZE = OptionKeys.PAGE_SIZE;
  static readonly OP_SORT_KEYS = OptionKeys.SORT_KEYS;
  static readonly OP_TOTAL_PAGED_RESULTS_POLICY = OptionKeys.TOTAL_PAGED_RESULTS_POLICY;
  static readonly OP_FAIL_ON_ERROR = OptionKeys.FAIL_ON_ERROR;
  static readonly OP_REQUIRE_SERIAL = OptionKeys.REQUIRE_SERIAL;
  static readonly SCOPE_OBJECT = OptionKeys.SCOPE_OBJECT;
  static readonly SCOPE_ONE_LEVEL = OptionKeys.SCOPE_ONE_LEVEL;
  static readonly SCOPE_SUBTREE = OptionKeys.SCOPE_SUBTREE;
  /** Options with no entries (what the framework passes instead of null options). */
  static readonly EMPTY: OperationOptions = new OperationOptions();

  readonly #options: ReadOnlyMap<string, unknown>;

  /**
   * @param options canonical values only (see the module notes); use {@link OperationOptionsBuilder} to convert
   *   plain input. Only the option-type check of the framework is applied here, not the per-key types, so
   *   options decoded from a peer are kept as sent.
   * @throws IllegalArgumentException for a blank name or a value that is not an option type.
   */
  constructor(options?: OptionsInput | null) {
    const out: [string, unknown][] = [];
    if (options) {
      for (const [name, value] of entriesOf(options)) {
        if (typeof name !== 'string' || name.trim() === '') {
          throw new IllegalArgumentException('Option names must be non-blank Strings.');
        }
        const v = value === undefined ? null : value;
        if (!isOptionValue(v)) {
          throw new IllegalArgumentException(
            `Option '${name}' has an unsupported value type: ${describe(v)}`,
          );
        }
        out.push([name, v]);
      }
    }
    this.#options = new ReadOnlyMap(out);
  }

  /** All options (read-only; writes throw UnsupportedOperationException). */
  get options(): ReadonlyMap<string, unknown> {
    return this.#options;
  }

  /** Number of options. */
  get size(): number {
    return this.#options.size;
  }

  /** The option names. */
  keys(): string[] {
    return [...this.#options.keys()];
  }

  /** Whether an option of that name (exact case) is present, even with a null value. */
  has(name: string): boolean {
    return this.#options.has(name);
  }

  /** The stored canonical value, or null when absent. */
  get(name: string): unknown {
    return this.#options.get(name) ?? null;
  }

  #string(name: string): string | null {
    const v = this.get(name);
    if (v === null || typeof v === 'string') return v;
    throw castError(name, v, 'String');
  }

  #integer(name: string): number | null {
    const v = this.get(name);
    if (v === null) return null;
    if (v instanceof JavaInteger) return v.value;
    // Lenient read of a Long a peer may have sent; Java would throw ClassCastException.
    if (v instanceof JavaLong && v.value >= -(2n ** 53n) && v.value <= 2n ** 53n) return Number(v.value);
    throw castError(name, v, 'Integer');
  }

  /** `SCOPE`: `object`, `onelevel`, `subtree`, or null. */
  get scope(): string | null {
    return this.#string(OptionKeys.SCOPE);
  }

  /** `CONTAINER`: the search base, or null. */
  get container(): QualifiedUid | null {
    const v = this.get(OptionKeys.CONTAINER);
    if (v === null || v instanceof QualifiedUid) return v;
    throw castError(OptionKeys.CONTAINER, v, 'QualifiedUid');
  }

  /** `RUN_AS_USER`, or null. */
  get runAsUser(): string | null {
    return this.#string(OptionKeys.RUN_AS_USER);
  }

  /** `RUN_WITH_PASSWORD`, or null. */
  get runWithPassword(): GuardedString | null {
    const v = this.get(OptionKeys.RUN_WITH_PASSWORD);
    if (v === null || v instanceof GuardedString) return v;
    throw castError(OptionKeys.RUN_WITH_PASSWORD, v, 'GuardedString');
  }

  /** `ATTRS_TO_GET` as a new array, or null (= "the attributes returned by default"). */
  get attributesToGet(): string[] | null {
    const v = this.get(OptionKeys.ATTRS_TO_GET);
    if (v === null) return null;
    if (v instanceof JavaArray && v.items.every((i) => typeof i === 'string')) {
      return [...(v.items as string[])];
    }
    throw castError(OptionKeys.ATTRS_TO_GET, v, 'String[]');
  }

  /** `PAGED_RESULTS_COOKIE`, or null (first page). */
  get pagedResultsCookie(): string | null {
    return this.#string(OptionKeys.PAGED_RESULTS_COOKIE);
  }

  /** `PAGED_RESULTS_OFFSET` as a number, or null. */
  get pagedResultsOffset(): number | null {
    return this.#integer(OptionKeys.PAGED_RESULTS_OFFSET);
  }

  /** `PAGE_SIZE` as a number, or null (no paging; paging is on only when above 0). */
  get pageSize(): number | null {
    return this.#integer(OptionKeys.PAGE_SIZE);
  }

  /** `SORT_KEYS` as a new array, or null. */
  get sortKeys(): SortKey[] | null {
    const v = this.get(OptionKeys.SORT_KEYS);
    if (v === null) return null;
    if (v instanceof JavaArray && v.items.every(isSortKey)) return [...(v.items as SortKey[])];
    throw castError(OptionKeys.SORT_KEYS, v, 'SortKey[]');
  }

  /** `TOTAL_PAGED_RESULTS_POLICY`; `NONE` when absent or null. */
  get totalPagedResultsPolicy(): CountPolicy {
    const v = this.get(OptionKeys.TOTAL_PAGED_RESULTS_POLICY);
    if (v === null) return 'NONE';
    if (v instanceof CountPolicyValue) return v.value;
    if (isCountPolicy(v)) return v;
    throw castError(OptionKeys.TOTAL_PAGED_RESULTS_POLICY, v, 'CountPolicy');
  }

  /** `FAIL_ON_ERROR`; false when absent. A String is read like `Boolean.valueOf`. */
  get failOnError(): boolean {
    return booleanOf(OptionKeys.FAIL_ON_ERROR, this.get(OptionKeys.FAIL_ON_ERROR));
  }

  /** `REQUIRE_SERIAL`; false when absent. A Boolean is used as is, a String is read like `Boolean.valueOf`. */
  get requireSerial(): boolean {
    return booleanOf(OptionKeys.REQUIRE_SERIAL, this.get(OptionKeys.REQUIRE_SERIAL));
  }

  /** Same names and equal values. */
  equals(other: unknown): boolean {
    if (!(other instanceof OperationOptions) || other.size !== this.size) return false;
    for (const [k, v] of this.#options) {
      if (!other.has(k) || !valueEquals(v, other.#options.get(k))) return false;
    }
    return true;
  }

  toString(): string {
    const parts = [...this.#options].map(([k, v]) => {
      const text =
        v instanceof JavaArray ? `[${v.items.map((i) => valueToString(i)).join(', ')}]` : valueToString(v);
      return `${k}=${text}`;
    });
    return `OperationOptions: {${parts.join(', ')}}`;
  }

  /** JSON form: a plain object of the options (secrets stay hidden). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.#options) out[k] = valueToPlain(v);
    return out;
  }
}

/**
 * Builds {@link OperationOptions}. The typed setters and {@link OperationOptionsBuilder.setOption} check each
 * standard key's Java type (IllegalArgumentException naming the option otherwise); other keys accept any option
 * value type (see {@link toOptionValue}). A null value is stored as null, as Java's builder does.
 */
export class OperationOptionsBuilder {
  readonly #options = new Map<string, unknown>();

  /** Optionally starts from existing options or a map of (convertible) values. */
  constructor(from?: OperationOptions | OptionsInput | null) {
    if (from instanceof OperationOptions) {
      for (const [k, v] of from.options) this.#options.set(k, v);
    } else if (from) {
      this.setOptions(from);
    }
  }

  /**
   * Sets one option, converting the value as {@link toOptionValue} describes.
   *
   * @throws IllegalArgumentException for a blank name or an unacceptable value.
   */
  setOption(name: string, value: unknown): this {
    requireNonBlank(name, 'name');
    this.#options.set(name, toOptionValue(name, value));
    return this;
  }

  /** Sets every entry of a map or plain object with {@link OperationOptionsBuilder.setOption}. */
  setOptions(options: OptionsInput): this {
    for (const [name, value] of entriesOf(options)) {
      if (typeof name !== 'string') throw new IllegalArgumentException('Option names must be Strings.');
      this.setOption(name, value);
    }
    return this;
  }

  /** Removes an option. */
  removeOption(name: string): this {
    this.#options.delete(name);
    return this;
  }

  /** The value set so far for `name` (canonical), or null. */
  getOption(name: string): unknown {
    return this.#options.get(name) ?? null;
  }

  /** `SCOPE` (`OptionKeys.SCOPE_OBJECT`, `SCOPE_ONE_LEVEL` or `SCOPE_SUBTREE`; not checked further). */
  setScope(scope: string | null): this {
    return this.setOption(OptionKeys.SCOPE, scope);
  }

  /** `CONTAINER`. */
  setContainer(container: QualifiedUid | null): this {
    return this.setOption(OptionKeys.CONTAINER, container);
  }

  /** `RUN_AS_USER`. */
  setRunAsUser(user: string | null): this {
    return this.setOption(OptionKeys.RUN_AS_USER, user);
  }

  /** `RUN_WITH_PASSWORD`. */
  setRunWithPassword(password: GuardedString | null): this {
    return this.setOption(OptionKeys.RUN_WITH_PASSWORD, password);
  }

  /** `ATTRS_TO_GET` from names (`setAttributesToGet('a', 'b')`) or one iterable of names (or null). */
  setAttributesToGet(names: Iterable<string> | null): this;
  setAttributesToGet(...names: string[]): this;
  setAttributesToGet(...args: unknown[]): this {
    const [first] = args;
    const value = args.length === 1 && typeof first !== 'string' ? first : args;
    return this.setOption(OptionKeys.ATTRS_TO_GET, value);
  }

  /** `PAGED_RESULTS_COOKIE`. */
  setPagedResultsCookie(cookie: string | null): this {
    return this.setOption(OptionKeys.PAGED_RESULTS_COOKIE, cookie);
  }

  /** `PAGED_RESULTS_OFFSET` (a 32-bit integer). */
  setPagedResultsOffset(offset: number | JavaInteger | null): this {
    return this.setOption(OptionKeys.PAGED_RESULTS_OFFSET, offset);
  }

  /** `PAGE_SIZE` (a 32-bit integer). */
  setPageSize(pageSize: number | JavaInteger | null): this {
    return this.setOption(OptionKeys.PAGE_SIZE, pageSize);
  }

  /** `SORT_KEYS` from keys (`setSortKeys(k1, k2)`) or one iterable of keys (or null). */
  setSortKeys(keys: Iterable<SortKey> | null): this;
  setSortKeys(...keys: SortKey[]): this;
  setSortKeys(...args: unknown[]): this {
    const [first] = args;
    const value = args.length === 1 && !(first instanceof SortKey) ? first : args;
    return this.setOption(OptionKeys.SORT_KEYS, value);
  }

  /** `TOTAL_PAGED_RESULTS_POLICY` (stored as a {@link CountPolicyValue}). */
  setTotalPagedResultsPolicy(policy: CountPolicy | CountPolicyValue | null): this {
    return this.setOption(OptionKeys.TOTAL_PAGED_RESULTS_POLICY, policy);
  }

  /** `FAIL_ON_ERROR` (Boolean). */
  setFailOnError(failOnError: boolean | null): this {
    return this.setOption(OptionKeys.FAIL_ON_ERROR, failOnError);
  }

  /**
   * `REQUIRE_SERIAL`: a boolean is stored as a Boolean (what the wire carries); a String is stored as given and
   * read like `Boolean.valueOf` by {@link OperationOptions.requireSerial}.
   */
  setRequireSerial(requireSerial: boolean | string | null): this {
    return this.setOption(OptionKeys.REQUIRE_SERIAL, requireSerial);
  }

  /** The immutable options. */
  build(): OperationOptions {
    return new OperationOptions(this.#options);
  }
}
