/**
 * Helpers over attribute sets (spec framework.md A.17): {@link AttributesAccessor}, which every Groovy sample uses
 * to read create/update input, and the {@link AttributeUtil} functions.
 *
 * Lookups by name are case-insensitive. Attribute lookups return `undefined` when there is no such attribute;
 * value getters return `null` when the attribute is absent or has no value. Typed getters return the JS-level
 * value: `number` for Integer, Double, Float and Byte; `bigint` for Long and BigInteger; `string` for String and
 * Character; `boolean`; `Uint8Array` for byte[]; `JavaBigDecimal`; `GuardedString` / `GuardedByteArray`; a
 * `ReadonlyMap` for Map; `Date` for a Long of epoch milliseconds. A value of another Java type throws
 * ClassCastException; more than one value throws (single-value getters only).
 *
 * @packageDocumentation
 */
import { ClassCastException, NullPointerException } from '../errors.js';
import {
  JavaBigDecimal,
  JavaBigInteger,
  JavaByte,
  JavaCharacter,
  JavaDouble,
  JavaFloat,
  JavaInteger,
  JavaLong,
} from '../values/boxed.js';
import { GuardedByteArray, GuardedString } from '../values/guarded.js';
import { type AttributeMap, type AttributeValue, javaTypeOf, valueToString } from '../values/value.js';
import { type Attribute, type AttributeValues, Name, singleValue, Uid } from './attribute.js';
import { ConnectorObject } from './connector-object.js';
import { isSpecialName, nameKey, namesEqual } from './names.js';
import { OperationalAttributes } from './special-attributes.js';

/** Reads the single value of `attr` and narrows it with `pick`; ClassCastException when `pick` refuses it. */
function typedValue<T>(
  attr: Attribute | null | undefined,
  expected: string,
  pick: (value: AttributeValue) => T | undefined,
): T | null {
  const value = singleValue(attr ?? undefined);
  if (value === null) return null;
  const out = pick(value);
  if (out === undefined) {
    throw new ClassCastException(
      `Attribute '${attr?.name}' holds ${javaTypeOf(value) ?? typeof value}, not ${expected}`,
    );
  }
  return out;
}

const pickString = (v: AttributeValue) => (typeof v === 'string' ? v : undefined);
const pickCharacter = (v: AttributeValue) => (v instanceof JavaCharacter ? v.value : undefined);
const pickInteger = (v: AttributeValue) => (v instanceof JavaInteger ? v.value : undefined);
const pickLong = (v: AttributeValue) => (v instanceof JavaLong ? v.value : undefined);
const pickDouble = (v: AttributeValue) => (v instanceof JavaDouble ? v.value : undefined);
const pickFloat = (v: AttributeValue) => (v instanceof JavaFloat ? v.value : undefined);
const pickBigDecimal = (v: AttributeValue) => (v instanceof JavaBigDecimal ? v : undefined);
const pickBigInteger = (v: AttributeValue) => (v instanceof JavaBigInteger ? v.value : undefined);
const pickBoolean = (v: AttributeValue) => (typeof v === 'boolean' ? v : undefined);
const pickByte = (v: AttributeValue) => (v instanceof JavaByte ? v.value : undefined);
const pickByteArray = (v: AttributeValue) => (v instanceof Uint8Array ? v : undefined);
const pickGuardedString = (v: AttributeValue) => (v instanceof GuardedString ? v : undefined);
const pickGuardedByteArray = (v: AttributeValue) => (v instanceof GuardedByteArray ? v : undefined);
const pickMap = (v: AttributeValue) => (v instanceof Map ? (v as AttributeMap) : undefined);
const pickDate = (v: AttributeValue) => (v instanceof JavaLong ? new Date(Number(v.value)) : undefined);

/** A Map whose `get`/`has`/`set`/`delete` ignore the case of the key (keys are stored upper-cased). */
class CaseInsensitiveMap<V> extends Map<string, V> {
  override get(key: string): V | undefined {
    return super.get(nameKey(key));
  }
  override has(key: string): boolean {
    return super.has(nameKey(key));
  }
  override set(key: string, value: V): this {
    return super.set(nameKey(key), value);
  }
  override delete(key: string): boolean {
    return super.delete(nameKey(key));
  }
}

/** Where the {@link AttributeUtil} functions read attributes from: an attribute iterable or a connector object. */
export type AttributeSource = ConnectorObject | Iterable<Attribute>;

function attributesOf(source: AttributeSource): Iterable<Attribute> {
  if (source === null || source === undefined) {
    throw new NullPointerException("Parameter 'attrs' must not be null.");
  }
  return source instanceof ConnectorObject ? source.attributes : source;
}

/**
 * Read access to a set of attributes by case-insensitive name, with typed single-value getters. When two
 * attributes share a name (ignoring case) the later one wins.
 */
export class AttributesAccessor {
  readonly #byName: ReadonlyMap<string, Attribute>;

  /**
   * @param attributes the attributes, or a connector object whose attributes to read.
   * @throws NullPointerException when `attributes` is null or undefined.
   */
  constructor(attributes: AttributeSource) {
    if (attributes === null || attributes === undefined) {
      throw new NullPointerException("Parameter 'attributes' must not be null.");
    }
    const byName = new Map<string, Attribute>();
    for (const attr of attributesOf(attributes)) byName.set(nameKey(attr.name), attr);
    this.#byName = byName;
  }

  /** The attribute with that name (any case), or undefined. */
  find(name: string): Attribute | undefined {
    return this.#byName.get(nameKey(name));
  }

  /** Whether an attribute with that name (any case) is present. */
  hasAttribute(name: string): boolean {
    return this.#byName.has(nameKey(name));
  }

  /** The names of all attributes, as given (original case). */
  listAttributeNames(): string[] {
    return [...this.#byName.values()].map((a) => a.name);
  }

  /** The `__NAME__` attribute, or undefined. */
  getName(): Name | undefined {
    const attr = this.find(Name.NAME);
    return attr instanceof Name ? attr : undefined;
  }

  /** The `__UID__` attribute, or undefined. */
  getUid(): Uid | undefined {
    const attr = this.find(Uid.NAME);
    return attr instanceof Uid ? attr : undefined;
  }

  /** The `__ENABLE__` value, or `dflt` when the attribute is absent or has no value. */
  getEnabled(dflt: boolean): boolean {
    return AttributeUtil.getBooleanValue(this.find(OperationalAttributes.ENABLE_NAME)) ?? dflt;
  }

  /** The `__PASSWORD__` value, or null. */
  getPassword(): GuardedString | null {
    return this.findGuardedString(OperationalAttributes.PASSWORD_NAME);
  }

  /** All values of the attribute (the attribute's own list, possibly with nulls), or null when absent. */
  findList(name: string): AttributeValues | null {
    return this.find(name)?.value ?? null;
  }

  /**
   * All values as strings, or null when the attribute is absent or has no value list. Null elements are skipped.
   *
   * @throws ClassCastException when a value is not a String.
   */
  findStringList(name: string): string[] | null {
    const values = this.findList(name);
    if (values === null) return null;
    const out: string[] = [];
    for (const v of values) {
      if (v === null) continue;
      if (typeof v !== 'string') {
        throw new ClassCastException(`Attribute '${name}' holds ${javaTypeOf(v)}, not String`);
      }
      out.push(v);
    }
    return out;
  }

  /** Single String value, or null. */
  findString(name: string): string | null {
    return typedValue(this.find(name), 'String', pickString);
  }

  /** Single Character value (a one-code-unit string), or null. */
  findCharacter(name: string): string | null {
    return typedValue(this.find(name), 'Character', pickCharacter);
  }

  /** Single Integer value as a number, or null. */
  findInteger(name: string): number | null {
    return typedValue(this.find(name), 'Integer', pickInteger);
  }

  /** Single Long value as a bigint, or null. */
  findLong(name: string): bigint | null {
    return typedValue(this.find(name), 'Long', pickLong);
  }

  /** Single Long value (epoch milliseconds) as a Date, or null. */
  findDate(name: string): Date | null {
    return typedValue(this.find(name), 'Long', pickDate);
  }

  /** Single Double value as a number, or null. */
  findDouble(name: string): number | null {
    return typedValue(this.find(name), 'Double', pickDouble);
  }

  /** Single Float value as a number, or null. */
  findFloat(name: string): number | null {
    return typedValue(this.find(name), 'Float', pickFloat);
  }

  /** Single BigDecimal value, or null. */
  findBigDecimal(name: string): JavaBigDecimal | null {
    return typedValue(this.find(name), 'BigDecimal', pickBigDecimal);
  }

  /** Single Boolean value, or null. */
  findBoolean(name: string): boolean | null {
    return typedValue(this.find(name), 'Boolean', pickBoolean);
  }

  /** Single Byte value as a number, or null. */
  findByte(name: string): number | null {
    return typedValue(this.find(name), 'Byte', pickByte);
  }

  /** Single byte[] value, or null. */
  findByteArray(name: string): Uint8Array | null {
    return typedValue(this.find(name), 'byte[]', pickByteArray);
  }

  /** Single BigInteger value as a bigint, or null. */
  findBigInteger(name: string): bigint | null {
    return typedValue(this.find(name), 'BigInteger', pickBigInteger);
  }

  /** Single GuardedByteArray value, or null. */
  findGuardedByteArray(name: string): GuardedByteArray | null {
    return typedValue(this.find(name), 'GuardedByteArray', pickGuardedByteArray);
  }

  /** Single GuardedString value, or null. */
  findGuardedString(name: string): GuardedString | null {
    return typedValue(this.find(name), 'GuardedString', pickGuardedString);
  }

  /** Single Map value, or null. */
  findMap(name: string): AttributeMap | null {
    return typedValue(this.find(name), 'Map', pickMap);
  }
}

/**
 * Functions over attributes and attribute sets (the framework's `AttributeUtil`). Single-value getters return
 * null for an absent attribute or an empty/null value list and throw when there is more than one value.
 */
export const AttributeUtil = {
  /** The single value, or null. */
  getSingleValue(attr: Attribute | null | undefined): AttributeValue | null {
    return singleValue(attr ?? undefined);
  },

  /** The single String value, or null (ClassCastException for another type). */
  getStringValue(attr: Attribute | null | undefined): string | null {
    return typedValue(attr, 'String', pickString);
  },

  /** The single value as a string (numbers in decimal, byte[] as base64, secrets hidden), or null. */
  getAsStringValue(attr: Attribute | null | undefined): string | null {
    return valueToString(singleValue(attr ?? undefined));
  },

  /** The single Integer value as a number, or null. */
  getIntegerValue(attr: Attribute | null | undefined): number | null {
    return typedValue(attr, 'Integer', pickInteger);
  },

  /** The single Long value as a bigint, or null. */
  getLongValue(attr: Attribute | null | undefined): bigint | null {
    return typedValue(attr, 'Long', pickLong);
  },

  /** The single Long value (epoch milliseconds) as a Date, or null. */
  getDateValue(attr: Attribute | null | undefined): Date | null {
    return typedValue(attr, 'Long', pickDate);
  },

  /** The single Double value, or null. */
  getDoubleValue(attr: Attribute | null | undefined): number | null {
    return typedValue(attr, 'Double', pickDouble);
  },

  /** The single BigDecimal value, or null. */
  getBigDecimalValue(attr: Attribute | null | undefined): JavaBigDecimal | null {
    return typedValue(attr, 'BigDecimal', pickBigDecimal);
  },

  /** The single Boolean value, or null. */
  getBooleanValue(attr: Attribute | null | undefined): boolean | null {
    return typedValue(attr, 'Boolean', pickBoolean);
  },

  /** The single GuardedString value, or null. */
  getGuardedStringValue(attr: Attribute | null | undefined): GuardedString | null {
    return typedValue(attr, 'GuardedString', pickGuardedString);
  },

  /** True when the attribute's name is special (`__X__`). */
  isSpecial(attr: Attribute): boolean {
    return isSpecialName(attr.name);
  },

  /**
   * The attributes keyed by name; `get`/`has` ignore case (keys are stored upper-cased). A later attribute
   * replaces an earlier one of the same name.
   */
  toMap(attrs: AttributeSource): ReadonlyMap<string, Attribute> {
    const map = new CaseInsensitiveMap<Attribute>();
    for (const attr of attributesOf(attrs)) map.set(attr.name, attr);
    return map;
  },

  /** The attributes whose names are not special (`__X__`), in order. */
  getBasicAttributes(attrs: AttributeSource): Attribute[] {
    return [...attributesOf(attrs)].filter((a) => !isSpecialName(a.name));
  },

  /** The attributes whose names are special (`__X__`), in order. */
  getSpecialAttributes(attrs: AttributeSource): Attribute[] {
    return [...attributesOf(attrs)].filter((a) => isSpecialName(a.name));
  },

  /** The attributes without `__UID__`. */
  filterUid(attrs: AttributeSource): Attribute[] {
    return [...attributesOf(attrs)].filter((a) => !namesEqual(a.name, Uid.NAME));
  },

  /** The attributes with `uid` in place of any `__UID__` they had (a string becomes a Uid). */
  addUid(attrs: AttributeSource, uid: Uid | string): Attribute[] {
    if (uid === null || uid === undefined) {
      throw new NullPointerException("Parameter 'uid' must not be null.");
    }
    return [...AttributeUtil.filterUid(attrs), typeof uid === 'string' ? new Uid(uid) : uid];
  },

  /** The attribute with that name (any case), or undefined. */
  find(name: string, attrs: AttributeSource): Attribute | undefined {
    for (const attr of attributesOf(attrs)) if (namesEqual(attr.name, name)) return attr;
    return undefined;
  },

  /** The `__UID__` attribute of a set, or undefined. */
  getUidAttribute(attrs: AttributeSource): Uid | undefined {
    const attr = AttributeUtil.find(Uid.NAME, attrs);
    return attr instanceof Uid ? attr : undefined;
  },

  /** The `__NAME__` attribute of a set, or undefined. */
  getNameFromAttributes(attrs: AttributeSource): Name | undefined {
    const attr = AttributeUtil.find(Name.NAME, attrs);
    return attr instanceof Name ? attr : undefined;
  },

  /** The `__ENABLE__` value of an object or attribute set; `dflt` (false) when absent or without value. */
  isEnabled(source: AttributeSource, dflt = false): boolean {
    return (
      AttributeUtil.getBooleanValue(AttributeUtil.find(OperationalAttributes.ENABLE_NAME, source)) ?? dflt
    );
  },

  /** The `__LOCK_OUT__` value of an object or attribute set; `dflt` (false) when absent or without value. */
  isLockedOut(source: AttributeSource, dflt = false): boolean {
    return (
      AttributeUtil.getBooleanValue(AttributeUtil.find(OperationalAttributes.LOCK_OUT_NAME, source)) ?? dflt
    );
  },

  /** The `__PASSWORD__` value of an object or attribute set, or null. */
  getPasswordValue(source: AttributeSource): GuardedString | null {
    return AttributeUtil.getGuardedStringValue(
      AttributeUtil.find(OperationalAttributes.PASSWORD_NAME, source),
    );
  },
} as const;
