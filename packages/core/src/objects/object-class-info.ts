/**
 * Schema description of one object class (spec framework.md A.7): its type, its attribute infos and whether it
 * can contain other objects. OpenICF has no auxiliary or embedded flag (those are ConnId additions).
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, NullPointerException } from '../errors.js';
import { Name } from './attribute.js';
import { AttributeInfo, type AttributeInfoJSON, NAME_INFO } from './attribute-info.js';
import { namesEqual } from './names.js';
import { ObjectClass } from './object-class.js';

/** The JSON form of an {@link ObjectClassInfo}. */
export interface ObjectClassInfoJSON {
  type: string;
  isContainer: boolean;
  attributeInfos: AttributeInfoJSON[];
}

/**
 * An immutable object-class description. The attribute infos form a set (equal infos are kept once) and must
 * include a `__NAME__` info. Equality: case-insensitive type, same container flag and the same info set in any
 * order.
 */
export class ObjectClassInfo {
  readonly type: string;
  /** The attribute infos, in the order given (duplicates removed). */
  readonly attributeInfos: readonly AttributeInfo[];
  /** True when objects of this class can contain other objects (used with the CONTAINER and SCOPE options). */
  readonly isContainer: boolean;

  /**
   * @throws NullPointerException for a missing type.
   * @throws IllegalArgumentException when the type is not a string, an element is not an {@link AttributeInfo},
   *   or no `__NAME__` info is present (compared case-insensitively).
   */
  constructor(type: string, attributeInfos: Iterable<AttributeInfo>, isContainer = false) {
    if (type === null || type === undefined)
      throw new NullPointerException('ObjectClassInfo type must not be null.');
    if (typeof type !== 'string')
      throw new IllegalArgumentException('ObjectClassInfo type must be a string.');
    if (typeof isContainer !== 'boolean') {
      throw new IllegalArgumentException('ObjectClassInfo isContainer must be a boolean.');
    }
    const infos: AttributeInfo[] = [];
    for (const info of attributeInfos) {
      if (!(info instanceof AttributeInfo)) {
        throw new IllegalArgumentException(
          `ObjectClassInfo '${type}' holds a value that is not an AttributeInfo.`,
        );
      }
      if (!infos.some((i) => i.equals(info))) infos.push(info);
    }
    if (!infos.some((i) => i.is(Name.NAME))) {
      throw new IllegalArgumentException(
        `ObjectClassInfo '${type}' is missing the '${Name.NAME}' AttributeInfo.`,
      );
    }
    this.type = type;
    this.attributeInfos = Object.freeze(infos);
    this.isContainer = isContainer;
    Object.freeze(this);
  }

  /** The object class this info describes. */
  get objectClass(): ObjectClass {
    return new ObjectClass(this.type);
  }

  /** Case-insensitive type test. */
  is(type: string): boolean {
    return namesEqual(this.type, type);
  }

  /** The first info whose name matches case-insensitively, or undefined. */
  findAttributeInfo(name: string): AttributeInfo | undefined {
    return this.attributeInfos.find((i) => i.is(name));
  }

  equals(other: unknown): boolean {
    if (!(other instanceof ObjectClassInfo)) return false;
    if (other === this) return true;
    if (!namesEqual(this.type, other.type) || this.isContainer !== other.isContainer) return false;
    if (this.attributeInfos.length !== other.attributeInfos.length) return false;
    return this.attributeInfos.every((i) => other.attributeInfos.some((o) => o.equals(i)));
  }

  toString(): string {
    return `ObjectClassInfo: {type=${this.type}, isContainer=${this.isContainer}, attributeInfos=[${this.attributeInfos.map((i) => i.name).join(', ')}]}`;
  }

  toJSON(): ObjectClassInfoJSON {
    return {
      type: this.type,
      isContainer: this.isContainer,
      attributeInfos: this.attributeInfos.map((i) => i.toJSON()),
    };
  }
}

/**
 * Builds an {@link ObjectClassInfo}. The default type is `__ACCOUNT__`. When no info named `__NAME__` was added,
 * {@link build} adds {@link NAME_INFO} (a REQUIRED String).
 */
export class ObjectClassInfoBuilder {
  #type: string = ObjectClass.ACCOUNT_NAME;
  #isContainer = false;
  /** Keyed by the raw name: the duplicate check is case-sensitive, as in Java. */
  readonly #infos = new Map<string, AttributeInfo>();

  /** Sets the object-class type. */
  setType(type: string): this {
    if (type === null || type === undefined)
      throw new NullPointerException('ObjectClassInfo type must not be null.');
    this.#type = type;
    return this;
  }

  /** Sets whether objects of this class can contain other objects. */
  setContainer(isContainer: boolean): this {
    this.#isContainer = isContainer;
    return this;
  }

  /**
   * Adds attribute infos.
   *
   * @throws IllegalArgumentException `AttributeInfo of name '<name>' already exists!` when an info of exactly the
   *   same name (case-sensitive) was added before.
   */
  addAttributeInfo(...infos: AttributeInfo[]): this {
    return this.addAllAttributeInfo(infos);
  }

  /** Adds every info of an iterable; same checks as {@link addAttributeInfo}. */
  addAllAttributeInfo(infos: Iterable<AttributeInfo>): this {
    for (const info of infos) {
      if (!(info instanceof AttributeInfo)) {
        throw new IllegalArgumentException('ObjectClassInfoBuilder only accepts AttributeInfo values.');
      }
      if (this.#infos.has(info.name)) {
        throw new IllegalArgumentException(`AttributeInfo of name '${info.name}' already exists!`);
      }
      this.#infos.set(info.name, info);
    }
    return this;
  }

  /** Builds the info, adding {@link NAME_INFO} when no `__NAME__` info is present. */
  build(): ObjectClassInfo {
    const infos = [...this.#infos.values()];
    if (!infos.some((i) => i.is(Name.NAME))) infos.push(NAME_INFO);
    return new ObjectClassInfo(this.#type, infos, this.#isContainer);
  }
}
