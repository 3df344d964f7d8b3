/**
 * Attributes (spec framework.md A.3): a name and a list of Java-typed values, or `null` for "no value / clear".
 * `Uid` (`__UID__`, with an optional revision) and `Name` (`__NAME__`) are attributes of their own classes.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, InvalidAttributeValueException, NullPointerException } from '../errors.js';
import { GuardedString } from '../values/guarded.js';
import {
  type AttributeValue,
  type AttributeValueInput,
  toAttributeValue,
  valuesEqual,
  valueToPlain,
} from '../values/value.js';
import { nameKey, namesEqual } from './names.js';
import { OperationalAttributes } from './special-attributes.js';

/** What an attribute's value list holds: canonical values, possibly with null elements. */
export type AttributeValues = readonly (AttributeValue | null)[];

/** Blank as Java's `StringUtil.isBlank` sees it (empty or only whitespace), without trimming in the usual case. */
function isBlank(text: string): boolean {
  // A printable non-space ASCII first character is never whitespace: the text is not blank, no trim needed.
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return text.trim() === '';
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || isBlank(name))
    throw new IllegalArgumentException('Name must not be blank!');
  return name;
}

function checkValues(name: string, values: readonly (AttributeValueInput | null | undefined)[] | null) {
  if (values === null) return null;
  return Object.freeze(values.map((v) => (v === null || v === undefined ? null : toAttributeValue(v, name))));
}

/** The lookup key of a name when it may be a special `__X__` name, else `undefined` (no lookup needed). */
function specialKey(name: string): string | undefined {
  // Only names starting with `_` have a key starting with `_` (see `namesEqual`).
  return name.charCodeAt(0) === 95 ? nameKey(name) : undefined;
}

const UID_KEY = nameKey('__UID__');
const NAME_KEY = nameKey('__NAME__');
const PASSWORD_KEY = nameKey(OperationalAttributes.PASSWORD_NAME);
const CURRENT_PASSWORD_KEY = nameKey(OperationalAttributes.CURRENT_PASSWORD_NAME);

function checkPassword(name: string, values: AttributeValues | null): void {
  const key = specialKey(name);
  if (key !== PASSWORD_KEY && key !== CURRENT_PASSWORD_KEY) return;
  if (!values || values.length !== 1 || !(values[0] instanceof GuardedString)) {
    throw new IllegalArgumentException(`'${name}' must be a single value of type GuardedString.`);
  }
}

/** An immutable attribute. Equality needs the same class, a case-insensitive name match and equal value lists. */
export class Attribute {
  readonly name: string;
  /** The values in order, or `null` when the attribute has no value list (which differs from an empty list). */
  readonly value: AttributeValues | null;

  /**
   * @param values canonical values or convertible input (see `toAttributeValue`); `null` for no value list.
   * @throws IllegalArgumentException for a blank name or a malformed password attribute.
   * @throws InvalidAttributeValueException for values of unsupported types.
   */
  constructor(name: string, values: readonly (AttributeValueInput | null | undefined)[] | null) {
    this.name = checkName(name);
    this.value = checkValues(this.name, values);
    checkPassword(this.name, this.value);
  }

  /** Case-insensitive name test. */
  is(name: string): boolean {
    return namesEqual(this.name, name);
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Attribute) || other.constructor !== this.constructor) return false;
    if (!namesEqual(this.name, other.name)) return false;
    if (this.value === null || other.value === null) return this.value === other.value;
    return valuesEqual(this.value, other.value);
  }

  toString(): string {
    return `Attribute: {Name=${this.name}, Value=${JSON.stringify(valueToPlain(this.value))}}`;
  }

  toJSON(): { name: string; value: unknown } {
    return { name: this.name, value: valueToPlain(this.value) };
  }
}

/** The unique id of an object (`__UID__`): one non-blank String plus an optional revision. */
export class Uid extends Attribute {
  static readonly NAME = '__UID__';
  readonly javaType = 'Uid' as const;
  /** The object's revision (IDM's `_rev`), when the resource has one. */
  readonly revision: string | undefined;

  constructor(uid: string, revision?: string | null) {
    if (uid === null || uid === undefined) throw new NullPointerException('Uid value must not be null.');
    if (typeof uid !== 'string' || isBlank(uid)) {
      throw new IllegalArgumentException('Uid value must be a non-blank String.');
    }
    if (
      revision !== undefined &&
      revision !== null &&
      (typeof revision !== 'string' || revision.trim() === '')
    ) {
      throw new IllegalArgumentException('Revision value must not be blank!');
    }
    super(Uid.NAME, [uid]);
    this.revision = revision ?? undefined;
  }

  /** The uid string. */
  get uidValue(): string {
    return this.value![0] as string;
  }

  /** Equal uid value and revision (Java's `Uid.equals` includes the revision). */
  override equals(other: unknown): boolean {
    return super.equals(other) && (other as Uid).revision === this.revision;
  }

  override toString(): string {
    return `Uid: {value=${this.uidValue}${this.revision === undefined ? '' : `, revision=${this.revision}`}}`;
  }
}

/** The user-friendly identifier of an object (`__NAME__`): one String value. */
export class Name extends Attribute {
  static readonly NAME = '__NAME__';
  constructor(name: string) {
    if (name === null || name === undefined) throw new NullPointerException('Name value must not be null.');
    if (typeof name !== 'string') throw new IllegalArgumentException('Name value must be a String.');
    super(Name.NAME, [name]);
  }

  /** The name string. */
  get nameValue(): string {
    return this.value![0] as string;
  }
}

/** Builds attributes; `build('__UID__', …)` returns a {@link Uid} and `build('__NAME__', …)` a {@link Name}. */
export class AttributeBuilder {
  #name: string | undefined;
  #values: (AttributeValueInput | null)[] | null = null;

  /** Sets the name. */
  setName(name: string): this {
    this.#name = checkName(name);
    return this;
  }

  /** Appends values (creating the list if needed). */
  addValue(...values: (AttributeValueInput | null)[]): this {
    this.#values ??= [];
    this.#values.push(...values);
    return this;
  }

  /** Replaces the value list (`null` = no value list). */
  setValues(values: readonly (AttributeValueInput | null)[] | null): this {
    this.#values = values === null ? null : [...values];
    return this;
  }

  /** Builds the attribute, checking every value. */
  build(): Attribute {
    if (this.#name === undefined) throw new IllegalArgumentException('Name must not be blank!');
    return AttributeBuilder.fromList(this.#name, this.#values);
  }

  /**
   * Builds an attribute from a name and values. With no values the attribute has an empty list; pass `null` as
   * the only argument to {@link AttributeBuilder.fromList} for a null list.
   */
  static build(name: string, ...values: (AttributeValueInput | null)[]): Attribute {
    return AttributeBuilder.fromList(name, values);
  }

  /** Builds an attribute from a name and a value list (or `null` for no value list). */
  static fromList(
    name: string,
    values: readonly (AttributeValueInput | null | undefined)[] | null,
  ): Attribute {
    checkName(name);
    const key = specialKey(name);
    const isUid = key === UID_KEY;
    if (isUid || key === NAME_KEY) {
      if (!values || values.length !== 1 || typeof values[0] !== 'string') {
        throw new IllegalArgumentException(`'${name}' must only be one String value.`);
      }
      return isUid ? new Uid(values[0]) : new Name(values[0]);
    }
    return new Attribute(name, values);
  }

  /** `__ENABLE__` with a boolean. */
  static buildEnabled(enabled: boolean): Attribute {
    return new Attribute(OperationalAttributes.ENABLE_NAME, [enabled]);
  }

  /** `__PASSWORD__` with a GuardedString. */
  static buildPassword(password: GuardedString): Attribute {
    return new Attribute(OperationalAttributes.PASSWORD_NAME, [password]);
  }

  /** `__CURRENT_PASSWORD__` with a GuardedString. */
  static buildCurrentPassword(password: GuardedString): Attribute {
    return new Attribute(OperationalAttributes.CURRENT_PASSWORD_NAME, [password]);
  }

  /** `__LOCK_OUT__` with a boolean. */
  static buildLockOut(locked: boolean): Attribute {
    return new Attribute(OperationalAttributes.LOCK_OUT_NAME, [locked]);
  }
}

/** Returns the single value of an attribute, or null; throws when it has more than one value. */
export function singleValue(attr: Attribute | undefined): AttributeValue | null {
  if (!attr || attr.value === null || attr.value.length === 0) return null;
  if (attr.value.length > 1) {
    throw new InvalidAttributeValueException(`The '${attr.name}' attribute is not single value.`);
  }
  return attr.value[0] ?? null;
}
