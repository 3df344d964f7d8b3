/**
 * The OpenICF binary object serializer (spec wire-protocol.md §4): the payload format of every blob field of
 * the 1.5 protocol and of the whole legacy TCP protocol.
 *
 * - {@link serializeBinary} / {@link deserializeBinary}: one self-contained blob (header + pool + one object),
 *   as `SerializerUtil.serializeBinaryObject` writes it.
 * - {@link BinaryObjectEncoder} / {@link BinaryObjectDecoder}: multi-object streams (legacy protocol).
 * - Java types are explicit: `int(5)` is an Integer, `long(5)` a Long; plain JS numbers are refused.
 * - Decoding is defensive ({@link DecodeLimits}); every failure is a {@link SerializationException}.
 *
 * @packageDocumentation
 */
import { BinaryObjectDecoder } from './decoder.js';
import { DEFAULT_REGISTRY } from './default-registry.js';
import { BinaryObjectEncoder } from './encoder.js';
import { SerializationException } from './errors.js';
import { FAST_PATH_DECLINED, tryFastDeserialize } from './fast/decoder.js';
import { tryFastSerialize } from './fast/encoder.js';
import {
  DEFAULT_DECODE_LIMITS,
  type DecodeLimits,
  type EncodeOptions,
  resolveDecodeLimits,
} from './limits.js';
import { type ClassOf, describeValue, type SerializerRegistry } from './registry.js';

export { ByteReader } from './byte-reader.js';
export { ByteWriter, javaUtf8 } from './byte-writer.js';
export { CaseInsensitiveMap, CaseInsensitiveSet, foldCase } from './case-insensitive.js';
export * from './constants.js';
export { BinaryObjectDecoder } from './decoder.js';
export { API_OPERATION_CLASS_NAMES, createDefaultRegistry, DEFAULT_REGISTRY } from './default-registry.js';
export { BinaryObjectEncoder } from './encoder.js';
export { SerializationException } from './errors.js';
export { JavaClass } from './java-class.js';
export { JavaEnum } from './java-enum.js';
export { JavaLocale } from './java-locale.js';
export { DEFAULT_DECODE_LIMITS, type DecodeLimits, type EncodeOptions } from './limits.js';
export {
  type ClassOf,
  describeValue,
  expectInstance,
  type ObjectReader,
  type ObjectWriter,
  SerializerRegistry,
  type TypeHandler,
} from './registry.js';
export { classOfSerialName, type SerialClass, serialNameOfClass } from './type-names.js';
export { MapEntry } from './types/collections.js';
export { RemoteWrappedException } from './types/exceptions.js';
export { decryptGuarded, encryptGuarded } from './types/guarded.js';

/** Options of {@link serializeBinary}. */
export interface SerializeOptions extends EncodeOptions {
  /** Registry to use instead of the default one. */
  readonly registry?: SerializerRegistry;
}

/** Options of {@link deserializeBinary}. */
export interface DeserializeOptions extends DecodeLimits {
  /** Registry to use instead of the default one. */
  readonly registry?: SerializerRegistry;
}

/**
 * One value as a self-contained blob: header, the full constant pool, one object.
 *
 * A blob of up to 8 KiB is a view into a shared 256 KiB slab (as Node's `Buffer` pool does): use `byteOffset` and
 * `byteLength` with `.buffer`, and copy a blob that is kept for long, since a live view keeps its whole slab alive.
 *
 * @throws SerializationException for values the format cannot carry (plain JS numbers, unknown classes, cycles).
 */
export function serializeBinary(value: unknown, options?: SerializeOptions): Uint8Array {
  // Connector objects and attribute sets take the fast path; it writes the same bytes as the encoder below.
  if (options?.registry === undefined || options.registry === DEFAULT_REGISTRY) {
    const bytes = tryFastSerialize(value, options?.maxDepth ?? DEFAULT_DECODE_LIMITS.maxDepth);
    if (bytes !== undefined) return bytes;
  }
  const encoder = new BinaryObjectEncoder(options?.registry ?? DEFAULT_REGISTRY, options);
  encoder.writeObject(value);
  return encoder.takeBytes();
}

/**
 * The first object of a blob. Trailing bytes after it are ignored, as the Java framework does.
 *
 * @throws SerializationException for malformed, truncated or over-limit input.
 */
export function deserializeBinary(bytes: Uint8Array, options?: DeserializeOptions): unknown {
  // The fast path reads the canonical form of connector objects and attribute sets under the default limits;
  // when it declines, the decoder below gives the value or the error.
  if (
    bytes instanceof Uint8Array &&
    (options === undefined ||
      ((options.registry === undefined || options.registry === DEFAULT_REGISTRY) &&
        resolveDecodeLimits(options) === DEFAULT_DECODE_LIMITS))
  ) {
    const value = tryFastDeserialize(bytes);
    if (value !== FAST_PATH_DECLINED) return value;
  }
  return new BinaryObjectDecoder(bytes, options?.registry ?? DEFAULT_REGISTRY, options).readObject();
}

/**
 * The first object of a blob, checked to be an instance of `cls` (a null object is refused too).
 *
 * @throws SerializationException when the blob is malformed or holds another type.
 */
export function deserializeBinaryAs<T>(bytes: Uint8Array, cls: ClassOf<T>, options?: DeserializeOptions): T {
  const value = deserializeBinary(bytes, options);
  if (value instanceof cls) return value as T;
  throw new SerializationException(`Expected a serialized ${cls.name}, got ${describeValue(value)}`);
}
