/**
 * IDM's type names (spec framework.md F.8 `typeMap`) and the conversions between JSON values and Java-typed
 * attribute values (F.6 `coercedTypeCasting`).
 *
 * - {@link nativeJavaType}: IDM type name (`string`, `integer`, `JAVA_TYPE_LONG`, …) → the Java type it names.
 *   The names the IDM doc lists but OpenIDM's code rejects (`JAVA_TYPE_INTEGER`, `JAVA_TYPE_OBJECT`,
 *   `JAVA_TYPE_STRING`) are accepted as aliases of `integer`, `any` and `string`.
 * - {@link idmTypeName} / {@link jsonTypeOf}: Java type → IDM type name and JSON type, for schema output.
 * - {@link coerceToNative}: a JSON value → the canonical core value of a Java type.
 * - {@link toJsonValue}: a core value → JSON, coerced to a property's JSON `type`.
 *
 * @packageDocumentation
 */
import {
  type AttributeValue,
  GuardedByteArray,
  GuardedString,
  isBoxed,
  JavaBigDecimal,
  JavaBigInteger,
  JavaByte,
  JavaCharacter,
  JavaDouble,
  JavaFloat,
  JavaInteger,
  JavaLong,
  numberToJava,
  toAttributeValue,
  valueToPlain,
} from '@rcskit/core';
import { BadRequestError } from '../errors.js';

/**
 * The Java types an IDM type name can stand for. Besides core's attribute types this includes the names IDM
 * knows but ICF attributes cannot carry (`File`, `URI`, `Script`, …); values of `Date`, `Name`, `Uid`, `URI`
 * and `File` travel as Strings.
 */
export type NativeJavaType =
  | 'Object'
  | 'List'
  | 'Number'
  | 'String'
  | 'Boolean'
  | 'boolean'
  | 'Integer'
  | 'int'
  | 'Long'
  | 'long'
  | 'Double'
  | 'double'
  | 'Float'
  | 'float'
  | 'Byte'
  | 'byte'
  | 'Character'
  | 'char'
  | 'BigDecimal'
  | 'BigInteger'
  | 'byte[]'
  | 'GuardedString'
  | 'GuardedByteArray'
  | 'Map'
  | 'Date'
  | 'File'
  | 'URI'
  | 'Name'
  | 'Uid'
  | 'ObjectClass'
  | 'QualifiedUid'
  | 'Script';

/** IDM type name → Java type (F.8 `typeMap`, plus the three documented aliases). */
export const IDM_TYPE_MAP: Readonly<Record<string, NativeJavaType>> = Object.freeze({
  any: 'Object',
  array: 'List',
  boolean: 'Boolean',
  integer: 'Integer',
  number: 'Number',
  object: 'Map',
  string: 'String',
  JAVA_TYPE_BIGDECIMAL: 'BigDecimal',
  JAVA_TYPE_BIGINTEGER: 'BigInteger',
  JAVA_TYPE_PRIMITIVE_BOOLEAN: 'boolean',
  JAVA_TYPE_BYTE_ARRAY: 'byte[]',
  JAVA_TYPE_CHAR: 'char',
  JAVA_TYPE_CHARACTER: 'Character',
  JAVA_TYPE_DATE: 'Date',
  JAVA_TYPE_PRIMITIVE_DOUBLE: 'double',
  JAVA_TYPE_DOUBLE: 'Double',
  JAVA_TYPE_FILE: 'File',
  JAVA_TYPE_PRIMITIVE_FLOAT: 'float',
  JAVA_TYPE_FLOAT: 'Float',
  JAVA_TYPE_GUARDEDBYTEARRAY: 'GuardedByteArray',
  JAVA_TYPE_GUARDEDSTRING: 'GuardedString',
  JAVA_TYPE_INT: 'int',
  JAVA_TYPE_PRIMITIVE_LONG: 'long',
  JAVA_TYPE_LONG: 'Long',
  JAVA_TYPE_NAME: 'Name',
  JAVA_TYPE_OBJECTCLASS: 'ObjectClass',
  JAVA_TYPE_QUALIFIEDUID: 'QualifiedUid',
  JAVA_TYPE_SCRIPT: 'Script',
  JAVA_TYPE_UID: 'Uid',
  JAVA_TYPE_URI: 'URI',
  JAVA_TYPE_BYTE: 'Byte',
  JAVA_TYPE_PRIMITIVE_BYTE: 'byte',
  // Listed by the IDM documentation, refused by OpenIDM's code; rcskit accepts them.
  JAVA_TYPE_INTEGER: 'Integer',
  JAVA_TYPE_OBJECT: 'Object',
  JAVA_TYPE_STRING: 'String',
});

/** The Java type an IDM type name stands for, or undefined for an unknown name. */
export function nativeJavaType(idmType: string): NativeJavaType | undefined {
  return Object.hasOwn(IDM_TYPE_MAP, idmType) ? IDM_TYPE_MAP[idmType] : undefined;
}

/** Java type → IDM type name: the reverse of {@link IDM_TYPE_MAP} (String gives `string`, never `JAVA_TYPE_DATE`). */
const JAVA_TO_IDM: Readonly<Record<string, string>> = Object.freeze({
  Object: 'any',
  List: 'array',
  Boolean: 'boolean',
  Integer: 'integer',
  Number: 'number',
  Map: 'object',
  String: 'string',
  BigDecimal: 'JAVA_TYPE_BIGDECIMAL',
  BigInteger: 'JAVA_TYPE_BIGINTEGER',
  boolean: 'JAVA_TYPE_PRIMITIVE_BOOLEAN',
  'byte[]': 'JAVA_TYPE_BYTE_ARRAY',
  char: 'JAVA_TYPE_CHAR',
  Character: 'JAVA_TYPE_CHARACTER',
  double: 'JAVA_TYPE_PRIMITIVE_DOUBLE',
  Double: 'JAVA_TYPE_DOUBLE',
  File: 'JAVA_TYPE_FILE',
  float: 'JAVA_TYPE_PRIMITIVE_FLOAT',
  Float: 'JAVA_TYPE_FLOAT',
  GuardedByteArray: 'JAVA_TYPE_GUARDEDBYTEARRAY',
  GuardedString: 'JAVA_TYPE_GUARDEDSTRING',
  int: 'JAVA_TYPE_INT',
  long: 'JAVA_TYPE_PRIMITIVE_LONG',
  Long: 'JAVA_TYPE_LONG',
  Name: 'JAVA_TYPE_NAME',
  ObjectClass: 'JAVA_TYPE_OBJECTCLASS',
  QualifiedUid: 'JAVA_TYPE_QUALIFIEDUID',
  Script: 'JAVA_TYPE_SCRIPT',
  Uid: 'JAVA_TYPE_UID',
  URI: 'JAVA_TYPE_URI',
  Byte: 'JAVA_TYPE_BYTE',
  byte: 'JAVA_TYPE_PRIMITIVE_BYTE',
});

/** The IDM type name of a Java type (`Long` → `JAVA_TYPE_LONG`); unknown types (e.g. `SortKey`) give `any`. */
export function idmTypeName(javaType: string): string {
  return JAVA_TO_IDM[javaType] ?? 'any';
}

const JSON_NUMBER_TYPES: ReadonlySet<string> = new Set([
  'Number',
  'Long',
  'long',
  'Double',
  'double',
  'Float',
  'float',
  'BigDecimal',
  'Byte',
  'byte',
]);

/**
 * The JSON type of a Java type (F.8 `findJSONTypeForClass`): `integer` for Integer/int, `number` for the other
 * numbers, `boolean`, `array` for List, `object` for Map, `string` for everything else (String, char, byte[],
 * GuardedString, BigInteger, …).
 */
export function jsonTypeOf(
  javaType: string,
): 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'string' {
  if (javaType === 'Integer' || javaType === 'int') return 'integer';
  if (JSON_NUMBER_TYPES.has(javaType)) return 'number';
  if (javaType === 'Boolean' || javaType === 'boolean') return 'boolean';
  if (javaType === 'List') return 'array';
  if (javaType === 'Map') return 'object';
  return 'string';
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

function refuse(path: string, value: unknown, type: string, why?: string): never {
  throw new BadRequestError(
    `Attribute ${path}: cannot convert ${show(value)} to ${idmTypeName(type)}${why ? ` (${why})` : ''}`,
  );
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function integerOf(value: unknown, path: string, type: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) refuse(path, value, type, 'not an integer');
    if (!Number.isSafeInteger(value)) refuse(path, value, type, 'beyond ±2^53, send it as a string');
    return BigInt(value);
  }
  if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) return BigInt(value.trim());
  return refuse(path, value, type);
}

function numberOf(value: unknown, path: string, type: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) return Number(value.trim());
  return refuse(path, value, type);
}

function inRange(n: bigint, min: bigint, max: bigint, path: string, value: unknown, type: string): bigint {
  if (n < min || n > max) refuse(path, value, type, 'out of range');
  return n;
}

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function stringOf(value: unknown, path: string, type: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return refuse(path, value, type);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Converts one JSON value (already decrypted) to the canonical core value of `type` (F.6):
 *
 * - String, Date, Name, Uid, URI, File: strings as they are; numbers and booleans as their text.
 * - Integer/int, Long/long, Byte/byte, BigInteger: integral numbers or integer text, range-checked.
 * - Double, Float, BigDecimal: numbers or decimal text (BigDecimal keeps the text's scale).
 * - Boolean/boolean: booleans, the texts `true`/`false`, the integers 0 and 1.
 * - Character/char: the first character of a string.
 * - byte[]: Base64 text (standard or URL alphabet), or an array of byte values.
 * - GuardedString: a string (GuardedByteArray: a string's UTF-8 bytes).
 * - Map: a JSON object. Object (`any`) and Number: inferred from the JSON value.
 *
 * @throws BadRequestError (400) when the value cannot be converted; `path` names the property in the message.
 */
export function coerceToNative(value: unknown, type: NativeJavaType, path: string): AttributeValue {
  switch (type) {
    case 'String':
    case 'Date':
    case 'Name':
    case 'Uid':
    case 'URI':
    case 'File':
      return stringOf(value, path, type);
    case 'Integer':
    case 'int':
      if (typeof value === 'boolean') return refuse(path, value, type);
      return new JavaInteger(
        Number(inRange(integerOf(value, path, type), INT_MIN, INT_MAX, path, value, type)),
      );
    case 'Long':
    case 'long':
      if (typeof value === 'boolean') return refuse(path, value, type);
      return new JavaLong(inRange(integerOf(value, path, type), LONG_MIN, LONG_MAX, path, value, type));
    case 'Byte':
    case 'byte':
      return new JavaByte(Number(inRange(integerOf(value, path, type), -128n, 127n, path, value, type)));
    case 'BigInteger':
      return new JavaBigInteger(integerOf(value, path, type));
    case 'Double':
    case 'double':
      return new JavaDouble(numberOf(value, path, type));
    case 'Float':
    case 'float':
      return new JavaFloat(numberOf(value, path, type));
    case 'BigDecimal':
      if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim()))
        return JavaBigDecimal.parse(value.trim());
      if (typeof value === 'number' && Number.isFinite(value)) return JavaBigDecimal.parse(String(value));
      if (typeof value === 'bigint') return new JavaBigDecimal(value, 0);
      return refuse(path, value, type);
    case 'Boolean':
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      if (value === 0 || value === 1) return value === 1;
      return refuse(path, value, type, 'only true, false, "true", "false", 0 or 1');
    case 'Character':
    case 'char':
      if (typeof value === 'string' && value.length > 0) return new JavaCharacter(value[0]!);
      return refuse(path, value, type);
    case 'byte[]':
      if (typeof value === 'string') {
        const text = value.trim();
        if (!BASE64.test(text)) refuse(path, value, type, 'not Base64');
        return new Uint8Array(
          Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64'),
        );
      }
      if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= -128 && b <= 255)) {
        return Uint8Array.from(value as number[], (b) => b & 0xff);
      }
      return refuse(path, value, type);
    case 'GuardedString':
      return new GuardedString(stringOf(value, path, type));
    case 'GuardedByteArray':
      return new GuardedByteArray(Buffer.from(stringOf(value, path, type), 'utf8'));
    case 'Map':
      if (!isPlainObject(value)) return refuse(path, value, type, 'expected a JSON object');
      return toAttributeValue(value as Record<string, never>, path);
    case 'Number':
      if (typeof value === 'number') return numberToJava(value);
      if (typeof value === 'bigint')
        return new JavaLong(inRange(value, LONG_MIN, LONG_MAX, path, value, type));
      if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) return numberToJava(Number(value));
      return refuse(path, value, type);
    case 'Object':
    case 'List':
      if (typeof value === 'string' || typeof value === 'boolean') return value;
      if (typeof value === 'number') return numberToJava(value);
      if (typeof value === 'bigint')
        return new JavaLong(inRange(value, LONG_MIN, LONG_MAX, path, value, type));
      if (isPlainObject(value)) return toAttributeValue(value as Record<string, never>, path);
      return refuse(path, value, type);
    case 'ObjectClass':
    case 'QualifiedUid':
    case 'Script':
      return refuse(path, value, type, 'this type cannot be an attribute value');
  }
}

/** A JSON-friendly value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Coerces a JSON scalar to a property's JSON `type` (the IDM output step); other types leave it unchanged. */
export function coerceToJsonType(value: JsonValue, jsonType: string | undefined): JsonValue {
  if (value === null || jsonType === undefined) return value;
  switch (jsonType) {
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'integer':
    case 'number':
      if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) {
        const n = Number(value.trim());
        return Number.isFinite(n) ? n : value;
      }
      return value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/**
 * One core value as JSON (F.6 output): boxed numbers as numbers (a Long beyond ±2^53 as its decimal text),
 * BigDecimal and BigInteger as text unless the JSON type asks for a number, Character as a string, byte[] as
 * Base64, Maps as objects, GuardedString (and GuardedByteArray, as UTF-8) as **clear text** like IDM.
 */
export function toJsonValue(value: unknown, jsonType?: string): JsonValue {
  if (value === null || value === undefined) return null;
  let out: JsonValue;
  if (typeof value === 'string' || typeof value === 'boolean') out = value;
  else if (value instanceof GuardedString) out = value.access((clear) => clear);
  else if (value instanceof GuardedByteArray)
    out = value.access((clear) => Buffer.from(clear).toString('utf8'));
  else if (value instanceof Uint8Array) out = Buffer.from(value).toString('base64');
  else if (value instanceof JavaBigDecimal || value instanceof JavaBigInteger) out = value.toString();
  else if (value instanceof JavaCharacter) out = value.value;
  else if (isBoxed(value)) out = (value as { toJSON(): number | string }).toJSON();
  else if (value instanceof Map) out = valueToPlain(value) as JsonValue;
  else if (Array.isArray(value)) return value.map((v) => toJsonValue(v)) as JsonValue;
  else out = valueToPlain(value) as JsonValue;
  return coerceToJsonType(out, jsonType);
}
