/**
 * Big-endian primitive writer over a growable buffer (Java `DataOutputStream` layout, spec §4.1).
 *
 * @packageDocumentation
 */
import { SerializationException } from './errors.js';

const INITIAL_CAPACITY = 256;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const encoder = new TextEncoder();

/**
 * UTF-8 bytes of a string exactly as Java's `String.getBytes(UTF_8)` gives them: standard UTF-8, and an unpaired
 * surrogate becomes `?` (Java's replacement byte), not U+FFFD.
 */
export function javaUtf8(text: string): Uint8Array {
  return encoder.encode(SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '?') : text);
}

/** Appends big-endian primitives to a buffer that grows as needed. */
export class ByteWriter {
  #buf = new Uint8Array(INITIAL_CAPACITY);
  #view = new DataView(this.#buf.buffer);
  #pos = 0;

  /** Number of bytes written so far. */
  get length(): number {
    return this.#pos;
  }

  #ensure(extra: number): void {
    const needed = this.#pos + extra;
    if (needed <= this.#buf.length) return;
    if (needed > 0x7fffffff) throw new SerializationException('Serialized value exceeds 2 GiB');
    let capacity = this.#buf.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.#buf.subarray(0, this.#pos));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  writeByte(value: number): void {
    this.#ensure(1);
    this.#view.setInt8(this.#pos, value);
    this.#pos += 1;
  }

  writeBoolean(value: boolean): void {
    this.writeByte(value ? 1 : 0);
  }

  writeInt32(value: number): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new SerializationException(`Not a 32-bit integer: ${value}`);
    }
    this.#ensure(4);
    this.#view.setInt32(this.#pos, value);
    this.#pos += 4;
  }

  writeInt64(value: bigint): void {
    if (value < -(2n ** 63n) || value >= 2n ** 63n) {
      throw new SerializationException(`Not a 64-bit integer: ${value}`);
    }
    this.#ensure(8);
    this.#view.setBigInt64(this.#pos, value);
    this.#pos += 8;
  }

  writeFloat64(value: number): void {
    this.#ensure(8);
    this.#view.setFloat64(this.#pos, value);
    this.#pos += 8;
  }

  /** Raw bytes, no length prefix. */
  writeRaw(bytes: Uint8Array): void {
    this.#ensure(bytes.length);
    this.#buf.set(bytes, this.#pos);
    this.#pos += bytes.length;
  }

  /** int32 length + bytes. */
  writeByteArray(bytes: Uint8Array): void {
    this.writeInt32(bytes.length);
    this.writeRaw(bytes);
  }

  /** int32 byte length + UTF-8 bytes (Java's encoding of unpaired surrogates, see {@link javaUtf8}). */
  writeString(text: string): void {
    this.writeByteArray(javaUtf8(text));
  }

  /** Reserves an int32 to be filled in later by {@link patchLength}; returns its position. */
  reserveLength(): number {
    const at = this.#pos;
    this.writeInt32(0);
    return at;
  }

  /** Writes, at a position from {@link reserveLength}, the number of bytes written after it. */
  patchLength(at: number): void {
    this.#view.setInt32(at, this.#pos - at - 4);
  }

  /** A copy of the bytes written. */
  toBytes(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }
}
