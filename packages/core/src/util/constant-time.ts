/**
 * Comparing secrets (passwords, tokens, key hashes, password hashes) without telling an attacker anything through
 * the time the comparison takes.
 *
 * @packageDocumentation
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Key of the HMAC both sides go through; random per process, so its outputs cannot be predicted or precomputed. */
let hmacKey: Buffer | undefined;

function mac(value: string | Uint8Array): Buffer {
  // Checked here so that a wrong argument never reaches an error message of node's, which would quote it.
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
    throw new TypeError('constantTimeEqual compares strings and Uint8Arrays only');
  }
  hmacKey ??= randomBytes(32);
  const hmac = createHmac('sha256', hmacKey);
  return (typeof value === 'string' ? hmac.update(value, 'utf8') : hmac.update(value)).digest();
}

/**
 * Whether two secrets are equal, in time that depends neither on where they differ nor on their lengths: both
 * sides go through HMAC-SHA-256 with a random per-process key and the two digests are compared with
 * `crypto.timingSafeEqual`.
 *
 * A string is compared by its UTF-8 bytes, so a string and a byte array are equal when the array holds the
 * string's UTF-8 encoding (and, as with any UTF-8 encoding, lone surrogates all count as U+FFFD). The values are
 * never logged nor put into errors.
 *
 * @param a one secret (a string, or bytes such as a `Buffer`).
 * @param b the other secret.
 * @returns true when both hold the same bytes (two empty values are equal).
 * @throws TypeError when an argument is neither a string nor a Uint8Array (the message does not show it).
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return timingSafeEqual(mac(a), mac(b));
}
