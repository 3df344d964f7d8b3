/**
 * The connector-object DSL of search handlers and sync deltas (spec framework.md D.4; seed "Responding with Data").
 * Groovy's `handler { uid …; id …; attribute … }` becomes one of:
 *
 * ```ts
 * handler({ uid: r.id, id: r.userName, attributes: { active: true, emails: ['a@x', 'b@x'] } });
 * handler(({ uid, id, attribute }) => { uid(r.id); id(r.userName); attribute('active', true); });
 * handler(connectorObject);
 * ```
 *
 * Rules (from the toolkit's `ConnectorObjectDelegate`, with the seed's behaviour):
 *
 * - `uid` is required: without it the error is the framework's "The Attribute set must contain a 'Uid'".
 *   `uid(value, revision)` sets a revision unless it is blank. Numbers are accepted and printed.
 * - `id` sets `__NAME__`; **when omitted it is the uid's value** (seed: "if omitted, it will be populated
 *   automatically with the same value as the resource uid").
 * - `objectClass` defaults to the class of the operation (the searched or synced class), or `__ACCOUNT__` when
 *   that is `__ALL__` or unknown. (The Groovy delegate always defaulted to `__ACCOUNT__`, mislabelling objects of
 *   other classes; the framework did not check, so nothing depended on it.)
 * - `attribute(name)` is an attribute with an empty value list; `attribute(name, null)` one with a null value list;
 *   `attribute(name, [a, b])` (an array or Set as the only value) is multi-valued, as Groovy's Collection
 *   overload; `attribute(name, a, b)` too. Plain objects become Map values; JS numbers become Integer, Long or
 *   Double (use `int()`, `long()`… from `@rcskit/core` to choose). `attribute(Attribute…)` adds ready attributes.
 * - `attributes({ name: value, … })` adds several at once with the same value rules; `attributes(Attribute[])`
 *   adds ready attributes.
 *
 * @packageDocumentation
 */
import {
  Attribute,
  AttributeBuilder,
  type AttributeValueInput,
  ConnectorObject,
  ConnectorObjectBuilder,
  IllegalArgumentException,
  Name,
  ObjectClass,
  Uid,
} from '@rcskit/core';

/** A value list as scripts give it: see the module notes for `attribute(name, …values)`. */
export type AttributeValuesInput = readonly unknown[];

/** The declarative form of a connector object. */
export interface ConnectorObjectSpec {
  /** `__UID__` (required). */
  readonly uid: string | number | Uid;
  /** The uid's revision (ignored when blank). */
  readonly revision?: string | null | undefined;
  /** `__NAME__`; defaults to the uid's value. */
  readonly id?: string | number | null | undefined;
  /** Defaults to the operation's class (see the module notes). */
  readonly objectClass?: string | ObjectClass | null | undefined;
  /** Attributes by name (arrays are multi-valued), or ready attributes. */
  readonly attributes?: Readonly<Record<string, unknown>> | Iterable<Attribute> | null | undefined;
}

/** The delegate given to a builder callback. Every method also works destructured (`({ uid }) => uid('x')`). */
export interface ConnectorObjectDelegate {
  /** Sets `__UID__`, with a revision unless it is blank. */
  uid(uid: string | number | Uid, revision?: string | null): void;
  /** Sets `__NAME__`. */
  id(name: string | number | Name): void;
  /** Sets the object class. */
  objectClass(objectClass: string | ObjectClass): void;
  /** Adds one attribute from a name and values, or ready attributes. */
  attribute(name: string, ...values: unknown[]): void;
  attribute(...attributes: Attribute[]): void;
  /** Adds attributes from a `{ name: value }` record or ready attributes. */
  attributes(attributes: Readonly<Record<string, unknown>> | Iterable<Attribute>): void;
  attributes(...attributes: Attribute[]): void;
  /** The underlying framework builder, for anything else. */
  readonly builder: ConnectorObjectBuilder;
}

/** What `handler(…)` and `ICF.co(…)`-style helpers accept for one object. */
export type ConnectorObjectInput =
  | ConnectorObject
  | ConnectorObjectSpec
  | ((delegate: ConnectorObjectDelegate) => void);

function asText(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new IllegalArgumentException(
    `${what} must be a string, got ${value === null ? 'null' : typeof value}`,
  );
}

/** An attribute from a name and script values (see the module notes). */
export function scriptAttribute(name: string, values: AttributeValuesInput): Attribute {
  if (values.length === 0) return AttributeBuilder.fromList(name, []);
  if (values.length === 1) {
    const only = values[0];
    if (only === null || only === undefined) return AttributeBuilder.fromList(name, null);
    if (only instanceof Attribute) {
      throw new IllegalArgumentException(`attribute('${name}', …) got an Attribute as a value`);
    }
    if (Array.isArray(only)) return AttributeBuilder.fromList(name, only as AttributeValueInput[]);
    if (only instanceof Set) return AttributeBuilder.fromList(name, [...only] as AttributeValueInput[]);
  }
  return AttributeBuilder.fromList(name, values as readonly (AttributeValueInput | null | undefined)[]);
}

function attributesFrom(input: Readonly<Record<string, unknown>> | Iterable<Attribute>): Attribute[] {
  if (input === null || input === undefined) return [];
  if (typeof (input as Iterable<Attribute>)[Symbol.iterator] === 'function') {
    const out: Attribute[] = [];
    for (const attr of input as Iterable<Attribute>) {
      if (!(attr instanceof Attribute)) {
        throw new IllegalArgumentException('attributes(…) takes Attributes or a { name: value } record');
      }
      out.push(attr);
    }
    return out;
  }
  return Object.entries(input as Record<string, unknown>).map(([name, value]) =>
    scriptAttribute(name, [value]),
  );
}

/** Collects what a spec or a delegate sets, then builds the object. */
class ObjectCollector {
  readonly builder = new ConnectorObjectBuilder();
  uidValue: Uid | undefined;
  nameValue: Name | undefined;
  objectClassValue: ObjectClass | undefined;

  setUid(uid: unknown, revision?: unknown): void {
    if (uid === null || uid === undefined) return;
    if (uid instanceof Uid) {
      this.uidValue = uid;
      return;
    }
    const rev = typeof revision === 'string' && revision.trim() !== '' ? revision : undefined;
    this.uidValue = new Uid(asText(uid, 'uid'), rev);
  }

  setName(name: unknown): void {
    if (name === null || name === undefined) return;
    this.nameValue = name instanceof Name ? name : new Name(asText(name, 'id'));
  }

  setObjectClass(objectClass: unknown): void {
    if (objectClass === null || objectClass === undefined) return;
    this.objectClassValue =
      objectClass instanceof ObjectClass ? objectClass : new ObjectClass(asText(objectClass, 'objectClass'));
  }

  add(attribute: Attribute): void {
    if (attribute instanceof Uid) this.uidValue = attribute;
    else if (attribute instanceof Name) this.nameValue = attribute;
    else this.builder.addAttribute(attribute);
  }

  build(defaultObjectClass: ObjectClass | null | undefined): ConnectorObject {
    if (!this.uidValue) throw new IllegalArgumentException("The Attribute set must contain a 'Uid'");
    const objectClass =
      this.objectClassValue ??
      (defaultObjectClass && !defaultObjectClass.is(ObjectClass.ALL_NAME)
        ? defaultObjectClass
        : ObjectClass.ACCOUNT);
    this.builder.setObjectClass(objectClass);
    this.builder.setUid(this.uidValue);
    this.builder.setName(this.nameValue ?? new Name(this.uidValue.uidValue));
    return this.builder.build();
  }

  delegate(): ConnectorObjectDelegate {
    const attribute = (first: string | Attribute, ...rest: unknown[]): void => {
      if (first instanceof Attribute) {
        for (const attr of [first, ...rest]) {
          if (!(attr instanceof Attribute)) {
            throw new IllegalArgumentException('attribute(Attribute, …) takes only Attributes');
          }
          this.add(attr);
        }
        return;
      }
      this.add(scriptAttribute(asText(first, 'attribute name'), rest));
    };
    const attributes = (
      first: Readonly<Record<string, unknown>> | Iterable<Attribute> | Attribute,
      ...rest: Attribute[]
    ): void => {
      const list = first instanceof Attribute ? [first, ...rest] : attributesFrom(first);
      for (const attr of list) this.add(attr);
    };
    return {
      uid: (uid, revision) => this.setUid(uid, revision),
      id: (name) => this.setName(name),
      objectClass: (oc) => this.setObjectClass(oc),
      attribute: attribute as ConnectorObjectDelegate['attribute'],
      attributes: attributes as ConnectorObjectDelegate['attributes'],
      builder: this.builder,
    };
  }
}

/**
 * Builds a connector object from any {@link ConnectorObjectInput}; a ready {@link ConnectorObject} is returned as
 * it is.
 *
 * @param defaultObjectClass the class used when the input sets none (`__ACCOUNT__` when null or `__ALL__`).
 * @throws IllegalArgumentException "The Attribute set must contain a 'Uid'" without a uid, and for malformed
 *   input; InvalidAttributeValueException for values of unsupported types.
 */
export function buildConnectorObject(
  input: ConnectorObjectInput,
  defaultObjectClass?: ObjectClass | null,
): ConnectorObject {
  if (input instanceof ConnectorObject) return input;
  const collector = new ObjectCollector();
  if (typeof input === 'function') {
    const result = (input as (d: ConnectorObjectDelegate) => unknown)(collector.delegate());
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      throw new IllegalArgumentException('The connector object builder callback must be synchronous');
    }
  } else if (input && typeof input === 'object') {
    const spec = input as ConnectorObjectSpec;
    collector.setUid(spec.uid, spec.revision);
    collector.setName(spec.id);
    collector.setObjectClass(spec.objectClass);
    if (spec.attributes) for (const attr of attributesFrom(spec.attributes)) collector.add(attr);
  } else {
    throw new IllegalArgumentException(
      'handler(…) takes a ConnectorObject, a { uid, id, attributes } object or a builder callback',
    );
  }
  return collector.build(defaultObjectClass);
}
