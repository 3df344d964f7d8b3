/**
 * Small helpers shared by the type handlers for reading required and collection-valued fields.
 *
 * @packageDocumentation
 */
import { type ClassOf, describeValue, expectInstance, type ObjectReader } from '../registry.js';

/** Reads a required string field. */
export function requireString(input: ObjectReader, name: string): string {
  const value = input.readStringField(name);
  if (value === null) return input.fail(`missing field '${name}'`);
  return value;
}

/** Reads a required class-spec field as a Java type name. */
export function requireClass(input: ObjectReader, name: string): string {
  const value = input.readClassField(name);
  if (value === null) return input.fail(`missing class field '${name}'`);
  return value;
}

/** Items of a decoded `Set` or `List` value (null for a null object). */
export function collectionItems(input: ObjectReader, value: unknown, what: string): unknown[] | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  return input.fail(`${what} must be a Set or List, got ${describeValue(value)}`);
}

/** Items of a collection-valued field, each checked to be an instance of `cls` (null when absent or null). */
export function itemsOf<T>(input: ObjectReader, field: string, cls: ClassOf<T>): T[] | null {
  const items = collectionItems(input, input.readObjectField(field), `field '${field}'`);
  return items === null ? null : items.map((item, i) => expectInstance(input, item, cls, `${field}[${i}]`));
}

/** Items of a collection-valued field that must all be strings (null when absent or null). */
export function stringsOf(input: ObjectReader, value: unknown, what: string): string[] | null {
  const items = collectionItems(input, value, what);
  if (!items) return null;
  for (const [i, item] of items.entries()) {
    if (typeof item !== 'string') input.fail(`${what}[${i}] must be a String, got ${describeValue(item)}`);
  }
  return items as string[];
}

/** A decoded Map value (null for a null object). */
export function mapOf(
  input: ObjectReader,
  value: unknown,
  what: string,
): ReadonlyMap<unknown, unknown> | null {
  if (value === null) return null;
  if (value instanceof Map) return value;
  return input.fail(`${what} must be a Map, got ${describeValue(value)}`);
}
