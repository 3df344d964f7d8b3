/**
 * Java type names as the framework and the wire know them (spec framework.md A.5, wire-protocol.md §4.3.1).
 * A type name says what a schema attribute, configuration property or operation option holds; values
 * themselves are always "boxed" (a value list never holds a primitive), but the schema keeps the distinction
 * between `long` and `Long` because Java peers do.
 *
 * @packageDocumentation
 */

/** Java primitive type names. */
export type JavaPrimitiveType = 'boolean' | 'char' | 'byte' | 'int' | 'long' | 'float' | 'double';

/** Java reference type names rcskit supports as values, options or configuration. */
export type JavaReferenceType =
  | 'String'
  | 'Boolean'
  | 'Character'
  | 'Byte'
  | 'Integer'
  | 'Long'
  | 'Float'
  | 'Double'
  | 'BigInteger'
  | 'BigDecimal'
  | 'byte[]'
  | 'GuardedString'
  | 'GuardedByteArray'
  | 'Map'
  | 'URI'
  | 'File'
  | 'Script'
  | 'ObjectClass'
  | 'Uid'
  | 'QualifiedUid'
  | 'SortKey'
  | 'CountPolicy'
  | 'Object';

/** A scalar (non-array) Java type name. */
export type JavaScalarType = JavaPrimitiveType | JavaReferenceType;

/** Any Java type name rcskit models: a scalar type or an array of one (`String[]`). */
export type JavaType = JavaScalarType | `${JavaScalarType}[]`;

/** Types allowed for attribute values and schema attribute types (spec A.5). */
export const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set<JavaType>([
  'String',
  'long',
  'Long',
  'char',
  'Character',
  'double',
  'Double',
  'float',
  'Float',
  'int',
  'Integer',
  'boolean',
  'Boolean',
  'byte',
  'Byte',
  'byte[]',
  'BigDecimal',
  'BigInteger',
  'GuardedByteArray',
  'GuardedString',
  'Map',
]);

const CONFIG_SCALAR_TYPES = [
  'String',
  'long',
  'Long',
  'char',
  'Character',
  'double',
  'Double',
  'float',
  'Float',
  'int',
  'Integer',
  'boolean',
  'Boolean',
  'URI',
  'File',
  'GuardedByteArray',
  'GuardedString',
  'Script',
] as const;

/** Types allowed for configuration properties: the scalars of spec A.5 and arrays of them. */
export const CONFIGURATION_TYPES: ReadonlySet<string> = new Set<string>([
  ...CONFIG_SCALAR_TYPES,
  ...CONFIG_SCALAR_TYPES.map((t) => `${t}[]`),
]);

const OPTION_EXTRA_TYPES = ['ObjectClass', 'Uid', 'QualifiedUid', 'SortKey'] as const;

/**
 * Types allowed for operation options: the configuration types plus ObjectClass, Uid, QualifiedUid, SortKey and
 * arrays of those, plus CountPolicy (which the framework stores although its own check omits it).
 */
export const OPTION_TYPES: ReadonlySet<string> = new Set<string>([
  ...CONFIGURATION_TYPES,
  ...OPTION_EXTRA_TYPES,
  ...OPTION_EXTRA_TYPES.map((t) => `${t}[]`),
  'CountPolicy',
]);

const PRIMITIVE_TO_BOXED: Readonly<Record<JavaPrimitiveType, JavaReferenceType>> = {
  boolean: 'Boolean',
  char: 'Character',
  byte: 'Byte',
  int: 'Integer',
  long: 'Long',
  float: 'Float',
  double: 'Double',
};

/** The boxed form of a type name (`long` → `Long`); reference types are returned unchanged. */
export function boxedType(type: JavaType): JavaType {
  return (PRIMITIVE_TO_BOXED as Record<string, JavaReferenceType>)[type] ?? type;
}

/** True for `int`, `long`, … (the seven Java primitives). */
export function isPrimitiveType(type: string): type is JavaPrimitiveType {
  return Object.hasOwn(PRIMITIVE_TO_BOXED, type);
}

/** True when the type name is an array (`String[]`); `byte[]` is a scalar value type, not an array. */
export function isArrayType(type: string): boolean {
  return type.endsWith('[]') && type !== 'byte[]';
}

/** Component type of an array type name (`String[]` → `String`). */
export function componentType(type: string): JavaType {
  if (!isArrayType(type)) throw new TypeError(`'${type}' is not an array type`);
  return type.slice(0, -2) as JavaType;
}
