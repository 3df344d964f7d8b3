/**
 * The fast path of {@link deserializeBinary} for blobs of connector objects, attributes and attribute sets (the
 * types of the fast encoder). It reads the canonical form — the one the Java framework and our encoder write:
 * pool codes numbered from 0, fields in their usual order, every nested object filling its field exactly — in
 * one pass, straight into core objects, without splitting fields first or a handler call per object.
 *
 * It is at least as strict as the generic decoder: every read is bounds-checked, nesting is limited as the
 * default limits do, and the core constructors check what they get as usual. Whenever the input is anything
 * else — another type, an unusual field order, an unknown field, trailing bytes inside a field, a core
 * constructor refusing the data, a blob over {@link MAX_FAST_BLOB} — it declines, and the caller runs the
 * generic decoder on the same bytes, which then returns the value or raises its own error. So results and
 * errors are those of the generic decoder; the tests compare both on random values and on mutated blobs.
 *
 * @packageDocumentation
 */

import {
  Attribute,
  AttributeBuilder,
  ConnectorObject,
  JavaDouble,
  JavaFloat,
  JavaInteger,
  JavaLong,
  Name,
  ObjectClass,
  Uid,
} from '@rcskit/core';
import { copyBytes } from '../byte-copy.js';
import {
  ENCODING_VERSION,
  FIELD_TYPE_ANONYMOUS,
  FIELD_TYPE_END_OBJECT,
  FIELD_TYPE_NAMED,
  OBJECT_MAGIC,
  OBJECT_TYPE_CLASS,
  OBJECT_TYPE_NULL,
} from '../constants.js';
import { DEFAULT_DECODE_LIMITS } from '../limits.js';
import { decodeUtf8, latin1 } from '../string-decoding.js';
import {
  fastNameId,
  ID_ATTRIBUTE,
  ID_BOOLEAN,
  ID_BYTE_ARRAY,
  ID_CONNECTOR_OBJECT,
  ID_DOUBLE,
  ID_FIELD_ATTRIBUTES,
  ID_FIELD_NAME,
  ID_FIELD_REVISION,
  ID_FIELD_TYPE,
  ID_FIELD_UID,
  ID_FIELD_VALUES,
  ID_FLOAT,
  ID_INTEGER,
  ID_LIST,
  ID_LONG,
  ID_MAP,
  ID_MAP_ENTRY,
  ID_NAME,
  ID_OBJECT_CLASS,
  ID_SET,
  ID_STRING,
  ID_UID,
} from './names.js';

/** What {@link tryFastDeserialize} returns when it declines a blob. */
export const FAST_PATH_DECLINED: unique symbol = Symbol('fast path declined');

/** Thrown inside the fast path to decline; never escapes. */
const DECLINE: unique symbol = Symbol('decline');

/** Larger blobs go to the generic decoder (they are rare, and its limits then apply). */
export const MAX_FAST_BLOB = 64 * 1024;
/**
 * Blobs up to this size are turned into one Latin-1 string, and their ASCII strings are cut from it: one native
 * call per blob instead of one per string. Longer substrings share that string's memory, so the size is bounded.
 */
const WHOLE_STRING_MAX = 4096;
/** Pool entries accepted (a blob of the fast types has about 20). */
const MAX_POOL = 256;
/** Pool sections up to this size are remembered for the next blob. */
const MAX_POOL_SECTION = 1024;
const MAX_DEPTH = DEFAULT_DECODE_LIMITS.maxDepth;

const WIDE = new DataView(new ArrayBuffer(8));

function decline(): never {
  throw DECLINE;
}

/** One pass over one blob. */
class FastReader {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  /** Static name id of each pool code (-1 for names the fast path does not know). */
  readonly ids = new Int8Array(MAX_POOL);
  poolSize = 0;
  /** The last pool section read (its first {@link lastPoolLength} bytes; 0 = none) and its size. */
  readonly lastPool = new Uint8Array(MAX_POOL_SECTION);
  lastPoolLength = 0;
  lastPoolSize = 0;
  /** The whole blob as Latin-1, made at the first string of a small blob. */
  latin: string | undefined;
  busy = false;

  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.pos = 0;
    this.poolSize = 0;
    this.latin = undefined;
  }

  u8(end: number): number {
    if (this.pos >= end) decline();
    return this.bytes[this.pos++]!;
  }

  i32(end: number): number {
    const at = this.pos;
    if (end - at < 4) decline();
    const b = this.bytes;
    this.pos = at + 4;
    return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
  }

  /** An int32 length that fits in the window; returns where the span it announces ends. */
  span(end: number): number {
    const length = this.i32(end);
    if (length < 0 || length > end - this.pos) decline();
    return this.pos + length;
  }

  /** Static id of a pool code read here. */
  poolId(end: number): number {
    const code = this.i32(end);
    if (code < 0 || code >= this.poolSize) decline();
    return this.ids[code]!;
  }

  /** A named field with the name `id`; returns where it ends. */
  named(id: number, end: number): number {
    if (this.u8(end) !== FIELD_TYPE_NAMED || this.poolId(end) !== id) decline();
    return this.span(end);
  }

  /** An anonymous field; returns where it ends. */
  anonymous(end: number): number {
    if (this.u8(end) !== FIELD_TYPE_ANONYMOUS) decline();
    return this.span(end);
  }

  endObject(end: number): void {
    if (this.u8(end) !== FIELD_TYPE_END_OBJECT) decline();
  }

  /** A string filling the field that ends at `fieldEnd`. */
  string(fieldEnd: number): string {
    const length = this.i32(fieldEnd);
    if (length !== fieldEnd - this.pos) decline();
    const start = this.pos;
    this.pos = fieldEnd;
    const bytes = this.bytes;
    for (let i = start; i < fieldEnd; i++) {
      if (bytes[i]! > 0x7f) return decodeUtf8(bytes, start, fieldEnd);
    }
    if (bytes.length > WHOLE_STRING_MAX) return decodeUtf8(bytes, start, fieldEnd);
    this.latin ??= latin1(bytes, 0, bytes.length);
    return this.latin.substring(start, fieldEnd);
  }

  /** 8 bytes filling an anonymous field, staged in {@link WIDE}. */
  wide(end: number): void {
    const fieldEnd = this.anonymous(end);
    if (fieldEnd - this.pos !== 8) decline();
    const bytes = this.bytes;
    const at = this.pos;
    for (let i = 0; i < 8; i++) WIDE.setUint8(i, bytes[at + i]!);
    this.pos = fieldEnd;
  }

  /** A complete object filling the field that ends at `fieldEnd`. */
  objectIn(fieldEnd: number, depth: number): unknown {
    const value = this.object(fieldEnd, depth);
    if (this.pos !== fieldEnd) decline();
    return value;
  }

  /** The anonymous fields of a List or Set up to its end tag, each a complete object. */
  items(end: number, depth: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const tag = this.u8(end);
      if (tag === FIELD_TYPE_END_OBJECT) return items;
      if (tag !== FIELD_TYPE_ANONYMOUS) decline();
      items.push(this.objectIn(this.span(end), depth + 1));
    }
  }

  /** One complete object (class-spec, fields, end tag) within the window ending at `end`. */
  object(end: number, depth: number): unknown {
    if (depth > MAX_DEPTH) decline();
    const tag = this.u8(end);
    if (tag === OBJECT_TYPE_NULL) {
      this.endObject(end);
      return null;
    }
    if (tag !== OBJECT_TYPE_CLASS) decline();
    switch (this.poolId(end)) {
      case ID_STRING: {
        const text = this.string(this.anonymous(end));
        this.endObject(end);
        return text;
      }
      case ID_ATTRIBUTE: {
        const name = this.string(this.named(ID_FIELD_NAME, end));
        const values = this.objectIn(this.named(ID_FIELD_VALUES, end), depth + 1);
        this.endObject(end);
        if (values !== null && !Array.isArray(values)) decline();
        return AttributeBuilder.fromList(name, values as Parameters<typeof AttributeBuilder.fromList>[1]);
      }
      case ID_LIST:
        return this.items(end, depth);
      case ID_INTEGER: {
        const fieldEnd = this.anonymous(end);
        if (fieldEnd - this.pos !== 4) decline();
        const value = new JavaInteger(this.i32(fieldEnd));
        this.endObject(end);
        return value;
      }
      case ID_LONG: {
        this.wide(end);
        this.endObject(end);
        return new JavaLong(WIDE.getBigInt64(0));
      }
      case ID_BOOLEAN: {
        const fieldEnd = this.anonymous(end);
        if (fieldEnd - this.pos !== 1) decline();
        const value = this.bytes[this.pos++] !== 0;
        this.endObject(end);
        return value;
      }
      case ID_UID: {
        const uid = this.string(this.named(ID_FIELD_UID, end));
        let revision: string | null = null;
        if (this.bytes[this.pos] === FIELD_TYPE_NAMED)
          revision = this.string(this.named(ID_FIELD_REVISION, end));
        this.endObject(end);
        return new Uid(uid, revision);
      }
      case ID_NAME: {
        const name = this.string(this.anonymous(end));
        this.endObject(end);
        return new Name(name);
      }
      case ID_OBJECT_CLASS: {
        const type = this.string(this.named(ID_FIELD_TYPE, end));
        this.endObject(end);
        return new ObjectClass(type);
      }
      case ID_CONNECTOR_OBJECT: {
        const objectClass = this.objectIn(this.named(ID_OBJECT_CLASS, end), depth + 1);
        if (!(objectClass instanceof ObjectClass)) decline();
        const attributesEnd = this.named(ID_FIELD_ATTRIBUTES, end);
        // The attribute set: a Set (or List) object whose items are attributes.
        if (depth + 1 > MAX_DEPTH || this.u8(attributesEnd) !== OBJECT_TYPE_CLASS) decline();
        const setId = this.poolId(attributesEnd);
        if (setId !== ID_SET && setId !== ID_LIST) decline();
        const attributes = this.items(attributesEnd, depth + 1);
        if (this.pos !== attributesEnd) decline();
        this.endObject(end);
        for (const attribute of attributes) if (!(attribute instanceof Attribute)) decline();
        return new ConnectorObject(objectClass, attributes as Attribute[]);
      }
      case ID_MAP: {
        const map = new Map<unknown, unknown>();
        for (;;) {
          const fieldTag = this.u8(end);
          if (fieldTag === FIELD_TYPE_END_OBJECT) return map;
          if (fieldTag !== FIELD_TYPE_ANONYMOUS) decline();
          // One `MapEntry` object: the key and the value, each in an anonymous field.
          const entryEnd = this.span(end);
          if (depth + 1 > MAX_DEPTH) decline();
          if (this.u8(entryEnd) !== OBJECT_TYPE_CLASS || this.poolId(entryEnd) !== ID_MAP_ENTRY) decline();
          const key = this.objectIn(this.anonymous(entryEnd), depth + 2);
          const value = this.objectIn(this.anonymous(entryEnd), depth + 2);
          this.endObject(entryEnd);
          if (this.pos !== entryEnd) decline();
          map.set(key, value);
        }
      }
      case ID_SET:
        return new Set(this.items(end, depth));
      case ID_BYTE_ARRAY: {
        const fieldEnd = this.anonymous(end);
        const length = this.i32(fieldEnd);
        if (length !== fieldEnd - this.pos) decline();
        const bytes = copyBytes(this.bytes, this.pos, fieldEnd);
        this.pos = fieldEnd;
        this.endObject(end);
        return bytes;
      }
      case ID_DOUBLE: {
        this.wide(end);
        this.endObject(end);
        return new JavaDouble(WIDE.getFloat64(0));
      }
      case ID_FLOAT: {
        this.wide(end);
        this.endObject(end);
        return new JavaFloat(WIDE.getFloat64(0));
      }
      default:
        return decline();
    }
  }

  /** Header, pool and the first object of the blob. */
  blob(): unknown {
    const bytes = this.bytes;
    const end = bytes.length;
    if (this.i32(end) !== OBJECT_MAGIC || this.i32(end) !== ENCODING_VERSION) decline();
    if (!this.samePoolAsLast(end)) this.pool(end);
    return this.object(end, 1);
  }

  /**
   * True (and the pool skipped) when the pool section starts like the last one read, byte for byte: it then
   * reads to the same names and ids, which {@link ids} still holds. The objects of a search all have the same
   * shape, so their pools are identical.
   */
  samePoolAsLast(end: number): boolean {
    const length = this.lastPoolLength;
    const start = this.pos;
    if (length === 0 || end - start < length) return false;
    const bytes = this.bytes;
    const last = this.lastPool;
    for (let i = 0; i < length; i++) if (bytes[start + i] !== last[i]) return false;
    this.pos = start + length;
    this.poolSize = this.lastPoolSize;
    return true;
  }

  /** Reads the pool section into {@link ids} and remembers it when it is small. */
  pool(end: number): void {
    this.lastPoolLength = 0;
    const bytes = this.bytes;
    const start = this.pos;
    const count = this.i32(end);
    if (count < 0 || count > MAX_POOL) decline();
    for (let code = 0; code < count; code++) {
      const nameEnd = this.span(end);
      const id = fastNameId(bytes, this.pos, nameEnd);
      this.pos = nameEnd;
      // Codes in the order Java assigns them; anything else is left to the generic decoder.
      if (this.i32(end) !== code) decline();
      this.ids[code] = id;
    }
    this.poolSize = count;
    const length = this.pos - start;
    if (length <= this.lastPool.length) {
      for (let i = 0; i < length; i++) this.lastPool[i] = bytes[start + i]!;
      this.lastPoolSize = count;
      this.lastPoolLength = length;
    }
  }
}

const shared = new FastReader();

/**
 * The first object of a blob when the fast path reads it, else {@link FAST_PATH_DECLINED} (use the generic
 * decoder, which gives the same value or the error).
 */
export function tryFastDeserialize(bytes: Uint8Array): unknown {
  if (bytes.length > MAX_FAST_BLOB) return FAST_PATH_DECLINED;
  const reader = shared.busy ? new FastReader() : shared;
  reader.busy = true;
  try {
    reader.reset(bytes);
    return reader.blob();
  } catch {
    // DECLINE, or a core constructor refusing the data: the generic decoder reports it in its own terms.
    return FAST_PATH_DECLINED;
  } finally {
    reader.busy = false;
    reader.latin = undefined;
    reader.bytes = EMPTY;
  }
}

const EMPTY = new Uint8Array(0);
