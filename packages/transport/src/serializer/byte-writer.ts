/**
 * Big-endian primitive writer over a growable buffer (Java `DataOutputStream` layout, spec §4.1).
 *
 * @packageDocumentation
 */
import { SerializationException } from './errors.js';

const INITIAL_CAPACITY = 256;
/** Strings longer than this (in UTF-16 units) are encoded to a separate array first. */
const LONG_STRING = 4096;
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

/** Length of {@link javaUtf8}(`text`) without encoding it. */
export function javaUtf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 2; // 4 bytes for 2 units
        i++;
      }
      // A lone high surrogate is written as '?': 1 byte.
    } else if (c < 0xd800 || c > 0xdfff) bytes += 2;
    // A lone surrogate is written as '?': 1 byte.
  }
  return bytes;
}

/**
 * Writes {@link javaUtf8}(`text`) into `buf` at `at` without an intermediate array (ASCII directly, the rest with
 * `TextEncoder.encodeInto`) and returns the position after it. The caller guarantees room for
 * {@link javaUtf8Length}(`text`) bytes (3 per UTF-16 unit always suffice).
 */
export function putJavaUtf8(buf: Uint8Array, at: number, text: string): number {
  const length = text.length;
  let i = 0;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) break;
    buf[at++] = c;
  }
  if (i < length) {
    let rest = i === 0 ? text : text.slice(i);
    if (SURROGATE.test(rest)) rest = rest.replace(LONE_SURROGATE, '?');
    at += encoder.encodeInto(rest, buf.subarray(at)).written;
  }
  return at;
}

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
/** Staging area for the 8-byte values (int64, float64); the buffers themselves need no DataView. */
const WIDE = new DataView(new ArrayBuffer(8));

/**
 * Appends big-endian primitives to a buffer that grows as needed. Writes go straight into a `Uint8Array` (no
 * `DataView` per buffer: creating one costs more than the few bytes most blobs have).
 */
export class ByteWriter {
  #buf: Uint8Array;
  #pos = 0;

  /** @param initialCapacity bytes allocated up front (default 256); the buffer doubles when it is full. */
  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.#buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.#pos;
  }

  /** Size of the current buffer. */
  get capacity(): number {
    return this.#buf.length;
  }

  /** Forgets what was written (the buffer is kept for reuse). */
  reset(): void {
    this.#pos = 0;
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
  }

  /** Stores an int32 big-endian at `at` (room already ensured). */
  #putInt32(at: number, value: number): void {
    const buf = this.#buf;
    buf[at] = value >>> 24;
    buf[at + 1] = value >>> 16;
    buf[at + 2] = value >>> 8;
    buf[at + 3] = value;
  }

  /** Appends the 8 bytes staged in {@link WIDE}. */
  #putWide(): void {
    this.#ensure(8);
    const buf = this.#buf;
    const at = this.#pos;
    for (let i = 0; i < 8; i++) buf[at + i] = WIDE.getUint8(i);
    this.#pos = at + 8;
  }

  /** One byte: the low 8 bits of `value` (as `DataView.setInt8`). */
  writeByte(value: number): void {
    this.#ensure(1);
    this.#buf[this.#pos++] = value;
  }

  writeBoolean(value: boolean): void {
    this.writeByte(value ? 1 : 0);
  }

  writeInt32(value: number): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new SerializationException(`Not a 32-bit integer: ${value}`);
    }
    this.#ensure(4);
    this.#putInt32(this.#pos, value);
    this.#pos += 4;
  }

  writeInt64(value: bigint): void {
    if (value < MIN_INT64 || value > MAX_INT64) {
      throw new SerializationException(`Not a 64-bit integer: ${value}`);
    }
    WIDE.setBigInt64(0, value);
    this.#putWide();
  }

  writeFloat64(value: number): void {
    WIDE.setFloat64(0, value);
    this.#putWide();
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

  /**
   * int32 byte length + UTF-8 bytes (Java's encoding of unpaired surrogates, see {@link javaUtf8}). The bytes are
   * written in place: ASCII directly, the rest with `TextEncoder.encodeInto` (no intermediate array).
   */
  writeString(text: string): void {
    const length = text.length;
    if (length > LONG_STRING) {
      // Not worth reserving 3 bytes per character up front.
      this.writeByteArray(javaUtf8(text));
      return;
    }
    // At most 3 bytes per UTF-16 unit (a surrogate pair is 4 bytes for 2 units; `?` for a lone one is 1).
    // Exact size only when the cheap bound does not fit (keeps an exactly sized buffer from growing).
    if (this.#buf.length - this.#pos < 4 + 3 * length) this.#ensure(4 + javaUtf8Length(text));
    const start = this.#pos + 4;
    const end = putJavaUtf8(this.#buf, start, text);
    this.#putInt32(this.#pos, end - start);
    this.#pos = end;
  }

  /** Reserves an int32 to be filled in later by {@link patchLength}; returns its position. */
  reserveLength(): number {
    const at = this.#pos;
    this.#ensure(4);
    this.#putInt32(at, 0);
    this.#pos = at + 4;
    return at;
  }

  /** Writes, at a position from {@link reserveLength}, the number of bytes written after it. */
  patchLength(at: number): void {
    this.#putInt32(at, this.#pos - at - 4);
  }

  /** A copy of the bytes written. */
  toBytes(): Uint8Array {
    return this.#buf.slice(0, this.#pos);
  }

  /**
   * The bytes written, handing the buffer over without a copy when it is exactly full; the writer is empty
   * afterwards (and allocates a new buffer on its next write).
   */
  takeBytes(): Uint8Array {
    const bytes = this.#pos === this.#buf.length ? this.#buf : this.#buf.slice(0, this.#pos);
    this.#buf = new Uint8Array(16);
    this.#pos = 0;
    return bytes;
  }

  /** The bytes written, without copying: valid only until the next write or {@link reset}. */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#pos);
  }
}
