/**
 * Java type names (core's `JavaType`: `String`, `long`, `byte[]`, `String[]`, …, plus API operation names such
 * as `CreateApiOp`) ⇄ class-specs. On the wire `byte[]` is the named type `ByteArray`; every other `X[]` is an
 * array class-spec (`0x3E` + class-spec of X).
 *
 * @packageDocumentation
 */

/** The serial form of a Java type name. */
export type SerialClass =
  | { readonly array: false; readonly name: string }
  | { readonly array: true; readonly component: string };

/** How a Java type name is written as a class-spec. */
export function serialNameOfClass(typeName: string): SerialClass {
  if (typeName === 'byte[]') return { array: false, name: 'ByteArray' };
  if (typeName.endsWith('[]')) return { array: true, component: typeName.slice(0, -2) };
  return { array: false, name: typeName };
}

/** The Java type name of a named class-spec (`ByteArray` → `byte[]`). */
export function classOfSerialName(serialName: string): string {
  return serialName === 'ByteArray' ? 'byte[]' : serialName;
}
