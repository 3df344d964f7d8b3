/**
 * The binary object encoder (spec §4.2): stream header once, then per top-level object the names it newly
 * interned (the constant pool) followed by the object. Objects are written into one buffer; each field's int32
 * length is reserved and patched once its content is written.
 *
 * Hot-path notes: the {@link ObjectWriter} handed to type handlers is one object per encoder with plain methods
 * (no closure per field); an object is written into a reusable scratch buffer and copied once into the stream;
 * the description of a value for an error message is only computed when the error is raised.
 *
 * @packageDocumentation
 */
import { JavaArray } from '@rcskit/core';
import { ByteWriter, javaUtf8Length } from './byte-writer.js';
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
import { DEFAULT_DECODE_LIMITS, type EncodeOptions } from './limits.js';
import { describeValue, type ObjectWriter, type SerializerRegistry } from './registry.js';
import { serialNameOfClass } from './type-names.js';

/** Scratch buffers for the object being written, reused across calls (a few, so nested encoders work). */
const scratch: ByteWriter[] = [];
const MAX_SCRATCH = 4;
/** A scratch buffer that grew beyond this is dropped rather than kept. */
const MAX_SCRATCH_CAPACITY = 64 * 1024;

function takeScratch(): ByteWriter {
  return scratch.pop() ?? new ByteWriter(1024);
}

function returnScratch(writer: ByteWriter): void {
  if (scratch.length < MAX_SCRATCH && writer.capacity <= MAX_SCRATCH_CAPACITY) {
    writer.reset();
    scratch.push(writer);
  }
}

/** Writes a stream of top-level objects; {@link toBytes} returns header + (pool + object)*. */
export class BinaryObjectEncoder {
  /** Header + what was written; created at the first object, sized for it. */
  #stream: ByteWriter | undefined;
  readonly #body: BodyWriter;

  constructor(registry: SerializerRegistry, options?: EncodeOptions) {
    this.#body = new BodyWriter(registry, options?.maxDepth ?? DEFAULT_DECODE_LIMITS.maxDepth);
  }

  /** The stream, with room for `extra` more bytes when it is first created. */
  #streamFor(extra: number): ByteWriter {
    if (this.#stream === undefined) {
      this.#stream = new ByteWriter(8 + extra);
      this.#stream.writeInt32(OBJECT_MAGIC);
      this.#stream.writeInt32(ENCODING_VERSION);
    }
    return this.#stream;
  }

  /**
   * Appends one top-level object. On failure nothing is appended and the pool is left as it was.
   *
   * @throws SerializationException for values without a handler, cycles deeper than `maxDepth`, or a failing
   *   handler (the handler's error is the cause).
   */
  writeObject(value: unknown): void {
    const body = this.#body;
    const out = takeScratch();
    try {
      body.begin(out);
      try {
        body.writeValue(value);
      } catch (error) {
        body.forgetNewNames();
        if (error instanceof SerializationException) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new SerializationException(`Cannot serialize ${describeValue(value)}: ${message}`, {
          cause: error,
        });
      }
      const names = body.newNames;
      // Exact size, so a blob's stream buffer is full and toBytes()/takeBytes() can hand it over.
      let poolBytes = 4;
      for (const name of names) poolBytes += 8 + javaUtf8Length(name);
      const stream = this.#streamFor(poolBytes + out.length);
      stream.writeInt32(names.length);
      for (const name of names) {
        stream.writeString(name);
        stream.writeInt32(body.codeOf(name));
      }
      stream.writeRaw(out.view());
    } finally {
      returnScratch(out);
    }
  }

  /** The stream written so far. */
  toBytes(): Uint8Array {
    return this.#streamFor(0).toBytes();
  }

  /**
   * @internal The stream written so far, without a copy when its buffer is exactly full (one object written);
   * the encoder must not be used afterwards. For {@link serializeBinary}.
   */
  takeBytes(): Uint8Array {
    return this.#streamFor(0).takeBytes();
  }
}

function checkInt(value: number): number {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new SerializationException(`Not a 32-bit integer: ${value}`);
  }
  return value;
}

function checkByte(value: number): number {
  if (!Number.isInteger(value) || value < -128 || value > 255) {
    throw new SerializationException(`Not a byte: ${value}`);
  }
  return value;
}

/**
 * Writes object bodies for one encoder: the constant pool, the nesting guard, and the {@link ObjectWriter} given
 * to type handlers. Each field is a tag, for a named field the pool code of its name, an int32 length (reserved,
 * then patched) and the content.
 */
class BodyWriter implements ObjectWriter {
  readonly #registry: SerializerRegistry;
  readonly #maxDepth: number;
  readonly #pool = new Map<string, number>();
  #newNames: string[] = [];
  #out: ByteWriter = new ByteWriter(16);
  #depth = 0;

  constructor(registry: SerializerRegistry, maxDepth: number) {
    this.#registry = registry;
    this.#maxDepth = maxDepth;
  }

  /** Starts a top-level object written into `out`. */
  begin(out: ByteWriter): void {
    this.#out = out;
    this.#newNames = [];
    this.#depth = 0;
  }

  /** The names the current top-level object interned first, in pool-code order. */
  get newNames(): readonly string[] {
    return this.#newNames;
  }

  codeOf(name: string): number {
    return this.#pool.get(name)!;
  }

  /** Removes the current object's new names from the pool (after a failure). */
  forgetNewNames(): void {
    for (const name of this.#newNames) this.#pool.delete(name);
  }

  #intern(name: string): number {
    let code = this.#pool.get(name);
    if (code === undefined) {
      code = this.#pool.size;
      this.#pool.set(name, code);
      this.#newNames.push(name);
    }
    return code;
  }

  /** Counts one nesting level; `what` (a value, or a class name) is only described when the limit is hit. */
  #enter(what: unknown, isClass: boolean): void {
    if (++this.#depth > this.#maxDepth) {
      const description = isClass ? `class ${String(what)}` : describeValue(what);
      throw new SerializationException(
        `Nesting deeper than ${this.#maxDepth} levels while writing ${description} (cyclic structure?)`,
      );
    }
  }

  #writeNamedClass(serialName: string): void {
    const out = this.#out;
    out.writeByte(OBJECT_TYPE_CLASS);
    out.writeInt32(this.#intern(serialName));
  }

  /** Class-spec of a Java type name: `byte[]` is `ByteArray`, other `X[]` are arrays of X. */
  #writeClassSpec(typeName: string): void {
    this.#enter(typeName, true);
    try {
      const serial = serialNameOfClass(typeName);
      if (serial.array) {
        this.#out.writeByte(OBJECT_TYPE_ARRAY);
        this.#writeClassSpec(serial.component);
        return;
      }
      if (!this.#registry.isClassName(serial.name)) {
        throw new SerializationException(`No serial type for class '${typeName}'`);
      }
      this.#writeNamedClass(serial.name);
    } finally {
      this.#depth--;
    }
  }

  /** One complete object: class-spec, fields, end tag (a null object for null/undefined). */
  writeValue(value: unknown): void {
    const out = this.#out;
    if (value === null || value === undefined) {
      out.writeByte(OBJECT_TYPE_NULL);
      out.writeByte(FIELD_TYPE_END_OBJECT);
      return;
    }
    this.#enter(value, false);
    try {
      if (value instanceof JavaArray) {
        out.writeByte(OBJECT_TYPE_ARRAY);
        this.#writeClassSpec(value.componentType);
        for (const item of value.items) this.writeObjectContents(item);
      } else {
        const handler = this.#registry.handlerForValue(value);
        if (!handler) throw new SerializationException(noSerializerMessage(value));
        this.#writeNamedClass(handler.name);
        handler.encode(value, this);
      }
      out.writeByte(FIELD_TYPE_END_OBJECT);
    } finally {
      this.#depth--;
    }
  }

  /** Starts a named field; returns the position of its length. */
  #named(name: string): number {
    const out = this.#out;
    out.writeByte(FIELD_TYPE_NAMED);
    out.writeInt32(this.#intern(name));
    return out.reserveLength();
  }

  /** Starts an anonymous field; returns the position of its length. */
  #anonymous(): number {
    const out = this.#out;
    out.writeByte(FIELD_TYPE_ANONYMOUS);
    return out.reserveLength();
  }

  // ObjectWriter ------------------------------------------------------------------------------------------------

  writeObjectField(name: string, value: unknown): void {
    const at = this.#named(name);
    this.writeValue(value);
    this.#out.patchLength(at);
  }
  writeStringField(name: string, value: string | null | undefined): void {
    if (value === null || value === undefined) return;
    const at = this.#named(name);
    this.#out.writeString(value);
    this.#out.patchLength(at);
  }
  writeBooleanField(name: string, value: boolean): void {
    const at = this.#named(name);
    this.#out.writeBoolean(value);
    this.#out.patchLength(at);
  }
  writeByteField(name: string, value: number): void {
    const at = this.#named(name);
    this.#out.writeByte(checkByte(value));
    this.#out.patchLength(at);
  }
  writeIntField(name: string, value: number): void {
    const at = this.#named(name);
    this.#out.writeInt32(checkInt(value));
    this.#out.patchLength(at);
  }
  writeLongField(name: string, value: bigint): void {
    const at = this.#named(name);
    this.#out.writeInt64(value);
    this.#out.patchLength(at);
  }
  writeDoubleField(name: string, value: number): void {
    const at = this.#named(name);
    this.#out.writeFloat64(value);
    this.#out.patchLength(at);
  }
  writeClassField(name: string, typeName: string | null | undefined): void {
    if (typeName === null || typeName === undefined) return;
    const at = this.#named(name);
    this.#writeClassSpec(typeName);
    this.#out.patchLength(at);
  }

  writeObjectContents(value: unknown): void {
    const at = this.#anonymous();
    this.writeValue(value);
    this.#out.patchLength(at);
  }
  writeStringContents(value: string): void {
    const at = this.#anonymous();
    this.#out.writeString(value);
    this.#out.patchLength(at);
  }
  writeBooleanContents(value: boolean): void {
    const at = this.#anonymous();
    this.#out.writeBoolean(value);
    this.#out.patchLength(at);
  }
  writeByteContents(value: number): void {
    const at = this.#anonymous();
    this.#out.writeByte(checkByte(value));
    this.#out.patchLength(at);
  }
  writeIntContents(value: number): void {
    const at = this.#anonymous();
    this.#out.writeInt32(checkInt(value));
    this.#out.patchLength(at);
  }
  writeLongContents(value: bigint): void {
    const at = this.#anonymous();
    this.#out.writeInt64(value);
    this.#out.patchLength(at);
  }
  writeDoubleContents(value: number): void {
    const at = this.#anonymous();
    this.#out.writeFloat64(value);
    this.#out.patchLength(at);
  }
  writeByteArrayContents(value: Uint8Array): void {
    const at = this.#anonymous();
    this.#out.writeByteArray(value);
    this.#out.patchLength(at);
  }
  writeClassContents(typeName: string): void {
    const at = this.#anonymous();
    this.#writeClassSpec(typeName);
    this.#out.patchLength(at);
  }
}

function noSerializerMessage(value: unknown): string {
  if (typeof value === 'number') {
    return `No serializer for a plain JS number (${value}): its Java type is ambiguous; use int(), long(), double(), float() or byte() from @rcskit/core`;
  }
  if (typeof value === 'bigint') {
    return `No serializer for a plain JS bigint (${value}): use long() or bigInteger() from @rcskit/core`;
  }
  return `No serializer for class ${describeValue(value)}`;
}
