/**
 * Value conversions at the edges of a script:
 *
 * - {@link toScriptValue}: request data (Java-typed values decoded from the wire) into plain JavaScript values a
 *   script can compute with — Integer/Double/Float/Byte → `number`, Long → `number` (a `bigint` beyond 2^53),
 *   BigInteger → `bigint`, Character → `string`, Map → plain object, List → array. The seed's table of request
 *   argument types (object → HashMap, number → Integer/Double, array → ArrayList, null, boolean, string) becomes
 *   object, number, array, null, boolean, string.
 * - {@link toWireValue}: what a script returns from `runScriptOnConnector` / `runScriptOnResource` into values the
 *   wire serializer has a type for, or a `ConnectorException` "No serializer for class: …" (seed "systemActions")
 *   naming the first value that has none.
 *
 * @packageDocumentation
 */
import {
  Attribute,
  AttributeInfo,
  ConnectorException,
  ConnectorObject,
  CountPolicyValue,
  Filter,
  GuardedByteArray,
  GuardedString,
  isBoxed,
  JavaArray,
  JavaBigDecimal,
  JavaBigInteger,
  JavaByte,
  JavaCharacter,
  JavaDouble,
  JavaFile,
  JavaFloat,
  JavaInteger,
  JavaLong,
  JavaURI,
  numberToJava,
  ObjectClass,
  ObjectClassInfo,
  OperationOptionInfo,
  OperationOptions,
  QualifiedUid,
  Schema,
  Script,
  ScriptContext,
  SearchResult,
  SortKey,
  SyncDelta,
  SyncToken,
} from '@rcskit/core';

function tag(value: object): string {
  return Object.prototype.toString.call(value);
}

/** A plain object of any realm: its prototype is null or an `Object.prototype`. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null) return true;
  if (proto === Object.prototype) return true;
  return (
    Object.getPrototypeOf(proto) === null && tag(value) === '[object Object]' && !(value instanceof Object)
  );
}

function isMapLike(value: object): value is Map<unknown, unknown> {
  return value instanceof Map || tag(value) === '[object Map]';
}

function isSetLike(value: object): value is Set<unknown> {
  return value instanceof Set || tag(value) === '[object Set]';
}

/**
 * Request data as plain JavaScript values (see the module notes). Values of other kinds (Uids, GuardedStrings,
 * BigDecimals, byte arrays…) are passed as they are.
 */
export function toScriptValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (
    value instanceof JavaInteger ||
    value instanceof JavaDouble ||
    value instanceof JavaFloat ||
    value instanceof JavaByte
  ) {
    return value.value;
  }
  if (value instanceof JavaLong) {
    return value.value >= BigInt(Number.MIN_SAFE_INTEGER) && value.value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value.value)
      : value.value;
  }
  if (value instanceof JavaBigInteger) return value.value;
  if (value instanceof JavaCharacter) return value.value;
  if (Array.isArray(value)) return value.map(toScriptValue);
  if (value instanceof JavaArray) return value.items.map(toScriptValue);
  if (isMapLike(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) {
      Object.defineProperty(out, String(k), {
        value: toScriptValue(v),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** Classes of `@rcskit/core` the wire serializer knows, passed through {@link toWireValue} unchanged. */
const WIRE_CLASSES: readonly Function[] = [
  Attribute,
  ObjectClass,
  ConnectorObject,
  SearchResult,
  SyncToken,
  SyncDelta,
  Script,
  ScriptContext,
  SortKey,
  QualifiedUid,
  OperationOptions,
  AttributeInfo,
  ObjectClassInfo,
  OperationOptionInfo,
  Schema,
  JavaURI,
  JavaFile,
  JavaBigDecimal,
  CountPolicyValue,
  Filter,
  GuardedString,
  GuardedByteArray,
];

/** The class name of a value for the "No serializer for class" message. */
export function classNameOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') {
    const text = Function.prototype.toString.call(value);
    const kind = text.startsWith('class') ? 'class' : 'function';
    return value.name ? `${kind} ${value.name}` : kind;
  }
  if (typeof value === 'symbol') return 'symbol';
  if (typeof value !== 'object') return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  if (ctor && typeof ctor.name === 'string' && ctor.name !== '') return ctor.name;
  return tag(value).slice(8, -1);
}

function noSerializer(value: unknown, path: string): never {
  const where = path === '$' ? '' : ` (at ${path})`;
  const hint = value instanceof Date ? '; return date.getTime() or date.toISOString() instead' : '';
  throw new ConnectorException(`No serializer for class: ${classNameOf(value)}${where}${hint}`);
}

/**
 * A script result as values the wire serializer has a type for:
 *
 * - `null`/`undefined` → `null`; strings, booleans, boxed Java values, byte arrays, GuardedString/GuardedByteArray
 *   and the framework's own objects (Uid, ConnectorObject, SyncToken, Schema, …) as they are;
 * - a JS `number` → Integer (32-bit integers), Long (other safe integers) or Double; a `bigint` → Long, or
 *   BigInteger beyond 64 bits;
 * - arrays → lists, Sets → sets, Maps → maps (keys and values converted), plain objects → maps with String keys.
 *
 * @throws ConnectorException `No serializer for class: <name>` for anything else — functions, class instances,
 *   Dates, Promises, symbols — and for cyclic structures, naming where in the result the value is.
 */
export function toWireValue(value: unknown): unknown {
  return convert(value, '$', new Set());
}

function convert(value: unknown, path: string, seen: Set<object>): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return numberToJava(value);
    case 'bigint':
      return value >= -(2n ** 63n) && value < 2n ** 63n ? new JavaLong(value) : new JavaBigInteger(value);
    case 'function':
    case 'symbol':
      return noSerializer(value, path);
    default:
      break;
  }
  const object = value as object;
  if (isBoxed(object)) return object;
  if (object instanceof Uint8Array) return new Uint8Array(object);
  for (const cls of WIRE_CLASSES) if (object instanceof (cls as typeof Object)) return object;
  if (seen.has(object)) {
    throw new ConnectorException(
      `No serializer for a cyclic structure (at ${path}): the value contains itself`,
    );
  }
  seen.add(object);
  try {
    if (Array.isArray(object)) return object.map((item, i) => convert(item, `${path}[${i}]`, seen));
    if (object instanceof JavaArray) return object;
    if (isSetLike(object)) {
      let i = 0;
      return new Set([...object].map((item) => convert(item, `${path}[${i++}]`, seen)));
    }
    if (isMapLike(object)) {
      const out = new Map<unknown, unknown>();
      for (const [k, v] of object) {
        const key = convert(k, `${path}.<key>`, seen);
        out.set(key, convert(v, `${path}[${typeof k === 'string' ? JSON.stringify(k) : '…'}]`, seen));
      }
      return out;
    }
    if (isPlainRecord(object)) {
      const out = new Map<string, unknown>();
      for (const [k, v] of Object.entries(object)) out.set(k, convert(v, `${path}.${k}`, seen));
      return out;
    }
    return noSerializer(value, path);
  } finally {
    seen.delete(object);
  }
}
