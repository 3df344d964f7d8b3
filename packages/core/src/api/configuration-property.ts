/**
 * Configuration properties as the application sees them (spec framework.md C.2; wire-protocol.md §4.3.6
 * `ConfigurationProperty`, `ConfigurationProperties`): the connector's settings with their metadata and typed
 * values, and {@link toConfigValue}, which turns plain JS/JSON input into the Java-typed value a property holds.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';
import { Script } from '../objects/script.js';
import { JavaByte, JavaCharacter, JavaDouble, JavaFloat, JavaInteger, JavaLong } from '../values/boxed.js';
import { GuardedByteArray, GuardedString } from '../values/guarded.js';
import {
  CONFIGURATION_TYPES,
  componentType,
  isArrayType,
  isPrimitiveType,
  type JavaType,
} from '../values/java-type.js';
import { JavaArray, JavaFile, JavaURI, valueEquals, valueToPlain } from '../values/value.js';
import { type ApiOperation, isApiOperation } from './operations.js';

/** A configuration value of a scalar configuration type (spec A.5), in its canonical form. */
export type ConfigScalarValue =
  | string
  | boolean
  | JavaCharacter
  | JavaInteger
  | JavaLong
  | JavaDouble
  | JavaFloat
  | JavaURI
  | JavaFile
  | GuardedString
  | GuardedByteArray
  | Script;

/**
 * A canonical configuration value: a scalar, or a {@link JavaArray} of scalars of the property's component type
 * (elements may be null unless the component type is primitive).
 */
export type ConfigValue = ConfigScalarValue | JavaArray<ConfigScalarValue | null>;

/** Options of {@link toConfigValue}. */
export interface ToConfigValueOptions {
  /** Never quote the input in error messages (for confidential properties). Guarded types are never quoted. */
  readonly confidential?: boolean;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_DOUBLES: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
// Characters java.net.URI refuses anywhere in a URI: whitespace, controls and the RFC 2396 "unwise" set.
const URI_ILLEGAL = /[\s\p{Cc}<>"{}|\\^`]/u;

/** Why a conversion failed; turned into an IllegalArgumentException naming property and type. */
class Refused {
  constructor(readonly reason: string) {}
}

function describeInput(input: unknown, quote: boolean): string {
  if (input === null) return 'null';
  if (typeof input === 'string') {
    if (!quote) return 'a string';
    const shown = input.length > 40 ? `${input.slice(0, 40)}…` : input;
    return `${JSON.stringify(shown)} (string)`;
  }
  if (typeof input === 'number' || typeof input === 'bigint' || typeof input === 'boolean') {
    return quote ? `${String(input)} (${typeof input})` : `a ${typeof input}`;
  }
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'object') {
    const tagged = (input as { javaType?: unknown }).javaType;
    if (typeof tagged === 'string') return `a ${tagged}`;
    return `an object (${(input as object).constructor?.name ?? 'Object'})`;
  }
  return `a ${typeof input}`;
}

function integerOf(input: unknown): bigint | Refused {
  if (input instanceof JavaInteger || input instanceof JavaByte) return BigInt(input.value);
  if (input instanceof JavaLong) return input.value;
  if (typeof input === 'bigint') return input;
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) return new Refused('not an integer');
    if (!Number.isSafeInteger(input)) return new Refused('beyond ±2^53, pass a bigint or a decimal string');
    return BigInt(input);
  }
  if (typeof input === 'string') {
    const text = input.trim();
    return INTEGER_TEXT.test(text) ? BigInt(text) : new Refused('not an integer');
  }
  return new Refused('not an integer');
}

function numberOf(input: unknown): number | Refused {
  if (
    input instanceof JavaDouble ||
    input instanceof JavaFloat ||
    input instanceof JavaInteger ||
    input instanceof JavaByte
  ) {
    return input.value;
  }
  if (input instanceof JavaLong) return Number(input.value);
  if (typeof input === 'number') return input;
  if (typeof input === 'bigint') return Number(input);
  if (typeof input === 'string') {
    const text = input.trim();
    const special = SPECIAL_DOUBLES[text];
    if (special !== undefined) return special;
    return DECIMAL_TEXT.test(text) ? Number(text) : new Refused('not a number');
  }
  return new Refused('not a number');
}

function toStringValue(input: unknown): string | Refused {
  if (typeof input === 'string') return input;
  if (typeof input === 'number' || typeof input === 'bigint' || typeof input === 'boolean')
    return String(input);
  if (
    input instanceof JavaCharacter ||
    input instanceof JavaInteger ||
    input instanceof JavaLong ||
    input instanceof JavaDouble ||
    input instanceof JavaFloat ||
    input instanceof JavaByte
  ) {
    return String(input.value);
  }
  return new Refused('not a string');
}

function toScalar(type: JavaType, input: unknown): ConfigScalarValue | Refused {
  switch (type) {
    case 'String':
      return toStringValue(input);
    case 'char':
    case 'Character':
      if (input instanceof JavaCharacter) return input;
      if (typeof input === 'string') {
        return input.length === 1 ? new JavaCharacter(input) : new Refused('not a single character');
      }
      return new Refused('not a character');
    case 'int':
    case 'Integer': {
      if (input instanceof JavaInteger) return input;
      const n = integerOf(input);
      if (n instanceof Refused) return n;
      return n < BigInt(INT_MIN) || n > BigInt(INT_MAX)
        ? new Refused('outside the 32-bit integer range')
        : new JavaInteger(Number(n));
    }
    case 'long':
    case 'Long': {
      if (input instanceof JavaLong) return input;
      const n = integerOf(input);
      if (n instanceof Refused) return n;
      return n < LONG_MIN || n > LONG_MAX ? new Refused('outside the 64-bit integer range') : new JavaLong(n);
    }
    case 'double':
    case 'Double': {
      if (input instanceof JavaDouble) return input;
      const n = numberOf(input);
      return n instanceof Refused ? n : new JavaDouble(n);
    }
    case 'float':
    case 'Float': {
      if (input instanceof JavaFloat) return input;
      const n = numberOf(input);
      return n instanceof Refused ? n : new JavaFloat(n);
    }
    case 'boolean':
    case 'Boolean':
      if (typeof input === 'boolean') return input;
      if (typeof input === 'string') {
        const text = input.trim().toLowerCase();
        if (text === 'true' || text === 'false') return text === 'true';
        return new Refused("only 'true' or 'false' can be read as a boolean");
      }
      if (input === 0 || input === 1) return input === 1;
      if (input instanceof JavaInteger && (input.value === 0 || input.value === 1)) return input.value === 1;
      return new Refused('not a boolean');
    case 'URI':
      if (input instanceof JavaURI) return input;
      if (input instanceof URL) return new JavaURI(input.href);
      if (typeof input === 'string') {
        return URI_ILLEGAL.test(input) ? new Refused('not a valid URI') : new JavaURI(input);
      }
      return new Refused('not a URI');
    case 'File':
      if (input instanceof JavaFile) return input;
      if (typeof input === 'string') return new JavaFile(input);
      return new Refused('not a file path');
    case 'GuardedString':
      if (input instanceof GuardedString) return input;
      if (typeof input === 'string') return new GuardedString(input);
      return new Refused('not a string');
    case 'GuardedByteArray':
      if (input instanceof GuardedByteArray) return input;
      if (input instanceof Uint8Array) return new GuardedByteArray(input);
      if (typeof input === 'string') return new GuardedByteArray(Buffer.from(input, 'utf8'));
      return new Refused('not bytes or a string');
    case 'Script':
      if (input instanceof Script) return input;
      if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
        const { scriptLanguage, scriptText } = input as { scriptLanguage?: unknown; scriptText?: unknown };
        if (typeof scriptLanguage === 'string' && typeof scriptText === 'string') {
          try {
            return new Script(scriptLanguage, scriptText);
          } catch (e) {
            return new Refused(e instanceof Error ? e.message : String(e));
          }
        }
      }
      return new Refused('expected an object with string scriptLanguage and scriptText');
    default:
      return new Refused('not a configuration type');
  }
}

function refuse(name: string, type: string, input: unknown, reason: string, quote: boolean): never {
  throw new IllegalArgumentException(
    `Configuration property '${name}' of type ${type} cannot take ${describeInput(input, quote)}: ${reason}`,
  );
}

/**
 * Converts input to the canonical value of a configuration property of type `type` (one of
 * `CONFIGURATION_TYPES`). This is how IDM's JSON `configurationProperties` become typed values.
 *
 * | Type | Accepted input (besides the canonical value itself) |
 * |---|---|
 * | `String` | string; numbers, bigints, booleans, boxed numbers and Characters as their text |
 * | `char`, `Character` | a string of exactly one UTF-16 code unit |
 * | `int`, `Integer` | an integral number, bigint, Byte, Long or integer text within the 32-bit range |
 * | `long`, `Long` | a safe-integer number, a bigint, an Integer or Byte, or integer text within 64 bits |
 * | `double`, `Double`, `float`, `Float` | a number, a bigint, any boxed number, decimal text, `NaN`, `±Infinity` |
 * | `boolean`, `Boolean` | `'true'`/`'false'` (any case), the numbers 0 and 1, an Integer 0 or 1 |
 * | `URI` | a string without whitespace, control characters, angle brackets, quotes, braces, bars, backslashes, carets or backquotes (which `java.net.URI` refuses); a `URL` |
 * | `File` | a string (the path) |
 * | `GuardedString` | a string (wrapped, so a clear-text secret from JSON becomes guarded) |
 * | `GuardedByteArray` | a `Uint8Array`; a string (its UTF-8 bytes) |
 * | `Script` | `{scriptLanguage, scriptText}` |
 * | `X[]` | a JS array or {@link JavaArray}, each element converted as `X` (`propName[i]` in errors); a single non-array value becomes a one-element array, as IDM does |
 *
 * `null` and `undefined` give `null` (the property is unset) for every type, primitives included: the framework
 * stores null values, and the SPI's `applyConfigurationProperties` then leaves the connector's own default in place.
 * Array elements may be null, except in arrays of a primitive type.
 *
 * @param propName the property name, used in error messages.
 * @throws IllegalArgumentException naming the property and its type when the type is not a configuration type or
 *   the input cannot be converted. The input is quoted only for non-confidential, non-guarded properties.
 */
export function toConfigValue(
  type: JavaType | string,
  input: unknown,
  propName: string,
  options: ToConfigValueOptions = {},
): ConfigValue | null {
  if (!CONFIGURATION_TYPES.has(type)) {
    throw new IllegalArgumentException(
      `Configuration property '${propName}' has type ${type}, which is not a supported configuration type`,
    );
  }
  if (input === null || input === undefined) return null;
  const quote = !options.confidential && !type.startsWith('Guarded');
  if (!isArrayType(type)) {
    const value = toScalar(type as JavaType, input);
    if (value instanceof Refused) refuse(propName, type, input, value.reason, quote);
    return value;
  }
  const component = componentType(type);
  let items: readonly unknown[];
  if (input instanceof JavaArray) items = input.items;
  else if (Array.isArray(input)) items = input;
  else items = [input];
  const converted = items.map((item, i): ConfigScalarValue | null => {
    if (item === null || item === undefined) {
      if (isPrimitiveType(component))
        refuse(`${propName}[${i}]`, component, item, 'null in a primitive array', quote);
      return null;
    }
    const value = toScalar(component, item);
    if (value instanceof Refused) refuse(`${propName}[${i}]`, component, item, value.reason, quote);
    return value;
  });
  if (
    input instanceof JavaArray &&
    input.componentType === component &&
    converted.every((v, i) => v === items[i])
  ) {
    return input as JavaArray<ConfigScalarValue | null>;
  }
  return new JavaArray<ConfigScalarValue | null>(component, converted);
}

/** A copy in which guarded secrets are copied too, so the copy can be disposed independently. */
export function copyConfigValue(value: ConfigValue | null): ConfigValue | null {
  if (value instanceof GuardedString || value instanceof GuardedByteArray) return value.copy();
  if (value instanceof JavaArray) {
    return new JavaArray(
      value.componentType,
      value.items.map((item) =>
        item instanceof GuardedString || item instanceof GuardedByteArray ? item.copy() : item,
      ),
    );
  }
  return value;
}

/** What a {@link ConfigurationProperty} is built from; omitted fields take the defaults of spec C.2. */
export interface ConfigurationPropertyInit {
  /** The property name, case-sensitive (a JavaBean property name). */
  readonly name: string;
  /** The declared type; must be one of `CONFIGURATION_TYPES`. */
  readonly type: JavaType;
  /** The value, converted with {@link toConfigValue}. Default null. */
  readonly value?: unknown;
  /** Display order. Default 0. */
  readonly order?: number;
  /** Whether the value is secret (shown masked, never logged). Default false. */
  readonly confidential?: boolean;
  /** Whether the connector requires a value. Metadata only: the framework does not enforce it. Default false. */
  readonly required?: boolean;
  /** Message key of the display name. Default (also for `''`) `<name>.display`. */
  readonly displayMessageKey?: string;
  /** Message key of the help text. Default (also for `''`) `<name>.help`. */
  readonly helpMessageKey?: string;
  /** Message key of the group. Default (also for `''`) `<name>.group`. */
  readonly groupMessageKey?: string;
  /** API operations the property is limited to; empty or omitted = all operations. */
  readonly operations?: Iterable<ApiOperation>;
}

/** Plain (JSON) form of a {@link ConfigurationProperty}; secrets show as `[GuardedString]`. */
export interface ConfigurationPropertyData {
  readonly name: string;
  readonly type: JavaType;
  readonly value: unknown;
  readonly order: number;
  readonly confidential: boolean;
  readonly required: boolean;
  readonly displayMessageKey: string;
  readonly helpMessageKey: string;
  readonly groupMessageKey: string;
  readonly operations: readonly ApiOperation[];
}

/**
 * One configuration property: metadata plus the current value. Immutable; {@link ConfigurationProperties.setValue}
 * replaces the property with {@link withValue}.
 */
export class ConfigurationProperty {
  readonly name: string;
  readonly type: JavaType;
  /** The canonical value, or null when unset. */
  readonly value: ConfigValue | null;
  readonly order: number;
  readonly confidential: boolean;
  readonly required: boolean;
  readonly displayMessageKey: string;
  readonly helpMessageKey: string;
  readonly groupMessageKey: string;
  /** API operations the property is limited to; empty = all. */
  readonly operations: ReadonlySet<ApiOperation>;

  /**
   * @throws IllegalArgumentException for a blank name, an unsupported type, a non-integral order, an unknown
   *   operation name, or a value that does not convert to the type.
   */
  constructor(init: ConfigurationPropertyInit) {
    const name = init.name;
    if (typeof name !== 'string' || name.trim() === '') {
      throw new IllegalArgumentException('Configuration property name must not be blank');
    }
    const order = init.order ?? 0;
    if (!Number.isInteger(order) || order < INT_MIN || order > INT_MAX) {
      throw new IllegalArgumentException(
        `Configuration property '${name}' order must be a 32-bit integer: ${order}`,
      );
    }
    const operations = new Set<ApiOperation>();
    for (const op of init.operations ?? []) {
      if (!isApiOperation(op)) {
        throw new IllegalArgumentException(
          `Configuration property '${name}' names an unknown API operation: ${op}`,
        );
      }
      operations.add(op);
    }
    this.name = name;
    this.type = init.type;
    this.confidential = init.confidential ?? false;
    this.value = toConfigValue(init.type, init.value, name, { confidential: this.confidential });
    this.order = order;
    this.required = init.required ?? false;
    this.displayMessageKey = init.displayMessageKey || `${name}.display`;
    this.helpMessageKey = init.helpMessageKey || `${name}.help`;
    this.groupMessageKey = init.groupMessageKey || `${name}.group`;
    this.operations = operations;
    Object.freeze(this);
  }

  /** The same property with another value (converted with {@link toConfigValue}). */
  withValue(value: unknown): ConfigurationProperty {
    return new ConfigurationProperty({ ...this.init(), value });
  }

  /** Whether the property matters for `op`: true when it names no operations or names `op`. */
  appliesTo(op: ApiOperation): boolean {
    return this.operations.size === 0 || this.operations.has(op);
  }

  /** The fields as a {@link ConfigurationPropertyInit} (same value object). */
  init(): ConfigurationPropertyInit {
    return {
      name: this.name,
      type: this.type,
      value: this.value,
      order: this.order,
      confidential: this.confidential,
      required: this.required,
      displayMessageKey: this.displayMessageKey,
      helpMessageKey: this.helpMessageKey,
      groupMessageKey: this.groupMessageKey,
      operations: this.operations,
    };
  }

  /** Equal metadata, equal operation sets and equal values (guarded values compare by hash). */
  equals(other: unknown): boolean {
    if (!(other instanceof ConfigurationProperty)) return false;
    return (
      other.name === this.name &&
      other.type === this.type &&
      other.order === this.order &&
      other.confidential === this.confidential &&
      other.required === this.required &&
      other.displayMessageKey === this.displayMessageKey &&
      other.helpMessageKey === this.helpMessageKey &&
      other.groupMessageKey === this.groupMessageKey &&
      other.operations.size === this.operations.size &&
      [...this.operations].every((op) => other.operations.has(op)) &&
      (other.value === this.value || valueEquals(other.value, this.value))
    );
  }

  toString(): string {
    return `ConfigurationProperty(${this.name}: ${this.type})`;
  }

  toJSON(): ConfigurationPropertyData {
    return {
      name: this.name,
      type: this.type,
      value: valueToPlain(this.value),
      order: this.order,
      confidential: this.confidential,
      required: this.required,
      displayMessageKey: this.displayMessageKey,
      helpMessageKey: this.helpMessageKey,
      groupMessageKey: this.groupMessageKey,
      operations: [...this.operations],
    };
  }
}

/** Options of {@link ConfigurationProperties.setValues}. */
export interface SetValuesOptions {
  /** Skip names that are not properties instead of throwing (IDM silently skips unknown keys). Default false. */
  readonly ignoreUnknown?: boolean;
}

/**
 * The ordered list of a connector's configuration properties, looked up by exact (case-sensitive) name. Values
 * are changed in place with {@link setValue}; {@link clone} gives an independent copy.
 */
export class ConfigurationProperties implements Iterable<ConfigurationProperty> {
  #list: ConfigurationProperty[];
  readonly #index = new Map<string, number>();

  /** @throws IllegalArgumentException for two properties with the same name. */
  constructor(properties: Iterable<ConfigurationProperty | ConfigurationPropertyInit> = []) {
    this.#list = [];
    for (const p of properties) {
      const property = p instanceof ConfigurationProperty ? p : new ConfigurationProperty(p);
      if (this.#index.has(property.name)) {
        throw new IllegalArgumentException(`Duplicate configuration property '${property.name}'`);
      }
      this.#index.set(property.name, this.#list.length);
      this.#list.push(property);
    }
  }

  /** The property names, in order. */
  get names(): readonly string[] {
    return this.#list.map((p) => p.name);
  }

  /** The properties, in order. */
  get properties(): readonly ConfigurationProperty[] {
    return [...this.#list];
  }

  /** Number of properties. */
  get size(): number {
    return this.#list.length;
  }

  /** The property with exactly this name, or undefined. */
  get(name: string): ConfigurationProperty | undefined {
    const i = this.#index.get(name);
    return i === undefined ? undefined : this.#list[i];
  }

  /** Whether a property has exactly this name. */
  has(name: string): boolean {
    return this.#index.has(name);
  }

  /**
   * The value of a property.
   *
   * @throws IllegalArgumentException for an unknown name (listing the valid names).
   */
  getValue(name: string): ConfigValue | null {
    return this.#require(name).value;
  }

  /**
   * Sets a property's value, converting plain input to the property's type with {@link toConfigValue} (a string
   * for a GuardedString property becomes a GuardedString, a JSON array becomes a typed {@link JavaArray}, …).
   *
   * @throws IllegalArgumentException for an unknown name (listing the valid names) or a value of the wrong type
   *   (naming the property and its type).
   */
  setValue(name: string, value: unknown): this {
    const property = this.#require(name);
    this.#list[this.#index.get(name)!] = property.withValue(value);
    return this;
  }

  /**
   * Sets several values, e.g. IDM's `configurationProperties` JSON object. Either all values are set or, when one
   * fails, none is.
   *
   * @throws IllegalArgumentException as {@link setValue}; unknown names only without `ignoreUnknown`.
   */
  setValues(
    values: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>,
    options: SetValuesOptions = {},
  ): this {
    const entries = values instanceof Map ? [...values.entries()] : Object.entries(values);
    const next = [...this.#list];
    for (const [name, value] of entries) {
      const i = this.#index.get(name);
      if (i === undefined) {
        if (options.ignoreUnknown) continue;
        this.#require(name);
      } else {
        next[i] = next[i]!.withValue(value);
      }
    }
    this.#list = next;
    return this;
  }

  /** An independent copy: later changes to either side do not show in the other; secrets are copied. */
  clone(): ConfigurationProperties {
    return new ConfigurationProperties(this.#list.map((p) => p.withValue(copyConfigValue(p.value))));
  }

  /** Same properties in the same order. */
  equals(other: unknown): boolean {
    if (!(other instanceof ConfigurationProperties) || other.size !== this.size) return false;
    return this.#list.every((p, i) => p.equals(other.#list[i]));
  }

  [Symbol.iterator](): Iterator<ConfigurationProperty> {
    return this.properties[Symbol.iterator]();
  }

  toJSON(): ConfigurationPropertyData[] {
    return this.#list.map((p) => p.toJSON());
  }

  #require(name: string): ConfigurationProperty {
    const property = this.get(name);
    if (!property) {
      const valid = this.names.length === 0 ? '(none)' : this.names.join(', ');
      throw new IllegalArgumentException(
        `Unknown configuration property '${String(name)}'; valid properties are: ${valid}`,
      );
    }
    return property;
  }
}
