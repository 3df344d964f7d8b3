/**
 * Schema description of one attribute (spec framework.md A.6) and the predefined descriptions of the special
 * attributes (A.4). Flags work "by exception": an empty flag set means optional, single-valued, creatable,
 * updateable, readable and returned by default.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';
import { ATTRIBUTE_TYPES, type JavaType } from '../values/java-type.js';
import { Name } from './attribute.js';
import { namesEqual } from './names.js';
import { OperationalAttributes, PredefinedAttributes } from './special-attributes.js';

/** The Java `AttributeInfo.Flags` constants (serial enum `AttributeInfoFlag`). */
export type AttributeInfoFlag =
  | 'REQUIRED'
  | 'MULTIVALUED'
  | 'NOT_CREATABLE'
  | 'NOT_UPDATEABLE'
  | 'NOT_READABLE'
  | 'NOT_RETURNED_BY_DEFAULT';

/** The flag names as constants, e.g. `Flags.REQUIRED`. */
export const Flags = Object.freeze({
  /** The value must be present on create. */
  REQUIRED: 'REQUIRED',
  /** More than one value is allowed (a `byte[]` counts as one value). */
  MULTIVALUED: 'MULTIVALUED',
  /** Cannot be supplied on create. */
  NOT_CREATABLE: 'NOT_CREATABLE',
  /** Cannot be supplied on update. */
  NOT_UPDATEABLE: 'NOT_UPDATEABLE',
  /** Never returned (write-only). Requires NOT_RETURNED_BY_DEFAULT too. */
  NOT_READABLE: 'NOT_READABLE',
  /** Returned only when listed in `ATTRS_TO_GET`. */
  NOT_RETURNED_BY_DEFAULT: 'NOT_RETURNED_BY_DEFAULT',
} as const satisfies Record<AttributeInfoFlag, AttributeInfoFlag>);

/** Every flag in Java declaration (ordinal) order, which is also the iteration order of an info's flag set. */
export const ATTRIBUTE_INFO_FLAGS: readonly AttributeInfoFlag[] = Object.freeze(
  Object.values(Flags) as AttributeInfoFlag[],
);

const FLAG_SET: ReadonlySet<string> = new Set(ATTRIBUTE_INFO_FLAGS);

/** A flag collection as the constructors and builders accept it: an array or a Set of flag names. */
export type AttributeInfoFlags = readonly AttributeInfoFlag[] | ReadonlySet<AttributeInfoFlag>;

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'bigint') return `bigint ${value}n`;
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return `${typeof value} ${String(value)}`;
}

/**
 * Checks a flag collection and returns it as a set in ordinal order. Accepts an array or Set of flag names;
 * `undefined` and `null` mean no flags.
 *
 * @throws IllegalArgumentException for anything else (a single string, a number, a plain object…) or for an
 *   element that is not a flag name; the message names the offending value.
 */
export function toFlagSet(flags: unknown): ReadonlySet<AttributeInfoFlag> {
  if (flags === undefined || flags === null) return new Set();
  if (!Array.isArray(flags) && !(flags instanceof Set)) {
    throw new IllegalArgumentException(
      `AttributeInfo flags must be an array or Set of flag names, got ${describe(flags)}.`,
    );
  }
  const given = new Set<AttributeInfoFlag>();
  for (const flag of flags as Iterable<unknown>) {
    if (typeof flag !== 'string' || !FLAG_SET.has(flag)) {
      throw new IllegalArgumentException(
        `Unknown AttributeInfo flag ${describe(flag)}; expected one of ${ATTRIBUTE_INFO_FLAGS.join(', ')}.`,
      );
    }
    given.add(flag as AttributeInfoFlag);
  }
  return new Set(ATTRIBUTE_INFO_FLAGS.filter((f) => given.has(f)));
}

function checkType(type: unknown): JavaType {
  if (typeof type !== 'string' || !ATTRIBUTE_TYPES.has(type)) {
    throw new IllegalArgumentException(
      `AttributeInfo type ${describe(type)} is not a supported attribute type; expected one of ${[...ATTRIBUTE_TYPES].join(', ')}.`,
    );
  }
  return type as JavaType;
}

function isPasswordName(name: string): boolean {
  return (
    namesEqual(name, OperationalAttributes.PASSWORD_NAME) ||
    namesEqual(name, OperationalAttributes.CURRENT_PASSWORD_NAME)
  );
}

/** The JSON form of an {@link AttributeInfo}. */
export interface AttributeInfoJSON {
  name: string;
  type: JavaType;
  flags: AttributeInfoFlag[];
}

/**
 * An immutable attribute description: a name (the connector's native name), a Java value type and a flag set.
 * Equality is a case-insensitive name match plus the same type and the same flags.
 */
export class AttributeInfo {
  readonly name: string;
  readonly type: JavaType;
  /** The flags, iterating in ordinal order. */
  readonly flags: ReadonlySet<AttributeInfoFlag>;

  /**
   * @param flags an array or Set of flag names; omitted means none.
   * @throws IllegalArgumentException for a blank name, a type outside the attribute types (spec A.5), a bad flag
   *   collection, a password info (`__PASSWORD__`, `__CURRENT_PASSWORD__`) not typed GuardedString, or a
   *   NOT_READABLE info without NOT_RETURNED_BY_DEFAULT.
   */
  constructor(name: string, type: JavaType, flags?: AttributeInfoFlags | null) {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new IllegalArgumentException(`AttributeInfo name must not be blank, got ${describe(name)}.`);
    }
    this.name = name;
    this.type = checkType(type);
    this.flags = toFlagSet(flags);
    if (isPasswordName(name) && this.type !== 'GuardedString') {
      throw new IllegalArgumentException(
        `AttributeInfo '${name}' is a password attribute and must have type GuardedString, not ${this.type}.`,
      );
    }
    if (this.flags.has('NOT_READABLE') && !this.flags.has('NOT_RETURNED_BY_DEFAULT')) {
      throw new IllegalArgumentException(
        `AttributeInfo '${name}' is flagged NOT_READABLE, so it must also be flagged NOT_RETURNED_BY_DEFAULT.`,
      );
    }
    Object.freeze(this);
  }

  /** True when the value must be present on create. */
  get isRequired(): boolean {
    return this.flags.has('REQUIRED');
  }

  /** True when more than one value is allowed. */
  get isMultiValued(): boolean {
    return this.flags.has('MULTIVALUED');
  }

  /** True unless NOT_CREATABLE. */
  get isCreateable(): boolean {
    return !this.flags.has('NOT_CREATABLE');
  }

  /** True unless NOT_UPDATEABLE. */
  get isUpdateable(): boolean {
    return !this.flags.has('NOT_UPDATEABLE');
  }

  /** True unless NOT_READABLE. */
  get isReadable(): boolean {
    return !this.flags.has('NOT_READABLE');
  }

  /** True unless NOT_RETURNED_BY_DEFAULT. */
  get isReturnedByDefault(): boolean {
    return !this.flags.has('NOT_RETURNED_BY_DEFAULT');
  }

  /** Case-insensitive name test. */
  is(name: string): boolean {
    return namesEqual(this.name, name);
  }

  /** Same name (case-insensitive), same type and same flags. */
  equals(other: unknown): boolean {
    if (!(other instanceof AttributeInfo)) return false;
    if (other === this) return true;
    if (!namesEqual(this.name, other.name) || this.type !== other.type) return false;
    if (this.flags.size !== other.flags.size) return false;
    for (const flag of this.flags) if (!other.flags.has(flag)) return false;
    return true;
  }

  toString(): string {
    return `AttributeInfo: {name=${this.name}, type=${this.type}, flags=[${[...this.flags].join(', ')}]}`;
  }

  toJSON(): AttributeInfoJSON {
    return { name: this.name, type: this.type, flags: [...this.flags] };
  }
}

/**
 * Builds an {@link AttributeInfo}. The default type is `String` and the default flag set is empty; the boolean
 * setters translate to flags (`setCreateable(false)` adds NOT_CREATABLE, `setRequired(true)` adds REQUIRED…).
 */
export class AttributeInfoBuilder {
  #name: string | undefined;
  #type: JavaType = 'String';
  readonly #flags = new Set<AttributeInfoFlag>();

  /**
   * @param name the attribute name (may be set later with {@link setName}).
   * @param type the value type, `String` when omitted.
   * @throws IllegalArgumentException for an unsupported type.
   */
  constructor(name?: string, type?: JavaType) {
    if (name !== undefined) this.#name = name;
    if (type !== undefined) this.setType(type);
  }

  /** Shorthand for `new AttributeInfoBuilder(name, type)`. */
  static define(name: string, type?: JavaType): AttributeInfoBuilder {
    return new AttributeInfoBuilder(name, type);
  }

  /** Sets the name. */
  setName(name: string): this {
    this.#name = name;
    return this;
  }

  /**
   * Sets the value type.
   *
   * @throws IllegalArgumentException for a type outside the attribute types.
   */
  setType(type: JavaType): this {
    this.#type = checkType(type);
    return this;
  }

  /**
   * Replaces the flag set.
   *
   * @throws IllegalArgumentException for a value that is not an array or Set of flag names.
   */
  setFlags(flags: AttributeInfoFlags | null | undefined): this {
    const checked = toFlagSet(flags);
    this.#flags.clear();
    for (const flag of checked) this.#flags.add(flag);
    return this;
  }

  /** Adds `flag` when `value === addWhen`, removes it otherwise. */
  #flag(flag: AttributeInfoFlag, value: boolean, addWhen: boolean): this {
    if (typeof value !== 'boolean') {
      throw new IllegalArgumentException(
        `Flag setter for ${flag} expects a boolean, got ${describe(value)}.`,
      );
    }
    if (value === addWhen) this.#flags.add(flag);
    else this.#flags.delete(flag);
    return this;
  }

  /** `true` adds REQUIRED. */
  setRequired(value: boolean): this {
    return this.#flag('REQUIRED', value, true);
  }

  /** `true` adds MULTIVALUED. */
  setMultiValued(value: boolean): this {
    return this.#flag('MULTIVALUED', value, true);
  }

  /** `false` adds NOT_CREATABLE. */
  setCreateable(value: boolean): this {
    return this.#flag('NOT_CREATABLE', value, false);
  }

  /** `false` adds NOT_UPDATEABLE. */
  setUpdateable(value: boolean): this {
    return this.#flag('NOT_UPDATEABLE', value, false);
  }

  /** `false` adds NOT_READABLE. */
  setReadable(value: boolean): this {
    return this.#flag('NOT_READABLE', value, false);
  }

  /** `false` adds NOT_RETURNED_BY_DEFAULT. */
  setReturnedByDefault(value: boolean): this {
    return this.#flag('NOT_RETURNED_BY_DEFAULT', value, false);
  }

  /**
   * Builds an info directly.
   *
   * @param type `String` when omitted.
   * @param flags an array or Set of flag names; none when omitted.
   */
  static build(name: string, type: JavaType = 'String', flags?: AttributeInfoFlags | null): AttributeInfo {
    return new AttributeInfo(name, type, flags);
  }

  /**
   * Builds the info.
   *
   * @throws IllegalArgumentException when the name is missing or the combination is invalid (see
   *   {@link AttributeInfo}).
   */
  build(): AttributeInfo {
    return new AttributeInfo(this.#name as string, this.#type, this.#flags);
  }
}

/** The info of `__NAME__` (Java `Name.INFO`): a REQUIRED String. */
export const NAME_INFO: AttributeInfo = new AttributeInfo(Name.NAME, 'String', ['REQUIRED']);

const WRITE_ONLY: readonly AttributeInfoFlag[] = ['NOT_READABLE', 'NOT_RETURNED_BY_DEFAULT'];
const READ_ONLY: readonly AttributeInfoFlag[] = ['NOT_CREATABLE', 'NOT_UPDATEABLE'];

/** Predefined infos of the operational attributes (spec A.4). Types are Java primitives where Java uses them. */
export const OperationalAttributeInfos = Object.freeze({
  /** `__ENABLE__`: boolean. */
  ENABLE: new AttributeInfo(OperationalAttributes.ENABLE_NAME, 'boolean'),
  /** `__ENABLE_DATE__`: long (epoch ms). */
  ENABLE_DATE: new AttributeInfo(OperationalAttributes.ENABLE_DATE_NAME, 'long'),
  /** `__DISABLE_DATE__`: long (epoch ms). */
  DISABLE_DATE: new AttributeInfo(OperationalAttributes.DISABLE_DATE_NAME, 'long'),
  /** `__LOCK_OUT__`: boolean. */
  LOCK_OUT: new AttributeInfo(OperationalAttributes.LOCK_OUT_NAME, 'boolean'),
  /** `__PASSWORD_EXPIRATION_DATE__`: long. */
  PASSWORD_EXPIRATION_DATE: new AttributeInfo(OperationalAttributes.PASSWORD_EXPIRATION_DATE_NAME, 'long'),
  /** `__PASSWORD_EXPIRED__`: boolean. */
  PASSWORD_EXPIRED: new AttributeInfo(OperationalAttributes.PASSWORD_EXPIRED_NAME, 'boolean'),
  /** `__PASSWORD__`: GuardedString, NOT_READABLE and NOT_RETURNED_BY_DEFAULT. */
  PASSWORD: new AttributeInfo(OperationalAttributes.PASSWORD_NAME, 'GuardedString', WRITE_ONLY),
  /** `__CURRENT_PASSWORD__`: GuardedString, NOT_READABLE and NOT_RETURNED_BY_DEFAULT. */
  CURRENT_PASSWORD: new AttributeInfo(
    OperationalAttributes.CURRENT_PASSWORD_NAME,
    'GuardedString',
    WRITE_ONLY,
  ),
});

/** Predefined infos of the predefined attributes (spec A.4). */
export const PredefinedAttributeInfos = Object.freeze({
  /** `__SHORT_NAME__`: String. */
  SHORT_NAME: new AttributeInfo(PredefinedAttributes.SHORT_NAME, 'String'),
  /** `__DESCRIPTION__`: String. */
  DESCRIPTION: new AttributeInfo(PredefinedAttributes.DESCRIPTION, 'String'),
  /** `__LAST_PASSWORD_CHANGE_DATE__`: long, NOT_CREATABLE and NOT_UPDATEABLE. */
  LAST_PASSWORD_CHANGE_DATE: new AttributeInfo(
    PredefinedAttributes.LAST_PASSWORD_CHANGE_DATE_NAME,
    'long',
    READ_ONLY,
  ),
  /** `__PASSWORD_CHANGE_INTERVAL__`: long (ms). */
  PASSWORD_CHANGE_INTERVAL: new AttributeInfo(PredefinedAttributes.PASSWORD_CHANGE_INTERVAL_NAME, 'long'),
  /** `__LAST_LOGIN_DATE__`: long, NOT_CREATABLE and NOT_UPDATEABLE. */
  LAST_LOGIN_DATE: new AttributeInfo(PredefinedAttributes.LAST_LOGIN_DATE_NAME, 'long', READ_ONLY),
  /** `__GROUPS__`: String, MULTIVALUED and NOT_RETURNED_BY_DEFAULT (values are group Uid strings). */
  GROUPS: new AttributeInfo(PredefinedAttributes.GROUPS_NAME, 'String', [
    'MULTIVALUED',
    'NOT_RETURNED_BY_DEFAULT',
  ]),
});
