import { IllegalArgumentException, NullPointerException } from '../errors.js';
import type { AttributeValueInput } from '../values/value.js';
import { type Attribute, AttributeBuilder, Name, Uid } from './attribute.js';
import { nameKey } from './names.js';
import { ObjectClass } from './object-class.js';

const UID_KEY = nameKey(Uid.NAME);
const NAME_KEY = nameKey(Name.NAME);

/**
 * An object of a connector (spec framework.md A.10): an object class and a non-empty attribute set that always
 * holds a {@link Uid} and a {@link Name}. Attribute lookups are case-insensitive.
 */
export class ConnectorObject {
  readonly objectClass: ObjectClass;
  readonly #byName: ReadonlyMap<string, Attribute>;
  readonly #attributes: readonly Attribute[];

  /**
   * @throws IllegalArgumentException for `__ALL__`, an empty set, or a set without `__UID__` or `__NAME__`.
   */
  constructor(objectClass: ObjectClass, attributes: Iterable<Attribute>) {
    if (!objectClass) throw new NullPointerException('ObjectClass may not be null');
    if (objectClass.is(ObjectClass.ALL_NAME)) {
      throw new IllegalArgumentException('Connector object class can not be type of __ALL__');
    }
    const byName = new Map<string, Attribute>();
    // The list in insertion order, built on the way; a repeated name (rare) replaces the earlier attribute in
    // place, as the map does, so the list is then taken from the map instead.
    let list: Attribute[] | undefined = [];
    for (const attr of attributes) {
      const key = nameKey(attr.name);
      if (list !== undefined && byName.has(key)) list = undefined;
      byName.set(key, attr);
      list?.push(attr);
    }
    if (byName.size === 0) throw new IllegalArgumentException('The set can not be null or empty.');
    if (!(byName.get(UID_KEY) instanceof Uid)) {
      throw new IllegalArgumentException("The Attribute set must contain a 'Uid'.");
    }
    if (!(byName.get(NAME_KEY) instanceof Name)) {
      throw new IllegalArgumentException("The Attribute set must contain a 'Name'.");
    }
    this.objectClass = objectClass;
    this.#byName = byName;
    // Immutable, and read for every object a search or sync streams: computed once.
    this.#attributes = Object.freeze(list ?? [...byName.values()]);
  }

  /** All attributes, in the order they were added. */
  get attributes(): readonly Attribute[] {
    return this.#attributes;
  }

  /** The attribute with that name (case-insensitive), or undefined. */
  getAttributeByName(name: string): Attribute | undefined {
    return this.#byName.get(nameKey(name));
  }

  /** The object's Uid. */
  get uid(): Uid {
    return this.#byName.get(UID_KEY) as Uid;
  }

  /** The object's Name. */
  get name(): Name {
    return this.#byName.get(NAME_KEY) as Name;
  }

  equals(other: unknown): boolean {
    if (!(other instanceof ConnectorObject) || !other.objectClass.equals(this.objectClass)) return false;
    if (other.#byName.size !== this.#byName.size) return false;
    for (const [key, attr] of this.#byName) {
      if (!attr.equals(other.#byName.get(key))) return false;
    }
    return true;
  }

  toString(): string {
    return `ConnectorObject: {ObjectClass=${this.objectClass.type}, Attributes=${JSON.stringify(this.attributes)}}`;
  }

  toJSON(): { objectClass: string; attributes: readonly Attribute[] } {
    return { objectClass: this.objectClass.type, attributes: this.attributes };
  }
}

/**
 * Builds a {@link ConnectorObject}. The default object class is `__ACCOUNT__` (as in Java: forgetting to set it
 * yields an account). Adding an attribute whose name exists replaces it.
 */
export class ConnectorObjectBuilder {
  #objectClass: ObjectClass = ObjectClass.ACCOUNT;
  readonly #attrs = new Map<string, Attribute>();

  setObjectClass(objectClass: ObjectClass | string): this {
    const oc = typeof objectClass === 'string' ? new ObjectClass(objectClass) : objectClass;
    if (oc.is(ObjectClass.ALL_NAME)) {
      throw new IllegalArgumentException('Connector object class can not be type of __ALL__');
    }
    this.#objectClass = oc;
    return this;
  }

  /** Sets the Uid (a string or a Uid with revision). */
  setUid(uid: string | Uid): this {
    return this.addAttribute(typeof uid === 'string' ? new Uid(uid) : uid);
  }

  /** Sets the Name. */
  setName(name: string | Name): this {
    return this.addAttribute(typeof name === 'string' ? new Name(name) : name);
  }

  /** Adds attributes (replacing same-named ones), or one attribute from a name and values. */
  addAttribute(name: string, ...values: (AttributeValueInput | null)[]): this;
  addAttribute(...attributes: Attribute[]): this;
  addAttribute(first: string | Attribute, ...rest: unknown[]): this {
    if (typeof first === 'string') {
      const attr = AttributeBuilder.build(first, ...(rest as (AttributeValueInput | null)[]));
      this.#attrs.set(nameKey(attr.name), attr);
      return this;
    }
    for (const attr of [first, ...(rest as Attribute[])]) this.#attrs.set(nameKey(attr.name), attr);
    return this;
  }

  /** Adds every attribute of an iterable. */
  addAttributes(attributes: Iterable<Attribute>): this {
    for (const attr of attributes) this.#attrs.set(nameKey(attr.name), attr);
    return this;
  }

  /** Copies class and attributes of another object. */
  add(object: ConnectorObject): this {
    this.#objectClass = object.objectClass;
    return this.addAttributes(object.attributes);
  }

  build(): ConnectorObject {
    return new ConnectorObject(this.#objectClass, this.#attrs.values());
  }
}
