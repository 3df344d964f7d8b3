/**
 * The value model: what an attribute value, a map entry, a sync-token value, an option value or a configuration
 * value may be, how plain JS input becomes a Java-typed value, and how values compare.
 *
 * Canonical forms (what the model stores and returns):
 * - `string` → String, `boolean` → Boolean, `Uint8Array` → byte[]
 * - {@link JavaInteger}, {@link JavaLong}, … → the boxed numeric types
 * - {@link GuardedString}, {@link GuardedByteArray}
 * - `ReadonlyMap<string, MapValue>` → Map (keys are Strings; values scalars, maps, lists or null)
 *
 * Input conveniences (converted by {@link toAttributeValue}): a plain object becomes a Map, a JS array inside a
 * map becomes a List, a `bigint` becomes a Long (BigInteger beyond 64 bits), and a `number` becomes an Integer
 * when it is a 32-bit integer, a Long when it is another safe integer, and a Double otherwise. Use the explicit
 * constructors (`long(5)`, `double(5)`) when the Java type matters and the number does not say it.
 *
 * @packageDocumentation
 */
import { ClassCastException, InvalidAttributeValueException } from '../errors.js';
import {
  isBoxed,
  JavaBigDecimal,
  JavaBigInteger,
  JavaByte,
  JavaCharacter,
  JavaDouble,
  JavaFloat,
  JavaInteger,
  JavaLong,
} from './boxed.js';
import { GuardedByteArray, GuardedString } from './guarded.js';
import type { JavaType } from './java-type.js';

/** A single attribute value that is not a Map. */
export type ScalarValue =
  | string
  | boolean
  | JavaInteger
  | JavaLong
  | JavaDouble
  | JavaFloat
  | JavaByte
  | JavaCharacter
  | JavaBigInteger
  | JavaBigDecimal
  | Uint8Array
  | GuardedString
  | GuardedByteArray;

/** A value inside a Map attribute: scalar, nested map, list, or null. */
export type MapValue = ScalarValue | AttributeMap | readonly MapValue[] | null;

/** A Map attribute value: String keys only, insertion order kept. */
export type AttributeMap = ReadonlyMap<string, MapValue>;

/** Any canonical attribute value (an element of an attribute's value list). */
export type AttributeValue = ScalarValue | AttributeMap;

/** What callers may pass where an attribute value is expected; see the module notes for conversions. */
export type AttributeValueInput =
  | AttributeValue
  | number
  | bigint
  | ReadonlyMap<unknown, MapValueInput>
  | { readonly [key: string]: MapValueInput };

/** Input accepted inside maps. */
export type MapValueInput = AttributeValueInput | readonly MapValueInput[] | null | undefined;

/** `java.net.URI`, a configuration type. */
export class JavaURI {
  readonly javaType = 'URI' as const;
  constructor(readonly value: string) {}
  equals(other: unknown): boolean {
    return other instanceof JavaURI && other.value === this.value;
  }
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

/** `java.io.File`, a configuration type (a path). */
export class JavaFile {
  readonly javaType = 'File' as const;
  constructor(readonly path: string) {}
  equals(other: unknown): boolean {
    return other instanceof JavaFile && other.path === this.path;
  }
  toString(): string {
    return this.path;
  }
  toJSON(): string {
    return this.path;
  }
}

/**
 * A Java array with its component type (`String[]`, `SortKey[]`…): options and configuration need the type even
 * when the array is empty.
 */
export class JavaArray<T = unknown> {
  constructor(
    readonly componentType: JavaType,
    readonly items: readonly T[],
  ) {
    Object.freeze(this.items);
  }

  /** The array type name, e.g. `String[]`. */
  get javaType(): string {
    return `${this.componentType}[]`;
  }

  get length(): number {
    return this.items.length;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof JavaArray &&
      other.componentType === this.componentType &&
      valuesEqual(other.items as unknown[], this.items as unknown[])
    );
  }

  toJSON(): readonly T[] {
    return this.items;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.items[Symbol.iterator]();
  }
}

/** An array of the given component type. */
export function arrayOf<T>(componentType: JavaType, items: Iterable<T>): JavaArray<T> {
  return new JavaArray(componentType, [...items]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The JS number → Java type rule used for untyped input (see the module notes). */
export function numberToJava(value: number): JavaInteger | JavaLong | JavaDouble {
  if (Number.isInteger(value)) {
    if (value >= -(2 ** 31) && value <= 2 ** 31 - 1) return new JavaInteger(value);
    if (Number.isSafeInteger(value)) return new JavaLong(BigInt(value));
  }
  return new JavaDouble(value);
}

function bigintToJava(value: bigint): JavaLong | JavaBigInteger {
  return value >= -(2n ** 63n) && value < 2n ** 63n ? new JavaLong(value) : new JavaBigInteger(value);
}

/** True when `value` is a canonical scalar attribute value. */
export function isScalarValue(value: unknown): value is ScalarValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    isBoxed(value) ||
    value instanceof Uint8Array ||
    value instanceof GuardedString ||
    value instanceof GuardedByteArray
  );
}

/**
 * Converts input to a canonical attribute value, checking it against the supported types (spec A.5).
 * `path` names the attribute for error messages; nested paths read like `attr/key[*]/sub` as in Java.
 *
 * @throws InvalidAttributeValueException for unsupported types, non-String map keys or null values at top level.
 */
export function toAttributeValue(input: AttributeValueInput, path = 'value'): AttributeValue {
  if (input === null || input === undefined) {
    throw new InvalidAttributeValueException(`Attribute '${path}' value must not be null here`);
  }
  if (isScalarValue(input)) return input;
  if (typeof input === 'number') return numberToJava(input);
  if (typeof input === 'bigint') return bigintToJava(input);
  if (input instanceof Map || isPlainObject(input)) return toAttributeMap(input, path);
  throw new InvalidAttributeValueException(
    `Attribute '${path}' has an unsupported value type: ${describe(input)}`,
  );
}

function toAttributeMap(input: ReadonlyMap<unknown, MapValueInput> | Record<string, unknown>, path: string) {
  const out = new Map<string, MapValue>();
  const entries: Iterable<[unknown, unknown]> =
    input instanceof Map ? input.entries() : Object.entries(input as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (typeof key !== 'string') {
      throw new InvalidAttributeValueException(
        `Map Attribute '${path}' must have String key, type: ${describe(key)}`,
      );
    }
    out.set(key, toMapValue(value as MapValueInput, `${path}/${key}`));
  }
  return out as AttributeMap;
}

function toMapValue(input: MapValueInput, path: string): MapValue {
  if (input === null || input === undefined) return null;
  if (Array.isArray(input)) return Object.freeze(input.map((item) => toMapValue(item, `${path}[*]`)));
  return toAttributeValue(input as AttributeValueInput, path);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'object';
}

/**
 * The Java type of a canonical value: `String`, `Boolean`, `Integer`, …, `byte[]`, `Map`, and for other model
 * objects their own `javaType` (e.g. `Uid`, `SortKey`, `String[]`). Null yields `undefined`.
 */
export function javaTypeOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (value instanceof Uint8Array) return 'byte[]';
  if (value instanceof GuardedString) return 'GuardedString';
  if (value instanceof GuardedByteArray) return 'GuardedByteArray';
  if (value instanceof Map) return 'Map';
  const tagged = (value as { javaType?: unknown }).javaType;
  if (typeof tagged === 'string') return tagged;
  return undefined;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Java `equals` for model values: same Java type and value; maps and lists compare deeply; byte[] compares by
 * content (as the framework's attribute equality does). With `caseIgnore`, Strings and Characters compare
 * case-insensitively.
 */
export function valueEquals(a: unknown, b: unknown, caseIgnore = false): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'string' && typeof b === 'string')
    return caseIgnore && a.toUpperCase() === b.toUpperCase();
  if (caseIgnore && a instanceof JavaCharacter && b instanceof JavaCharacter) {
    return a.value.toUpperCase() === b.value.toUpperCase();
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return bytesEqual(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return valuesEqual(a, b, caseIgnore);
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !valueEquals(v, b.get(k), caseIgnore)) return false;
    }
    return true;
  }
  const eq = (a as { equals?: (o: unknown) => boolean }).equals;
  return typeof eq === 'function' ? eq.call(a, b) : false;
}

/** Element-wise, order-sensitive equality of two value lists. */
export function valuesEqual(a: readonly unknown[], b: readonly unknown[], caseIgnore = false): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i], caseIgnore)) return false;
  return true;
}

function numericOf(value: unknown): number | bigint | JavaBigDecimal | undefined {
  if (value instanceof JavaBigDecimal) return value;
  if (
    value instanceof JavaInteger ||
    value instanceof JavaLong ||
    value instanceof JavaDouble ||
    value instanceof JavaFloat ||
    value instanceof JavaByte ||
    value instanceof JavaBigInteger
  ) {
    return value.value;
  }
  return undefined;
}

function compareNumeric(a: number | bigint | JavaBigDecimal, b: number | bigint | JavaBigDecimal): number {
  if (a instanceof JavaBigDecimal || b instanceof JavaBigDecimal) {
    const toDecimal = (x: number | bigint | JavaBigDecimal) =>
      x instanceof JavaBigDecimal
        ? x
        : typeof x === 'bigint'
          ? new JavaBigDecimal(x, 0)
          : JavaBigDecimal.parse(Number.isInteger(x) ? x.toFixed(0) : String(x));
    return toDecimal(a).compareTo(toDecimal(b));
  }
  if (typeof a === 'number' && Number.isNaN(a)) return typeof b === 'number' && Number.isNaN(b) ? 0 : 1;
  if (typeof b === 'number' && Number.isNaN(b)) return -1;
  // Mixed number/bigint comparisons are exact in JS.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `Comparable.compareTo` for values: Strings by UTF-16 code units (Java's order), numbers numerically (across
 * numeric kinds — Java would throw ClassCastException; rcskit compares the numbers, which is what a filter on a
 * Long attribute with an Integer value means), Booleans false < true, Characters by code unit. With `caseIgnore`,
 * Strings and Characters compare lower-cased (`compareToIgnoreCase`).
 *
 * @throws ClassCastException when the two values are not comparable with each other.
 */
export function compareValues(a: unknown, b: unknown, caseIgnore = false): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = caseIgnore ? a.toLowerCase() : a;
    const y = caseIgnore ? b.toLowerCase() : b;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof JavaCharacter && b instanceof JavaCharacter) {
    return compareValues(a.value, b.value, caseIgnore);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const na = numericOf(a);
  const nb = numericOf(b);
  if (na !== undefined && nb !== undefined) return compareNumeric(na, nb);
  throw new ClassCastException(
    `Cannot compare ${javaTypeOf(a) ?? describe(a)} with ${javaTypeOf(b) ?? describe(b)}`,
  );
}

/** True when a value can be ordered by {@link compareValues} (Java's `Comparable` among value types). */
export function isComparable(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    value instanceof JavaCharacter ||
    numericOf(value) !== undefined
  );
}

/**
 * A value as a string the way the framework's `AttributeUtil.getAsStringValue` gives it: Strings as they are,
 * numbers and booleans in decimal/`true`/`false`, Characters as themselves, byte[] as base64, Maps as JSON.
 * Secrets are never revealed (they yield `[GuardedString]`).
 */
export function valueToString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Map) return JSON.stringify(mapToPlain(value));
  return String(value);
}

/** A Map value as a plain JSON-friendly object (boxed numbers become numbers, byte[] base64). */
export function mapToPlain(map: AttributeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of map) out[k] = valueToPlain(v);
  return out;
}

/** Any model value as plain JSON data (the form `JSON.stringify` would give, without secrets). */
export function valueToPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Map) return mapToPlain(value as AttributeMap);
  if (Array.isArray(value)) return value.map(valueToPlain);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return valueToPlain(toJSON.call(value));
  return value;
}
