/**
 * The fast path of {@link serializeBinary} for the values that make up most traffic: connector objects,
 * attributes and attribute sets, with String, Boolean, Integer, Long, Double, Float, byte[], List, Set and Map
 * values. It writes exactly the bytes the registry-driven {@link BinaryObjectEncoder} writes (same pool order,
 * same fields, same lengths), straight into one reused buffer, without a handler lookup, an `ObjectWriter` call
 * or a `Map` per blob.
 *
 * Anything else — another type, a subclass, a value the generic encoder would refuse, nesting beyond the limit —
 * makes {@link tryFastSerialize} return `undefined`, and the caller uses the generic encoder, which then writes
 * the value or raises its own error. The tests check both paths byte for byte on random values.
 *
 * @packageDocumentation
 */
import {
  Attribute,
  ConnectorObject,
  JavaDouble,
  JavaFloat,
  JavaInteger,
  JavaLong,
  Name,
  ObjectClass,
  Uid,
} from '@rcskit/core';
import { allocateBlob } from '../blob-allocation.js';
import { javaUtf8Length, putJavaUtf8 } from '../byte-writer.js';
import {
  ENCODING_VERSION,
  FIELD_TYPE_ANONYMOUS,
  FIELD_TYPE_END_OBJECT,
  FIELD_TYPE_NAMED,
  OBJECT_MAGIC,
  OBJECT_TYPE_CLASS,
  OBJECT_TYPE_NULL,
} from '../constants.js';
import {
  FAST_NAME_COUNT,
  FAST_NAMES,
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

/** Thrown inside the fast path when the value is not one it handles; never escapes {@link tryFastSerialize}. */
const NOT_FAST: unique symbol = Symbol('not fast');

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
const INITIAL_CAPACITY = 4096;
/** A work buffer that grew beyond this is dropped after the blob, so one huge value does not pin memory. */
const KEEP_CAPACITY = 256 * 1024;
/** Strings longer than this are sized exactly instead of with 3 bytes per UTF-16 unit. */
const LONG_STRING = 4096;

/** Stages 8-byte values (int64, float64) in big-endian order. */
const WIDE = new DataView(new ArrayBuffer(8));
const WIDE_BYTES = new Uint8Array(WIDE.buffer);

/** Writes one value's object bytes into a reused buffer; the pool is assembled at the end. */
class FastWriter {
  buf = new Uint8Array(INITIAL_CAPACITY);
  pos = 0;
  /** Pool code of each known name in the current blob, -1 when not used yet. */
  readonly codes = new Int32Array(FAST_NAME_COUNT);
  /** Static name id by pool code. */
  readonly order = new Uint8Array(FAST_NAME_COUNT);
  used = 0;
  /** The last blob's pool: its names by code, its section bytes (0 = none remembered). */
  readonly lastOrder = new Uint8Array(FAST_NAME_COUNT);
  lastUsed = -1;
  readonly lastPool = new Uint8Array(1024);
  lastPoolBytes = 0;
  depth = 0;
  maxDepth = 0;
  busy = false;

  begin(maxDepth: number): void {
    this.pos = 0;
    this.used = 0;
    this.depth = 0;
    this.maxDepth = maxDepth;
    this.codes.fill(-1);
  }

  end(): void {
    if (this.buf.length > KEEP_CAPACITY) this.buf = new Uint8Array(INITIAL_CAPACITY);
  }

  /** Room for `n` more bytes. */
  room(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    const needed = this.pos + n;
    if (needed > 0x7fffffff) throw NOT_FAST;
    let capacity = this.buf.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  code(id: number): number {
    let code = this.codes[id]!;
    if (code < 0) {
      code = this.used++;
      this.codes[id] = code;
      this.order[code] = id;
    }
    return code;
  }

  int32(value: number): void {
    const buf = this.buf;
    const at = this.pos;
    buf[at] = value >>> 24;
    buf[at + 1] = value >>> 16;
    buf[at + 2] = value >>> 8;
    buf[at + 3] = value;
    this.pos = at + 4;
  }

  /** Patches the int32 length reserved at `at` with the bytes written after it. */
  patch(at: number): void {
    const length = this.pos - at - 4;
    const buf = this.buf;
    buf[at] = length >>> 24;
    buf[at + 1] = length >>> 16;
    buf[at + 2] = length >>> 8;
    buf[at + 3] = length;
  }

  /** Class-spec of a known type (room for it already made). */
  classOf(id: number): void {
    this.buf[this.pos++] = OBJECT_TYPE_CLASS;
    this.int32(this.code(id));
  }

  /** Starts an anonymous field; returns where its length goes. */
  anonymous(): number {
    this.room(5);
    this.buf[this.pos++] = FIELD_TYPE_ANONYMOUS;
    const at = this.pos;
    this.pos = at + 4;
    return at;
  }

  /** Starts a named field; returns where its length goes. */
  named(id: number): number {
    this.room(9);
    this.buf[this.pos++] = FIELD_TYPE_NAMED;
    this.int32(this.code(id));
    const at = this.pos;
    this.pos = at + 4;
    return at;
  }

  endObject(): void {
    this.room(1);
    this.buf[this.pos++] = FIELD_TYPE_END_OBJECT;
  }

  /** A string (int32 byte length + Java UTF-8). */
  string(text: string): void {
    const length = text.length;
    this.room(4 + (length > LONG_STRING ? javaUtf8Length(text) : 3 * length));
    const start = this.pos + 4;
    const end = putJavaUtf8(this.buf, start, text);
    this.int32(end - start);
    this.pos = end;
  }

  /** A named field holding a string. */
  stringField(id: number, text: string): void {
    const at = this.named(id);
    this.string(text);
    this.patch(at);
  }

  /** An anonymous field holding a string. */
  stringContents(text: string): void {
    const at = this.anonymous();
    this.string(text);
    this.patch(at);
  }

  /** An anonymous field holding the 8 bytes staged in {@link WIDE}. */
  wideContents(): void {
    this.room(13);
    const buf = this.buf;
    let at = this.pos;
    buf[at++] = FIELD_TYPE_ANONYMOUS;
    buf[at++] = 0;
    buf[at++] = 0;
    buf[at++] = 0;
    buf[at++] = 8;
    for (let i = 0; i < 8; i++) buf[at + i] = WIDE_BYTES[i]!;
    this.pos = at + 8;
  }

  /** One complete object: class-spec, fields, end (a null object for null/undefined). */
  value(value: unknown): void {
    if (value === null || value === undefined) {
      this.room(2);
      this.buf[this.pos++] = OBJECT_TYPE_NULL;
      this.buf[this.pos++] = FIELD_TYPE_END_OBJECT;
      return;
    }
    if (++this.depth > this.maxDepth) throw NOT_FAST;
    this.room(16);
    if (typeof value === 'string') {
      this.classOf(ID_STRING);
      this.stringContents(value);
    } else if (typeof value === 'boolean') {
      this.classOf(ID_BOOLEAN);
      const buf = this.buf;
      buf[this.pos++] = FIELD_TYPE_ANONYMOUS;
      this.int32(1);
      buf[this.pos++] = value ? 1 : 0;
    } else if (typeof value === 'object') {
      this.object(value);
    } else {
      throw NOT_FAST;
    }
    this.endObject();
    this.depth--;
  }

  /** The class-spec and fields of a non-null object (room for 16 bytes already made). */
  object(value: object): void {
    const type = value.constructor;
    if (type === Attribute) {
      const attr = value as Attribute;
      this.classOf(ID_ATTRIBUTE);
      this.stringField(ID_FIELD_NAME, attr.name);
      const at = this.named(ID_FIELD_VALUES);
      this.value(attr.value);
      this.patch(at);
    } else if (type === Array) {
      this.classOf(ID_LIST);
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) this.contents(list[i]);
    } else if (type === JavaInteger) {
      const n = (value as JavaInteger).value;
      if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw NOT_FAST;
      this.classOf(ID_INTEGER);
      this.buf[this.pos++] = FIELD_TYPE_ANONYMOUS;
      this.int32(4);
      this.int32(n);
    } else if (type === JavaLong) {
      const n = (value as JavaLong).value;
      if (typeof n !== 'bigint' || n < MIN_INT64 || n > MAX_INT64) throw NOT_FAST;
      this.classOf(ID_LONG);
      WIDE.setBigInt64(0, n);
      this.wideContents();
    } else if (type === Uid) {
      const uid = value as Uid;
      this.classOf(ID_UID);
      this.stringField(ID_FIELD_UID, uid.uidValue);
      if (uid.revision !== null && uid.revision !== undefined)
        this.stringField(ID_FIELD_REVISION, uid.revision);
    } else if (type === Name) {
      this.classOf(ID_NAME);
      this.stringContents((value as Name).nameValue);
    } else if (type === ConnectorObject) {
      const obj = value as ConnectorObject;
      this.classOf(ID_CONNECTOR_OBJECT);
      let at = this.named(ID_OBJECT_CLASS);
      this.value(obj.objectClass);
      this.patch(at);
      // The attribute set: a `Set` object, as the generic handler writes `new Set(attributes)`.
      at = this.named(ID_FIELD_ATTRIBUTES);
      if (++this.depth > this.maxDepth) throw NOT_FAST;
      this.room(5);
      this.classOf(ID_SET);
      const attributes = obj.attributes;
      for (let i = 0; i < attributes.length; i++) this.contents(attributes[i]);
      this.endObject();
      this.depth--;
      this.patch(at);
    } else if (type === ObjectClass) {
      this.classOf(ID_OBJECT_CLASS);
      this.stringField(ID_FIELD_TYPE, (value as ObjectClass).type);
    } else if (type === Uint8Array || type === Buffer) {
      const bytes = value as Uint8Array;
      this.classOf(ID_BYTE_ARRAY);
      this.room(9 + bytes.length);
      this.buf[this.pos++] = FIELD_TYPE_ANONYMOUS;
      this.int32(4 + bytes.length);
      this.int32(bytes.length);
      this.buf.set(bytes, this.pos);
      this.pos += bytes.length;
    } else if (type === Map) {
      this.classOf(ID_MAP);
      for (const [key, item] of value as Map<unknown, unknown>) {
        // Each entry is a `MapEntry` object in an anonymous field.
        const at = this.anonymous();
        if (++this.depth > this.maxDepth) throw NOT_FAST;
        this.room(5);
        this.classOf(ID_MAP_ENTRY);
        this.contents(key);
        this.contents(item);
        this.endObject();
        this.depth--;
        this.patch(at);
      }
    } else if (type === Set) {
      this.classOf(ID_SET);
      for (const item of value as Set<unknown>) this.contents(item);
    } else if (type === JavaDouble || type === JavaFloat) {
      this.classOf(type === JavaDouble ? ID_DOUBLE : ID_FLOAT);
      WIDE.setFloat64(0, (value as JavaDouble).value);
      this.wideContents();
    } else {
      throw NOT_FAST;
    }
  }

  /** An anonymous field holding a complete object. */
  contents(value: unknown): void {
    const at = this.anonymous();
    this.value(value);
    this.patch(at);
  }

  /** Header, pool and the object written so far, as one blob. */
  blob(): Uint8Array {
    const same = this.samePoolAsLast();
    const poolBytes = same ? this.lastPoolBytes : this.poolSize();
    const out = allocateBlob(8 + poolBytes + this.pos);
    putInt32(out, 0, OBJECT_MAGIC);
    putInt32(out, 4, ENCODING_VERSION);
    if (same) {
      out.set(this.lastPool.subarray(0, poolBytes), 8);
    } else {
      this.writePool(out, 8);
      this.rememberPool(out, 8, poolBytes);
    }
    out.set(this.buf.subarray(0, this.pos), 8 + poolBytes);
    return out;
  }

  /**
   * True when this blob interned the same names in the same order as the last one, whose pool section is then
   * reused as it is. The objects of a search all have the same shape, so their pools are identical.
   */
  samePoolAsLast(): boolean {
    const used = this.used;
    if (used !== this.lastUsed || this.lastPoolBytes === 0) return false;
    const order = this.order;
    const last = this.lastOrder;
    for (let code = 0; code < used; code++) if (order[code] !== last[code]) return false;
    return true;
  }

  /** Bytes of the pool section: the count, then each name as a string and its code. */
  poolSize(): number {
    let bytes = 4;
    for (let code = 0; code < this.used; code++) bytes += FAST_NAMES[this.order[code]!]!.length + 8;
    return bytes;
  }

  writePool(out: Uint8Array, start: number): void {
    const used = this.used;
    putInt32(out, start, used);
    let at = start + 4;
    // Byte loops: the names are a few ASCII characters, shorter than what makes a `set` call worth it.
    for (let code = 0; code < used; code++) {
      const name = FAST_NAMES[this.order[code]!]!;
      const length = name.length;
      putInt32(out, at, length);
      at += 4;
      for (let i = 0; i < length; i++) out[at + i] = name.charCodeAt(i);
      at += length;
      putInt32(out, at, code);
      at += 4;
    }
  }

  rememberPool(out: Uint8Array, start: number, length: number): void {
    this.lastUsed = -1;
    this.lastPoolBytes = 0;
    if (length > this.lastPool.length) return;
    this.lastPool.set(out.subarray(start, start + length));
    this.lastOrder.set(this.order.subarray(0, this.used));
    this.lastUsed = this.used;
    this.lastPoolBytes = length;
  }
}

function putInt32(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 24;
  out[at + 1] = value >>> 16;
  out[at + 2] = value >>> 8;
  out[at + 3] = value;
}

const shared = new FastWriter();

/**
 * `value` as a self-contained blob when the fast path handles it, else `undefined` (use the generic encoder).
 * The bytes are those of the generic encoder.
 */
export function tryFastSerialize(value: unknown, maxDepth: number): Uint8Array | undefined {
  // Re-entry cannot happen (the fast path calls no user code), but a second writer keeps it safe if it did.
  const writer = shared.busy ? new FastWriter() : shared;
  writer.busy = true;
  try {
    writer.begin(maxDepth);
    writer.value(value);
    return writer.blob();
  } catch {
    // NOT_FAST, or anything odd (a throwing getter…): the generic encoder writes it or reports it its own way.
    return undefined;
  } finally {
    writer.busy = false;
    writer.end();
  }
}
