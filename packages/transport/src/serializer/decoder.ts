/**
 * The binary object decoder (spec §4.2), defensive by construction: every length is checked against the bytes
 * left before anything is read, nesting is bounded by {@link DecodeLimits.maxDepth}, element counts by
 * `maxElements`, and any failure — including one raised by a type handler or a core constructor — surfaces as a
 * {@link SerializationException}.
 *
 * An object's fields are first split into named and anonymous byte ranges (no copying); the type handler then
 * pulls the fields it needs, so unknown named fields are ignored and missing ones get defaults. After a failure
 * the decoder's position is undefined: a multi-object stream cannot be resumed.
 *
 * Hot-path notes: the whole input is read through one cursor ({@link Input}) with absolute positions and an
 * explicit end for each window, instead of a `ByteReader` object per field; the field spans of the objects being
 * decoded live on three stacks shared by the decoder (an object's spans are popped when it is done), instead of
 * arrays per object; pool names are decoded through a bounded intern table; ASCII strings skip the UTF-8 decoder.
 * Every bound check and error message of the `ByteReader` path is kept.
 *
 * @packageDocumentation
 */

import { JavaArray, type JavaType } from '@rcskit/core';
import { copyBytes } from './byte-copy.js';
import type { ByteReader } from './byte-reader.js';
import {
  ENCODING_VERSION,
  FIELD_TYPE_ANONYMOUS,
  FIELD_TYPE_END_OBJECT,
  FIELD_TYPE_NAMED,
  OBJECT_MAGIC,
  OBJECT_TYPE_ARRAY,
  OBJECT_TYPE_CLASS,
  OBJECT_TYPE_NULL,
} from './constants.js';
import { SerializationException } from './errors.js';
import { type DecodeLimits, resolveDecodeLimits } from './limits.js';
import type { ObjectReader, SerializerRegistry, TypeHandler } from './registry.js';
import { bufferOf, decodePoolName, decodeUtf8 } from './string-decoding.js';
import { classOfSerialName } from './type-names.js';

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

/** Pool codes below this are kept in an array (Java assigns them from 0); any other code goes in a map. */
const DENSE_POOL_CODES = 4096;
/** Field stacks longer than this are emptied after each top-level object (a hostile one may have grown them). */
const STACK_KEEP = 4096;

/**
 * The cursor over the whole input: `pos` is absolute, and every read takes the end of the window it reads in.
 * The checks and messages are those of {@link ByteReader}, with the same offsets.
 */
class Input {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos = 0;
  #buffer: Buffer | undefined;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(message: string): never {
    throw new SerializationException(`${message} (at byte ${this.pos})`, { offset: this.pos });
  }

  /** Takes `length` bytes of the window ending at `end`; returns where they start. */
  take(end: number, length: number, what: string): number {
    if (length < 0) this.fail(`Negative length ${length} for ${what}`);
    if (length > end - this.pos) {
      this.fail(`Truncated input: ${what} needs ${length} bytes, ${end - this.pos} left`);
    }
    const at = this.pos;
    this.pos = at + length;
    return at;
  }

  u8(end: number): number {
    const at = this.pos;
    if (end - at < 1) this.take(end, 1, 'byte');
    this.pos = at + 1;
    return this.bytes[at]!;
  }

  i32(end: number): number {
    const at = this.pos;
    if (end - at < 4) this.take(end, 4, 'int32');
    this.pos = at + 4;
    const b = this.bytes;
    return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
  }

  /** An int32 length prefix: not negative, not above `max`, not beyond the window. */
  length(end: number, what: string, max: number): number {
    const length = this.i32(end);
    if (length < 0) this.fail(`Negative length ${length} for ${what}`);
    if (length > max) this.fail(`Length ${length} of ${what} exceeds the limit of ${max} bytes`);
    if (length > end - this.pos) {
      this.fail(`Truncated input: ${what} declares ${length} bytes, ${end - this.pos} left`);
    }
    return length;
  }

  string(end: number, max: number): string {
    const length = this.length(end, 'string', max);
    const at = this.take(end, length, 'string');
    if (length > 12) this.#buffer ??= bufferOf(this.bytes);
    return decodeUtf8(this.bytes, at, at + length, this.#buffer);
  }

  poolName(end: number, max: number): string {
    const length = this.length(end, 'string', max);
    const at = this.take(end, length, 'string');
    return decodePoolName(this.bytes, at, at + length);
  }

  byteArray(end: number, max: number): Uint8Array {
    const length = this.length(end, 'byte array', max);
    const at = this.take(end, length, 'byte array');
    return copyBytes(this.bytes, at, at + length);
  }
}

/** Reads a stream: header, then (pool + object)* . */
export class BinaryObjectDecoder {
  readonly #registry: SerializerRegistry;
  readonly #limits: Readonly<Required<DecodeLimits>>;
  readonly #input: Input;
  /** Pool codes `0 ≤ code < DENSE_POOL_CODES`, by code. */
  readonly #densePool: (string | undefined)[] = [];
  /** Other pool codes. */
  #sparsePool: Map<number, string> | undefined;
  /** Handlers of the dense pool codes used as object types, by code. */
  readonly #denseHandlers: (TypeHandler | undefined)[] = [];
  #poolSize = 0;
  #headerRead = false;
  /**
   * Field spans of the objects being decoded, innermost last: anonymous `[start, end]` pairs, named-field names
   * and their `[start, end]` pairs. An object's entries sit above its parent's and are popped when it is done.
   */
  readonly #anonymous: number[] = [];
  readonly #names: string[] = [];
  readonly #namedSpans: number[] = [];
  /** Used length of {@link #anonymous} (entries above it are stale; truncating arrays is slow in V8). */
  #anonymousTop = 0;
  /** Used length of {@link #names} (and half that of {@link #namedSpans}). */
  #namedTop = 0;

  /** @throws SerializationException when the input is larger than `limits.maxBytes`. */
  constructor(input: Uint8Array, registry: SerializerRegistry, limits?: DecodeLimits) {
    this.#registry = registry;
    this.#limits = resolveDecodeLimits(limits);
    if (!(input instanceof Uint8Array)) throw new SerializationException('Input must be a Uint8Array');
    if (input.length > this.#limits.maxBytes) {
      throw new SerializationException(
        `Input of ${input.length} bytes exceeds the limit of ${this.#limits.maxBytes} bytes`,
      );
    }
    this.#input = new Input(input);
  }

  /** True while unread bytes remain after the last object read. */
  get hasMore(): boolean {
    return this.#input.bytes.length - this.#input.pos > 0;
  }

  /**
   * Reads the next top-level object (the stream header first, on the first call).
   *
   * @throws SerializationException for any malformed, truncated or over-limit input.
   */
  readObject(): unknown {
    const r = this.#input;
    const end = r.bytes.length;
    try {
      if (!this.#headerRead) {
        const magic = r.i32(end);
        if (magic !== OBJECT_MAGIC)
          r.fail(`Bad magic number ${hex(magic >>> 0)}, expected ${hex(OBJECT_MAGIC)}`);
        const version = r.i32(end);
        if (version !== ENCODING_VERSION)
          r.fail(`Unexpected encoding version ${version}, expected ${ENCODING_VERSION}`);
        this.#headerRead = true;
      }
      this.#readPool(r, end);
      return this.#readObjectIn(end, 1);
    } catch (error) {
      throw asSerializationException(error);
    } finally {
      // The stacks are empty again (their tops are back to 0, also after a failure); drop what a big object grew.
      this.#anonymousTop = 0;
      this.#namedTop = 0;
      if (this.#anonymous.length > STACK_KEEP || this.#names.length > STACK_KEEP) {
        this.#anonymous.length = 0;
        this.#names.length = 0;
        this.#namedSpans.length = 0;
      }
    }
  }

  #poolGet(code: number): string | undefined {
    return code >= 0 && code < DENSE_POOL_CODES ? this.#densePool[code] : this.#sparsePool?.get(code);
  }

  #readPool(r: Input, end: number): void {
    const count = r.i32(end);
    const limits = this.#limits;
    if (count < 0) r.fail(`Negative constant-pool size ${count}`);
    if (count > limits.maxElements - this.#poolSize) {
      r.fail(`Constant pool of ${this.#poolSize + count} entries exceeds the limit of ${limits.maxElements}`);
    }
    // Each entry is at least an int32 length and an int32 code.
    if (count > (end - r.pos) / 8) r.fail(`Truncated input: constant pool declares ${count} entries`);
    for (let i = 0; i < count; i++) {
      const name = r.poolName(end, limits.maxLength);
      const code = r.i32(end);
      const known = this.#poolGet(code);
      if (known !== undefined) {
        if (known !== name) r.fail(`Constant-pool code ${code} is defined twice ('${known}', '${name}')`);
        continue;
      }
      if (code >= 0 && code < DENSE_POOL_CODES) {
        while (this.#densePool.length < code) this.#densePool.push(undefined);
        this.#densePool[code] = name;
      } else {
        this.#sparsePool ??= new Map();
        this.#sparsePool.set(code, name);
      }
      this.#poolSize++;
    }
  }

  #poolName(r: Input, end: number): string {
    const code = r.i32(end);
    const name = this.#poolGet(code);
    if (name === undefined) r.fail(`Unknown constant-pool code ${code}`);
    return name;
  }

  #handlerFor(code: number, typeName: string): TypeHandler | undefined {
    if (code < 0 || code >= DENSE_POOL_CODES) return this.#registry.handlerForName(typeName);
    let handler = this.#denseHandlers[code];
    if (handler === undefined) {
      handler = this.#registry.handlerForName(typeName);
      this.#denseHandlers[code] = handler;
    }
    return handler;
  }

  #checkDepth(r: Input, depth: number): void {
    if (depth > this.#limits.maxDepth) r.fail(`Nesting deeper than ${this.#limits.maxDepth} levels`);
  }

  /**
   * @internal Used by {@link FieldsReader}.
   * Reads a class-spec in `[start, end)` as a Java type name (`String`, `byte[]`, `String[]`…), or `null` for
   * the null spec. Names must be known to the registry.
   */
  readClassSpecIn(start: number, end: number, depth: number): string | null {
    this.#input.pos = start;
    return this.#readClassSpec(end, depth);
  }

  #readClassSpec(end: number, depth: number): string | null {
    const r = this.#input;
    this.#checkDepth(r, depth);
    const tag = r.u8(end);
    switch (tag) {
      case OBJECT_TYPE_NULL:
        return null;
      case OBJECT_TYPE_CLASS: {
        const name = this.#poolName(r, end);
        if (!this.#registry.isClassName(name)) r.fail(`Unknown class '${name}'`);
        return classOfSerialName(name);
      }
      case OBJECT_TYPE_ARRAY: {
        const component = this.#readClassSpec(end, depth + 1);
        if (component === null) r.fail('Array class-spec with a null component type');
        return `${component}[]`;
      }
      default:
        return r.fail(`Bad class-spec tag ${hex(tag)}`);
    }
  }

  /** @internal Reads one complete object (class-spec, fields, end) from the window `[start, end)`. */
  readObjectIn(start: number, end: number, depth: number): unknown {
    this.#input.pos = start;
    return this.#readObjectIn(end, depth);
  }

  /** @internal Reads a string (int32 length + UTF-8) from the window `[start, end)`. */
  readStringIn(start: number, end: number): string {
    this.#input.pos = start;
    return this.#input.string(end, this.#limits.maxLength);
  }

  /** @internal Reads a byte array (int32 length + bytes, copied) from the window `[start, end)`. */
  readByteArrayIn(start: number, end: number): Uint8Array {
    this.#input.pos = start;
    return this.#input.byteArray(end, this.#limits.maxLength);
  }

  /** @internal A one-byte value (signed byte, or a boolean) from the window `[start, end)`. */
  readInt8In(start: number, end: number, what: string): number {
    const r = this.#input;
    r.pos = start;
    return r.view.getInt8(r.take(end, 1, what));
  }

  /** @internal An int32 from the window `[start, end)`. */
  readInt32In(start: number, end: number): number {
    this.#input.pos = start;
    return this.#input.i32(end);
  }

  /** @internal An int64 from the window `[start, end)`. */
  readInt64In(start: number, end: number): bigint {
    const r = this.#input;
    r.pos = start;
    return r.view.getBigInt64(r.take(end, 8, 'int64'));
  }

  /** @internal A float64 from the window `[start, end)`. */
  readFloat64In(start: number, end: number): number {
    const r = this.#input;
    r.pos = start;
    return r.view.getFloat64(r.take(end, 8, 'float64'));
  }

  /** Reads one complete object from the current position, within the window ending at `end`. */
  #readObjectIn(end: number, depth: number): unknown {
    const r = this.#input;
    this.#checkDepth(r, depth);
    const tag = r.u8(end);
    let typeName: string | null = null;
    let typeCode = -1;
    let componentType: string | null = null;
    switch (tag) {
      case OBJECT_TYPE_NULL:
        break;
      case OBJECT_TYPE_CLASS:
        typeCode = r.i32(end);
        typeName = this.#poolGet(typeCode) ?? null;
        if (typeName === null) r.fail(`Unknown constant-pool code ${typeCode}`);
        break;
      case OBJECT_TYPE_ARRAY:
        componentType = this.#readClassSpec(end, depth + 1);
        if (componentType === null) r.fail('Array with a null component type');
        break;
      default:
        r.fail(`Bad object type tag ${hex(tag)}`);
    }
    const start = r.pos;
    const anonymousBase = this.#anonymousTop;
    const namedBase = this.#namedTop;
    this.#readFields(r, end);
    // Where this object ends: the nested reads below move the cursor around inside its fields.
    const after = r.pos;
    const anonymousCount = (this.#anonymousTop - anonymousBase) / 2;
    const namedCount = this.#namedTop - namedBase;
    try {
      if (componentType !== null) {
        const anonymous = this.#anonymous;
        const items: unknown[] = [];
        for (let i = 0; i < anonymousCount; i++) {
          const at = anonymousBase + 2 * i;
          items.push(this.readObjectIn(anonymous[at]!, anonymous[at + 1]!, depth + 1));
        }
        return new JavaArray(componentType as JavaType, items);
      }
      if (typeName === null) {
        if (namedCount > 0 || anonymousCount > 0) {
          r.pos = after;
          r.fail('Null object with fields');
        }
        return null;
      }
      // A pool code always names the same type, so its handler is looked up once per decoder.
      const handler = this.#handlerFor(typeCode, typeName);
      if (!handler) {
        throw new SerializationException(`No deserializer for type '${typeName}' (object at byte ${start})`, {
          offset: start,
        });
      }
      try {
        return handler.decode(
          new FieldsReader(this, typeName, anonymousBase, anonymousCount, namedBase, namedCount, depth),
        );
      } catch (error) {
        if (error instanceof SerializationException) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new SerializationException(`Invalid ${typeName} (object at byte ${start}): ${message}`, {
          cause: error,
          offset: start,
        });
      }
    } finally {
      this.#anonymousTop = anonymousBase;
      this.#namedTop = namedBase;
      r.pos = after;
    }
  }

  /**
   * Splits an object's fields up to its end tag, pushing them on the field stacks. Fields are kept as absolute
   * `[start, end)` spans in number arrays rather than reader objects, so a hostile input with millions of tiny
   * fields costs a few bytes per field, not an object each.
   */
  #readFields(r: Input, end: number): void {
    const anonymous = this.#anonymous;
    const names = this.#names;
    const namedSpans = this.#namedSpans;
    const maxElements = this.#limits.maxElements;
    let anonymousTop = this.#anonymousTop;
    let namedTop = this.#namedTop;
    let count = 0;
    for (;;) {
      const tag = r.u8(end);
      if (tag === FIELD_TYPE_END_OBJECT) break;
      if (++count > maxElements) r.fail(`Object has more than ${maxElements} fields`);
      if (tag === FIELD_TYPE_ANONYMOUS) {
        const length = r.length(end, 'field', Number.MAX_SAFE_INTEGER);
        const at = r.take(end, length, 'field');
        anonymous[anonymousTop++] = at;
        anonymous[anonymousTop++] = at + length;
      } else if (tag === FIELD_TYPE_NAMED) {
        const name = this.#poolName(r, end);
        const length = r.length(end, `field '${name}'`, Number.MAX_SAFE_INTEGER);
        const at = r.take(end, length, `field '${name}'`);
        namedSpans[2 * namedTop] = at;
        namedSpans[2 * namedTop + 1] = at + length;
        names[namedTop++] = name;
      } else {
        r.fail(`Bad field tag ${hex(tag)}`);
      }
    }
    this.#anonymousTop = anonymousTop;
    this.#namedTop = namedTop;
  }

  /** @internal The field stacks, for {@link FieldsReader}. */
  get fieldStacks(): {
    readonly anonymous: readonly number[];
    readonly names: readonly string[];
    readonly namedSpans: readonly number[];
  } {
    return this.#stacks;
  }

  readonly #stacks = { anonymous: this.#anonymous, names: this.#names, namedSpans: this.#namedSpans };

  /** @internal The limits in force. */
  get limits(): Readonly<Required<DecodeLimits>> {
    return this.#limits;
  }
}

/** Objects with more named fields than this get a name → index map; smaller ones are searched linearly. */
const NAMED_FIELDS_SCAN_LIMIT = 8;

/**
 * The {@link ObjectReader} given to handlers: one object's fields, as a slice of the decoder's field stacks
 * (valid while the handler runs). A repeated field name: the last one wins (as a Java map would keep it).
 */
class FieldsReader implements ObjectReader {
  readonly #decoder: BinaryObjectDecoder;
  readonly #anonymousBase: number;
  readonly #anonymousCount: number;
  readonly #namedBase: number;
  readonly #namedCount: number;
  readonly #depth: number;
  #index: Map<string, number> | undefined;

  constructor(
    decoder: BinaryObjectDecoder,
    readonly typeName: string,
    anonymousBase: number,
    anonymousCount: number,
    namedBase: number,
    namedCount: number,
    depth: number,
  ) {
    this.#decoder = decoder;
    this.#anonymousBase = anonymousBase;
    this.#anonymousCount = anonymousCount;
    this.#namedBase = namedBase;
    this.#namedCount = namedCount;
    this.#depth = depth;
  }

  get limits(): Readonly<Required<DecodeLimits>> {
    return this.#decoder.limits;
  }

  get anonymousCount(): number {
    return this.#anonymousCount;
  }

  fail(message: string): never {
    throw new SerializationException(`Invalid ${this.typeName}: ${message}`);
  }

  /** Absolute position in the named stacks of the last field called `name`, or -1. */
  #indexOf(name: string): number {
    const names = this.#decoder.fieldStacks.names;
    const base = this.#namedBase;
    const count = this.#namedCount;
    if (count <= NAMED_FIELDS_SCAN_LIMIT) {
      for (let k = base + count - 1; k >= base; k--) if (names[k] === name) return k;
      return -1;
    }
    if (this.#index === undefined) {
      this.#index = new Map();
      for (let k = base; k < base + count; k++) this.#index.set(names[k]!, k);
    }
    return this.#index.get(name) ?? -1;
  }

  hasField(name: string): boolean {
    return this.#indexOf(name) >= 0;
  }

  #anonymousAt(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.#anonymousCount) {
      this.fail(`missing anonymous field #${index} (${this.#anonymousCount} present)`);
    }
    return this.#anonymousBase + 2 * index;
  }

  readObjectField(name: string): unknown {
    const k = this.#indexOf(name);
    if (k < 0) return null;
    const spans = this.#decoder.fieldStacks.namedSpans;
    return this.#decoder.readObjectIn(spans[2 * k]!, spans[2 * k + 1]!, this.#depth + 1);
  }
  readStringField(name: string): string | null {
    const k = this.#indexOf(name);
    if (k < 0) return null;
    const spans = this.#decoder.fieldStacks.namedSpans;
    return this.#decoder.readStringIn(spans[2 * k]!, spans[2 * k + 1]!);
  }
  readBooleanField(name: string, dflt: boolean): boolean {
    const k = this.#indexOf(name);
    if (k < 0) return dflt;
    const spans = this.#decoder.fieldStacks.namedSpans;
    return this.#decoder.readInt8In(spans[2 * k]!, spans[2 * k + 1]!, 'boolean') !== 0;
  }
  readByteField(name: string, dflt: number): number {
    const k = this.#indexOf(name);
    if (k < 0) return dflt;
    const spans = this.#decoder.fieldStacks.namedSpans;
    return this.#decoder.readInt8In(spans[2 * k]!, spans[2 * k + 1]!, 'byte');
  }
  readIntField(name: string, dflt: number): number {
    const k = this.#indexOf(name);
    if (k < 0) return dflt;
    const spans = this.#decoder.fieldStacks.namedSpans;
    return this.#decoder.readInt32In(spans[2 * k]!, spans[2 * k + 1]!);
  }
  readLongField(name: string, dflt: bigint): bigint {
    const k = this.#indexOf(name);
    if (k < 0) return dflt;
    const spans = this.#decoder.fieldStacks.namedSpans;
    return this.#decoder.readInt64In(spans[2 * k]!, spans[2 * k + 1]!);
  }
  readDoubleField(name: string, dflt: number): number {
    const k = this.#indexOf(name);
    if (k < 0) return dflt;
    const spans = this.#decoder.fieldStacks.namedSpans;
    return this.#decoder.readFloat64In(spans[2 * k]!, spans[2 * k + 1]!);
  }
  readClassField(name: string): string | null {
    const k = this.#indexOf(name);
    if (k < 0) return null;
    const spans = this.#decoder.fieldStacks.namedSpans;
    return this.#decoder.readClassSpecIn(spans[2 * k]!, spans[2 * k + 1]!, this.#depth + 1);
  }

  readObjectContents(index: number): unknown {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readObjectIn(spans[at]!, spans[at + 1]!, this.#depth + 1);
  }
  readStringContents(index: number): string {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readStringIn(spans[at]!, spans[at + 1]!);
  }
  readBooleanContents(index: number): boolean {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readInt8In(spans[at]!, spans[at + 1]!, 'boolean') !== 0;
  }
  readByteContents(index: number): number {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readInt8In(spans[at]!, spans[at + 1]!, 'byte');
  }
  readIntContents(index: number): number {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readInt32In(spans[at]!, spans[at + 1]!);
  }
  readLongContents(index: number): bigint {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readInt64In(spans[at]!, spans[at + 1]!);
  }
  readDoubleContents(index: number): number {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readFloat64In(spans[at]!, spans[at + 1]!);
  }
  readByteArrayContents(index: number): Uint8Array {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readByteArrayIn(spans[at]!, spans[at + 1]!);
  }
  readClassContents(index: number): string | null {
    const at = this.#anonymousAt(index);
    const spans = this.#decoder.fieldStacks.anonymous;
    return this.#decoder.readClassSpecIn(spans[at]!, spans[at + 1]!, this.#depth + 1);
  }
}

function asSerializationException(error: unknown): SerializationException {
  if (error instanceof SerializationException) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SerializationException(`Cannot deserialize: ${message}`, { cause: error });
}
