/**
 * The `attributes` binding of create and update scripts (spec framework.md D.3): the operation's attributes
 * **without `__NAME__`** (its value is the `id` binding). Groovy scripts wrapped the Set in
 * `new AttributesAccessor(attributes as Set<Attribute>)`; here the binding already is an accessor — `findString`,
 * `findList`, `hasAttribute`, `getPassword`, … of the framework's `AttributesAccessor` — and an iterable of
 * Attributes with a few conveniences for plain JavaScript values.
 *
 * @packageDocumentation
 */
import { type Attribute, AttributesAccessor, Name } from '@rcskit/core';
import { toScriptValue } from './values.js';

/** The attributes of a create or update, as an accessor and an iterable (see the module notes). */
export class ScriptAttributes extends AttributesAccessor implements Iterable<Attribute> {
  readonly #list: readonly Attribute[];

  /** @param attributes the attributes; `__NAME__` is dropped (it is the `id` binding). */
  constructor(attributes: Iterable<Attribute>) {
    const list = Object.freeze([...attributes].filter((a) => !a.is(Name.NAME)));
    super(list);
    this.#list = list;
  }

  /** The number of attributes. */
  get size(): number {
    return this.#list.length;
  }

  /** The number of attributes (alias of {@link size}). */
  get length(): number {
    return this.#list.length;
  }

  [Symbol.iterator](): Iterator<Attribute> {
    return this.#list[Symbol.iterator]();
  }

  /** The attributes as an array. */
  toArray(): Attribute[] {
    return [...this.#list];
  }

  /** The attribute names, as given. */
  names(): string[] {
    return this.#list.map((a) => a.name);
  }

  /** The attribute of that name (any case), or undefined (alias of `find`). */
  get(name: string): Attribute | undefined {
    return this.find(name);
  }

  /** Whether an attribute of that name (any case) is present (alias of `hasAttribute`). */
  has(name: string): boolean {
    return this.hasAttribute(name);
  }

  /**
   * The values of an attribute as plain JavaScript values (Integer → number, Map → object, …): an array, or null
   * when the attribute is absent or has a null value list.
   */
  values(name: string): unknown[] | null {
    const list = this.find(name)?.value;
    return list === null || list === undefined ? null : list.map(toScriptValue);
  }

  /** The first value of an attribute as a plain JavaScript value, or null. */
  value(name: string): unknown {
    return this.values(name)?.[0] ?? null;
  }

  /**
   * Every attribute as `name → value`: the value itself when the attribute has exactly one value, an array
   * otherwise (`[]` for an empty list), null for a null value list. Values are plain JavaScript values.
   */
  toObject(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const attr of this.#list) {
      const values = attr.value === null ? null : attr.value.map(toScriptValue);
      Object.defineProperty(out, attr.name, {
        value: values !== null && values.length === 1 ? values[0] : values,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }

  forEach(callback: (attribute: Attribute, index: number) => void): void {
    this.#list.forEach((a, i) => {
      callback(a, i);
    });
  }

  map<T>(callback: (attribute: Attribute, index: number) => T): T[] {
    return this.#list.map((a, i) => callback(a, i));
  }

  filter(predicate: (attribute: Attribute, index: number) => boolean): Attribute[] {
    return this.#list.filter((a, i) => predicate(a, i));
  }

  override toString(): string {
    return `[${this.#list.map((a) => a.toString()).join(', ')}]`;
  }

  toJSON(): readonly Attribute[] {
    return this.#list;
  }
}
