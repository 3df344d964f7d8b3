/**
 * Bounds-checked big-endian primitive reader (Java `DataInputStream` layout, spec §4.1). A reader is a window
 * `[start, end)` over one input buffer, so every offset it reports is absolute, and every length prefix is
 * checked against the bytes left in the window before anything is read or allocated.
 *
 * @packageDocumentation
 */
import { copyBytes } from './byte-copy.js';
import { SerializationException } from './errors.js';
import { decodeUtf8 } from './string-decoding.js';

/** A window over an input buffer, read front to back. */
export class ByteReader {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  readonly #start: number;
  readonly #end: number;
  #pos: number;

  /**
   * @param buf the whole input
   * @param start first byte of the window (default 0)
   * @param end one past the last byte of the window (default `buf.length`)
   */
  constructor(buf: Uint8Array, start = 0, end = buf.length, view?: DataView) {
    if (start < 0 || end > buf.length || start > end) throw new RangeError('Bad ByteReader window');
    this.#buf = buf;
    this.#view = view ?? new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.#start = start;
    this.#pos = start;
    this.#end = end;
  }

  /** Current absolute position. */
  get position(): number {
    return this.#pos;
  }

  /** Bytes left in the window. */
  get remaining(): number {
    return this.#end - this.#pos;
  }

  /** A reader over the next `length` bytes of this window (which skips them). */
  window(length: number, what: string): ByteReader {
    const start = this.#take(length, what);
    return new ByteReader(this.#buf, start, start + length, this.#view);
  }

  /** Skips the next `length` bytes of this window; returns the absolute position where they start. */
  skip(length: number, what: string): number {
    return this.#take(length, what);
  }

  /** A reader over the absolute range `[start, end)`, which must lie inside this window. */
  range(start: number, end: number): ByteReader {
    if (start < this.#start || end > this.#end || start > end)
      throw new RangeError('Range outside the window');
    return new ByteReader(this.#buf, start, end, this.#view);
  }

  /** Fails with the current absolute offset. */
  fail(message: string): never {
    throw new SerializationException(`${message} (at byte ${this.#pos})`, { offset: this.#pos });
  }

  #take(length: number, what: string): number {
    if (length < 0) this.fail(`Negative length ${length} for ${what}`);
    if (length > this.#end - this.#pos) {
      this.fail(`Truncated input: ${what} needs ${length} bytes, ${this.#end - this.#pos} left`);
    }
    const at = this.#pos;
    this.#pos += length;
    return at;
  }

  readByte(): number {
    return this.#view.getInt8(this.#take(1, 'byte'));
  }

  readUnsignedByte(): number {
    return this.#view.getUint8(this.#take(1, 'byte'));
  }

  /** One byte; any non-zero value is true (as `DataInputStream.readBoolean`). */
  readBoolean(): boolean {
    return this.#view.getUint8(this.#take(1, 'boolean')) !== 0;
  }

  readInt32(): number {
    return this.#view.getInt32(this.#take(4, 'int32'));
  }

  readInt64(): bigint {
    return this.#view.getBigInt64(this.#take(8, 'int64'));
  }

  readFloat64(): number {
    return this.#view.getFloat64(this.#take(8, 'float64'));
  }

  /**
   * Reads an int32 length prefix and checks it: not negative, not above `maxLength`, and not beyond the window
   * (so a forged length never causes an allocation).
   */
  readLength(what: string, maxLength: number): number {
    const length = this.readInt32();
    if (length < 0) this.fail(`Negative length ${length} for ${what}`);
    if (length > maxLength) this.fail(`Length ${length} of ${what} exceeds the limit of ${maxLength} bytes`);
    if (length > this.remaining) {
      this.fail(`Truncated input: ${what} declares ${length} bytes, ${this.remaining} left`);
    }
    return length;
  }

  /** int32 length + bytes (a copy). */
  readByteArray(maxLength: number): Uint8Array {
    const length = this.readLength('byte array', maxLength);
    const at = this.#take(length, 'byte array');
    return copyBytes(this.#buf, at, at + length);
  }

  /** int32 length + UTF-8 bytes. */
  readString(maxLength: number): string {
    const length = this.readLength('string', maxLength);
    const at = this.#take(length, 'string');
    return decodeUtf8(this.#buf, at, at + length);
  }
}
