/**
 * The binary object encoder (spec §4.2): stream header once, then per top-level object the names it newly
 * interned (the constant pool) followed by the object. Objects are written into one buffer; each field's int32
 * length is reserved and patched once its content is written.
 *
 * @packageDocumentation
 */
import { JavaArray } from '@rcskit/core';
import { ByteWriter } from './byte-writer.js';
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

/** Writes a stream of top-level objects; {@link toBytes} returns header + (pool + object)*. */
export class BinaryObjectEncoder {
  readonly #registry: SerializerRegistry;
  readonly #maxDepth: number;
  readonly #stream = new ByteWriter();
  readonly #pool = new Map<string, number>();
  #newNames: string[] = [];
  #out = new ByteWriter();
  #depth = 0;
  readonly #writer: ObjectWriter;

  constructor(registry: SerializerRegistry, options?: EncodeOptions) {
    this.#registry = registry;
    this.#maxDepth = options?.maxDepth ?? DEFAULT_DECODE_LIMITS.maxDepth;
    this.#stream.writeInt32(OBJECT_MAGIC);
    this.#stream.writeInt32(ENCODING_VERSION);
    this.#writer = this.#makeWriter();
  }

  /**
   * Appends one top-level object. On failure nothing is appended and the pool is left as it was.
   *
   * @throws SerializationException for values without a handler, cycles deeper than `maxDepth`, or a failing
   *   handler (the handler's error is the cause).
   */
  writeObject(value: unknown): void {
    this.#out = new ByteWriter();
    this.#newNames = [];
    this.#depth = 0;
    try {
      this.#writeObject(value);
    } catch (error) {
      for (const name of this.#newNames) this.#pool.delete(name);
      if (error instanceof SerializationException) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new SerializationException(`Cannot serialize ${describeValue(value)}: ${message}`, {
        cause: error,
      });
    }
    this.#stream.writeInt32(this.#newNames.length);
    for (const name of this.#newNames) {
      this.#stream.writeString(name);
      this.#stream.writeInt32(this.#pool.get(name)!);
    }
    this.#stream.writeRaw(this.#out.toBytes());
  }

  /** The stream written so far. */
  toBytes(): Uint8Array {
    return this.#stream.toBytes();
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

  #enter(what: string): void {
    if (++this.#depth > this.#maxDepth) {
      throw new SerializationException(
        `Nesting deeper than ${this.#maxDepth} levels while writing ${what} (cyclic structure?)`,
      );
    }
  }

  #writeNamedClass(serialName: string): void {
    this.#out.writeByte(OBJECT_TYPE_CLASS);
    this.#out.writeInt32(this.#intern(serialName));
  }

  /** Class-spec of a Java type name: `byte[]` is `ByteArray`, other `X[]` are arrays of X. */
  #writeClassSpec(typeName: string): void {
    this.#enter(`class ${typeName}`);
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

  #writeObject(value: unknown): void {
    const out = this.#out;
    if (value === null || value === undefined) {
      out.writeByte(OBJECT_TYPE_NULL);
      out.writeByte(FIELD_TYPE_END_OBJECT);
      return;
    }
    this.#enter(describeValue(value));
    try {
      if (value instanceof JavaArray) {
        out.writeByte(OBJECT_TYPE_ARRAY);
        this.#writeClassSpec(value.componentType);
        for (const item of value.items) this.#writer.writeObjectContents(item);
      } else {
        const handler = this.#registry.handlerForValue(value);
        if (!handler) throw new SerializationException(noSerializerMessage(value));
        this.#writeNamedClass(handler.name);
        handler.encode(value, this.#writer);
      }
      out.writeByte(FIELD_TYPE_END_OBJECT);
    } finally {
      this.#depth--;
    }
  }

  #makeWriter(): ObjectWriter {
    // Each field: tag [name code] int32 length (patched) content.
    const named = (name: string, content: () => void): void => {
      const out = this.#out;
      out.writeByte(FIELD_TYPE_NAMED);
      out.writeInt32(this.#intern(name));
      const at = out.reserveLength();
      content();
      out.patchLength(at);
    };
    const anonymous = (content: () => void): void => {
      const out = this.#out;
      out.writeByte(FIELD_TYPE_ANONYMOUS);
      const at = out.reserveLength();
      content();
      out.patchLength(at);
    };
    const int = (value: number): void => {
      if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
        throw new SerializationException(`Not a 32-bit integer: ${value}`);
      }
      this.#out.writeInt32(value);
    };
    const byte = (value: number): void => {
      if (!Number.isInteger(value) || value < -128 || value > 255) {
        throw new SerializationException(`Not a byte: ${value}`);
      }
      this.#out.writeByte(value);
    };
    return {
      writeObjectField: (name, value) => named(name, () => this.#writeObject(value)),
      writeStringField: (name, value) => {
        if (value !== null && value !== undefined) named(name, () => this.#out.writeString(value));
      },
      writeBooleanField: (name, value) => named(name, () => this.#out.writeBoolean(value)),
      writeByteField: (name, value) => named(name, () => byte(value)),
      writeIntField: (name, value) => named(name, () => int(value)),
      writeLongField: (name, value) => named(name, () => this.#out.writeInt64(value)),
      writeDoubleField: (name, value) => named(name, () => this.#out.writeFloat64(value)),
      writeClassField: (name, typeName) => {
        if (typeName !== null && typeName !== undefined) named(name, () => this.#writeClassSpec(typeName));
      },
      writeObjectContents: (value) => anonymous(() => this.#writeObject(value)),
      writeStringContents: (value) => anonymous(() => this.#out.writeString(value)),
      writeBooleanContents: (value) => anonymous(() => this.#out.writeBoolean(value)),
      writeByteContents: (value) => anonymous(() => byte(value)),
      writeIntContents: (value) => anonymous(() => int(value)),
      writeLongContents: (value) => anonymous(() => this.#out.writeInt64(value)),
      writeDoubleContents: (value) => anonymous(() => this.#out.writeFloat64(value)),
      writeByteArrayContents: (value) => anonymous(() => this.#out.writeByteArray(value)),
      writeClassContents: (typeName) => anonymous(() => this.#writeClassSpec(typeName)),
    };
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
