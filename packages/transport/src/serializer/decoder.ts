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
 * @packageDocumentation
 */
import { JavaArray, type JavaType } from '@rcskit/core';
import { ByteReader } from './byte-reader.js';
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
import type { ObjectReader, SerializerRegistry } from './registry.js';
import { classOfSerialName } from './type-names.js';

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

/** Reads a stream: header, then (pool + object)* . */
export class BinaryObjectDecoder {
  readonly #registry: SerializerRegistry;
  readonly #limits: Readonly<Required<DecodeLimits>>;
  readonly #input: ByteReader;
  readonly #pool = new Map<number, string>();
  #headerRead = false;

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
    this.#input = new ByteReader(input);
  }

  /** True while unread bytes remain after the last object read. */
  get hasMore(): boolean {
    return this.#input.remaining > 0;
  }

  /**
   * Reads the next top-level object (the stream header first, on the first call).
   *
   * @throws SerializationException for any malformed, truncated or over-limit input.
   */
  readObject(): unknown {
    const r = this.#input;
    try {
      if (!this.#headerRead) {
        const magic = r.readInt32();
        if (magic !== OBJECT_MAGIC)
          r.fail(`Bad magic number ${hex(magic >>> 0)}, expected ${hex(OBJECT_MAGIC)}`);
        const version = r.readInt32();
        if (version !== ENCODING_VERSION)
          r.fail(`Unexpected encoding version ${version}, expected ${ENCODING_VERSION}`);
        this.#headerRead = true;
      }
      this.#readPool(r);
      return this.readObjectAt(r, 1);
    } catch (error) {
      throw asSerializationException(error);
    }
  }

  #readPool(r: ByteReader): void {
    const count = r.readInt32();
    if (count < 0) r.fail(`Negative constant-pool size ${count}`);
    if (count > this.#limits.maxElements - this.#pool.size) {
      r.fail(
        `Constant pool of ${this.#pool.size + count} entries exceeds the limit of ${this.#limits.maxElements}`,
      );
    }
    // Each entry is at least an int32 length and an int32 code.
    if (count > r.remaining / 8) r.fail(`Truncated input: constant pool declares ${count} entries`);
    for (let i = 0; i < count; i++) {
      const name = r.readString(this.#limits.maxLength);
      const code = r.readInt32();
      const known = this.#pool.get(code);
      if (known !== undefined && known !== name) {
        r.fail(`Constant-pool code ${code} is defined twice ('${known}', '${name}')`);
      }
      this.#pool.set(code, name);
    }
  }

  #poolName(r: ByteReader): string {
    const code = r.readInt32();
    const name = this.#pool.get(code);
    if (name === undefined) r.fail(`Unknown constant-pool code ${code}`);
    return name;
  }

  #checkDepth(r: ByteReader, depth: number): void {
    if (depth > this.#limits.maxDepth) r.fail(`Nesting deeper than ${this.#limits.maxDepth} levels`);
  }

  /**
   * @internal Used by the handlers' {@link ObjectReader}.
   * Reads a class-spec as a Java type name (`String`, `byte[]`, `String[]`…), or `null` for the null spec.
   * Names must be known to the registry.
   */
  readClassSpecAt(r: ByteReader, depth: number): string | null {
    this.#checkDepth(r, depth);
    const tag = r.readUnsignedByte();
    switch (tag) {
      case OBJECT_TYPE_NULL:
        return null;
      case OBJECT_TYPE_CLASS: {
        const name = this.#poolName(r);
        if (!this.#registry.isClassName(name)) r.fail(`Unknown class '${name}'`);
        return classOfSerialName(name);
      }
      case OBJECT_TYPE_ARRAY: {
        const component = this.readClassSpecAt(r, depth + 1);
        if (component === null) r.fail('Array class-spec with a null component type');
        return `${component}[]`;
      }
      default:
        return r.fail(`Bad class-spec tag ${hex(tag)}`);
    }
  }

  /** @internal Reads one complete object (class-spec, fields, end) from a window. */
  readObjectAt(r: ByteReader, depth: number): unknown {
    this.#checkDepth(r, depth);
    const tag = r.readUnsignedByte();
    let typeName: string | null = null;
    let componentType: string | null = null;
    switch (tag) {
      case OBJECT_TYPE_NULL:
        break;
      case OBJECT_TYPE_CLASS:
        typeName = this.#poolName(r);
        break;
      case OBJECT_TYPE_ARRAY:
        componentType = this.readClassSpecAt(r, depth + 1);
        if (componentType === null) r.fail('Array with a null component type');
        break;
      default:
        r.fail(`Bad object type tag ${hex(tag)}`);
    }
    const start = r.position;
    const fields = this.#readFields(r);
    if (componentType !== null) {
      const items: unknown[] = [];
      for (let i = 0; i < fields.anonymous.length; i += 2) {
        items.push(this.readObjectAt(r.range(fields.anonymous[i]!, fields.anonymous[i + 1]!), depth + 1));
      }
      return new JavaArray(componentType as JavaType, items);
    }
    if (typeName === null) {
      if (fields.namedCount > 0 || fields.anonymous.length > 0) r.fail('Null object with fields');
      return null;
    }
    const handler = this.#registry.handlerForName(typeName);
    if (!handler) {
      throw new SerializationException(`No deserializer for type '${typeName}' (object at byte ${start})`, {
        offset: start,
      });
    }
    try {
      return handler.decode(new FieldsReader(this, typeName, r, fields, depth, this.#limits));
    } catch (error) {
      if (error instanceof SerializationException) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new SerializationException(`Invalid ${typeName} (object at byte ${start}): ${message}`, {
        cause: error,
        offset: start,
      });
    }
  }

  /**
   * Splits an object's fields up to its end tag. Fields are kept as absolute `[start, end)` spans in number
   * arrays rather than reader objects, so a hostile input with millions of tiny fields costs a few bytes per
   * field, not an object each.
   */
  #readFields(r: ByteReader): Fields {
    const anonymous: number[] = [];
    const names: string[] = [];
    const namedSpans: number[] = [];
    let count = 0;
    for (;;) {
      const tag = r.readUnsignedByte();
      if (tag === FIELD_TYPE_END_OBJECT) break;
      if (++count > this.#limits.maxElements)
        r.fail(`Object has more than ${this.#limits.maxElements} fields`);
      if (tag === FIELD_TYPE_ANONYMOUS) {
        const length = r.readLength('field', Number.MAX_SAFE_INTEGER);
        const at = r.skip(length, 'field');
        anonymous.push(at, at + length);
      } else if (tag === FIELD_TYPE_NAMED) {
        const name = this.#poolName(r);
        const length = r.readLength(`field '${name}'`, Number.MAX_SAFE_INTEGER);
        const at = r.skip(length, `field '${name}'`);
        names.push(name);
        namedSpans.push(at, at + length);
      } else {
        r.fail(`Bad field tag ${hex(tag)}`);
      }
    }
    return new Fields(anonymous, names, namedSpans);
  }
}

/** Objects with more named fields than this get a name → index map; smaller ones are searched linearly. */
const NAMED_FIELDS_SCAN_LIMIT = 8;

/**
 * An object's fields: anonymous spans `[s0, e0, s1, e1, …]`, and named fields as names with their spans
 * (`names[k]` ↔ `namedSpans[2k]`, `namedSpans[2k + 1]`). A repeated name: the last one wins (as a Java map would
 * keep it).
 */
class Fields {
  #index: Map<string, number> | undefined;

  constructor(
    readonly anonymous: readonly number[],
    readonly names: readonly string[],
    readonly namedSpans: readonly number[],
  ) {}

  get namedCount(): number {
    return this.names.length;
  }

  /** Position in {@link names} of the last field called `name`, or -1. */
  indexOf(name: string): number {
    const names = this.names;
    if (names.length <= NAMED_FIELDS_SCAN_LIMIT) return names.lastIndexOf(name);
    if (this.#index === undefined) {
      this.#index = new Map();
      for (let k = 0; k < names.length; k++) this.#index.set(names[k]!, k);
    }
    return this.#index.get(name) ?? -1;
  }
}

/** The {@link ObjectReader} given to handlers. */
class FieldsReader implements ObjectReader {
  readonly #decoder: BinaryObjectDecoder;
  readonly #window: ByteReader;
  readonly #fields: Fields;
  readonly #depth: number;

  constructor(
    decoder: BinaryObjectDecoder,
    readonly typeName: string,
    window: ByteReader,
    fields: Fields,
    depth: number,
    readonly limits: Readonly<Required<DecodeLimits>>,
  ) {
    this.#decoder = decoder;
    this.#window = window;
    this.#fields = fields;
    this.#depth = depth;
  }

  get anonymousCount(): number {
    return this.#fields.anonymous.length / 2;
  }

  fail(message: string): never {
    throw new SerializationException(`Invalid ${this.typeName}: ${message}`);
  }

  hasField(name: string): boolean {
    return this.#fields.indexOf(name) >= 0;
  }

  #field(name: string): ByteReader | undefined {
    const k = this.#fields.indexOf(name);
    if (k < 0) return undefined;
    const spans = this.#fields.namedSpans;
    return this.#window.range(spans[2 * k]!, spans[2 * k + 1]!);
  }

  #contents(index: number): ByteReader {
    const spans = this.#fields.anonymous;
    if (!Number.isInteger(index) || index < 0 || 2 * index >= spans.length) {
      this.fail(`missing anonymous field #${index} (${spans.length / 2} present)`);
    }
    return this.#window.range(spans[2 * index]!, spans[2 * index + 1]!);
  }

  readObjectField(name: string): unknown {
    const w = this.#field(name);
    return w ? this.#decoder.readObjectAt(w, this.#depth + 1) : null;
  }
  readStringField(name: string): string | null {
    return this.#field(name)?.readString(this.limits.maxLength) ?? null;
  }
  readBooleanField(name: string, dflt: boolean): boolean {
    return this.#field(name)?.readBoolean() ?? dflt;
  }
  readByteField(name: string, dflt: number): number {
    return this.#field(name)?.readByte() ?? dflt;
  }
  readIntField(name: string, dflt: number): number {
    return this.#field(name)?.readInt32() ?? dflt;
  }
  readLongField(name: string, dflt: bigint): bigint {
    return this.#field(name)?.readInt64() ?? dflt;
  }
  readDoubleField(name: string, dflt: number): number {
    return this.#field(name)?.readFloat64() ?? dflt;
  }
  readClassField(name: string): string | null {
    const w = this.#field(name);
    return w ? this.#decoder.readClassSpecAt(w, this.#depth + 1) : null;
  }

  readObjectContents(index: number): unknown {
    return this.#decoder.readObjectAt(this.#contents(index), this.#depth + 1);
  }
  readStringContents(index: number): string {
    return this.#contents(index).readString(this.limits.maxLength);
  }
  readBooleanContents(index: number): boolean {
    return this.#contents(index).readBoolean();
  }
  readByteContents(index: number): number {
    return this.#contents(index).readByte();
  }
  readIntContents(index: number): number {
    return this.#contents(index).readInt32();
  }
  readLongContents(index: number): bigint {
    return this.#contents(index).readInt64();
  }
  readDoubleContents(index: number): number {
    return this.#contents(index).readFloat64();
  }
  readByteArrayContents(index: number): Uint8Array {
    return this.#contents(index).readByteArray(this.limits.maxLength);
  }
  readClassContents(index: number): string | null {
    return this.#decoder.readClassSpecAt(this.#contents(index), this.#depth + 1);
  }
}

function asSerializationException(error: unknown): SerializationException {
  if (error instanceof SerializationException) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SerializationException(`Cannot deserialize: ${message}`, { cause: error });
}
