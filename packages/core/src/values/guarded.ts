/**
 * Secrets: `GuardedString` and `GuardedByteArray` (spec framework.md A.14). The clear value is held encrypted
 * with a per-process random key and is reachable only through `access()`. `toString()`, `JSON.stringify()` and
 * `util.inspect()` never show it, so a secret that ends up in a log line shows as `[GuardedString]`.
 *
 * @packageDocumentation
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { IllegalStateException } from '../errors.js';
import { constantTimeEqual } from '../util/constant-time.js';

const PROCESS_KEY = randomBytes(32);
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

function seal(clear: Uint8Array): { iv: Buffer; data: Buffer } {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-ctr', PROCESS_KEY, iv);
  return { iv, data: Buffer.concat([cipher.update(clear), cipher.final()]) };
}

function unseal(iv: Buffer, data: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-ctr', PROCESS_KEY, iv);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** UTF-16BE bytes of a string: each code unit as high byte then low byte, as Java's `char[]` hashing uses. */
export function utf16beBytes(text: string): Buffer {
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

/**
 * The string of UTF-16BE bytes (inverse of {@link utf16beBytes}): each byte pair is one code unit, high byte
 * first; a trailing odd byte is ignored. Lone surrogates are kept as they are, as Java's `char[]` does.
 */
export function utf16beToString(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return text;
}

function sha1Base64(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

/** Shared lifecycle of both guarded kinds: encrypted bytes, read-only flag, disposal. */
abstract class Guarded {
  #iv: Buffer;
  #data: Buffer;
  #hash: string;
  #readOnly = false;
  #disposed = false;

  protected constructor(clear: Uint8Array) {
    const sealed = seal(clear);
    this.#iv = sealed.iv;
    this.#data = sealed.data;
    this.#hash = sha1Base64(clear);
  }

  protected withClearBytes<R>(fn: (clear: Buffer) => R): R {
    this.checkNotDisposed();
    const clear = unseal(this.#iv, this.#data);
    try {
      return fn(clear);
    } finally {
      clear.fill(0);
    }
  }

  protected replaceClearBytes(clear: Uint8Array): void {
    this.checkWriteable();
    const sealed = seal(clear);
    this.#iv = sealed.iv;
    this.#data = sealed.data;
    this.#hash = sha1Base64(clear);
  }

  protected checkNotDisposed(): void {
    if (this.#disposed) throw new IllegalStateException(`${this.constructor.name} has been disposed`);
  }

  protected checkWriteable(): void {
    this.checkNotDisposed();
    if (this.#readOnly) throw new IllegalStateException(`${this.constructor.name} is read-only`);
  }

  /** Makes the value read-only; later writes throw IllegalStateException. */
  makeReadOnly(): void {
    this.checkNotDisposed();
    this.#readOnly = true;
  }

  /** Whether {@link makeReadOnly} was called. */
  isReadOnly(): boolean {
    this.checkNotDisposed();
    return this.#readOnly;
  }

  /** Clears the secret; every later call throws IllegalStateException. */
  dispose(): void {
    this.#data.fill(0);
    this.#disposed = true;
  }

  /** Whether {@link dispose} was called. */
  isDisposed(): boolean {
    return this.#disposed;
  }

  /** Compares the stored hash with a base64 SHA-1 hash (of UTF-16BE chars for GuardedString). */
  verifyBase64SHA1Hash(hash: string): boolean {
    this.checkNotDisposed();
    // In constant time: the hash checked may be a shared key's, from a peer.
    return typeof hash === 'string' && constantTimeEqual(this.#hash, hash);
  }

  /** Equal when of the same kind with the same clear value (compared through the hash, as Java does). */
  equals(other: unknown): boolean {
    return (
      other instanceof Guarded &&
      other.constructor === this.constructor &&
      constantTimeEqual(other.#hash, this.#hash)
    );
  }

  /** Base64 SHA-1 of the clear value; used for equality and for the RCS's shared-key check. */
  get base64SHA1Hash(): string {
    return this.#hash;
  }

  toString(): string {
    return `[${this.constructor.name}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

/** A secret string (`org.identityconnectors.common.security.GuardedString`). */
export class GuardedString extends Guarded {
  /** Wraps a clear string. The caller should drop its own reference to the clear text. */
  constructor(clear = '') {
    super(utf16beBytes(clear));
  }

  /** Calls `accessor` with the clear text and returns what it returns. */
  access<R>(accessor: (clear: string) => R): R {
    return this.withClearBytes((bytes) => accessor(utf16beToString(bytes)));
  }

  /** Appends one character (throws when read-only or disposed). */
  appendChar(c: string): void {
    this.checkWriteable();
    const next = this.withClearBytes((bytes) => Buffer.concat([bytes, utf16beBytes(c)]));
    this.replaceClearBytes(next);
    next.fill(0);
  }

  /** A writeable copy. */
  copy(): GuardedString {
    return this.access((clear) => new GuardedString(clear));
  }
}

/** A secret byte array (`org.identityconnectors.common.security.GuardedByteArray`). */
export class GuardedByteArray extends Guarded {
  /** Wraps a copy of `clear`; the caller may zero its own buffer afterwards. */
  constructor(clear: Uint8Array = new Uint8Array(0)) {
    super(clear);
  }

  /** Calls `accessor` with a temporary copy of the clear bytes, zeroed once the accessor returns. */
  access<R>(accessor: (clear: Uint8Array) => R): R {
    return this.withClearBytes((bytes) => accessor(bytes));
  }

  /** Appends one byte (throws when read-only or disposed). */
  appendByte(b: number): void {
    this.checkWriteable();
    const next = this.withClearBytes((bytes) => Buffer.concat([bytes, Buffer.from([b & 0xff])]));
    this.replaceClearBytes(next);
    next.fill(0);
  }

  /** A writeable copy. */
  copy(): GuardedByteArray {
    return this.access((clear) => new GuardedByteArray(clear));
  }
}
