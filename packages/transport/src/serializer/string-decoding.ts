/**
 * UTF-8 → string for the decoder, with fast paths that give exactly what the WHATWG `TextDecoder` (non-fatal,
 * BOM kept) gives:
 *
 * - ASCII bytes (all below 0x80) are the same string in UTF-8 and in Latin-1, so they skip the UTF-8 decoder:
 *   short ones are built with `String.fromCharCode`, longer ones with Node's Latin-1 slice;
 * - anything else goes through `TextDecoder` (malformed sequences become U+FFFD, as Java's decoder does).
 *
 * Constant-pool names (type and field names) repeat in every blob, so {@link decodePoolName} also keeps a small,
 * fixed-size table of the strings it made: a name seen before is returned as the same (internalised) string,
 * whose hash is already known to the `Map` lookups that follow. The table never grows, whatever the input.
 *
 * @packageDocumentation
 */

// Non-fatal like Java's decoder (malformed input becomes U+FFFD); keep a leading U+FEFF as a character.
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Up to this many ASCII bytes are turned into a string by `String.fromCharCode`, above by a Latin-1 slice. */
const SHORT_ASCII = 12;

/** A Node Buffer over the same memory as `bytes` (no copy), for its Latin-1 slice. */
export function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;
/** Node's Latin-1 decoder, called on a plain `Uint8Array` (no Buffer view to create); `toString` where absent. */
const nativeLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;

/** `bytes[start, end)` as Latin-1 (one character per byte). */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  return nativeLatin1Slice !== undefined
    ? nativeLatin1Slice.call(bytes, start, end)
    : bufferOf(bytes).toString('latin1', start, end);
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

function shortAscii(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/**
 * `bytes[start, end)` decoded as UTF-8. `buffer` is {@link bufferOf}(`bytes`), or undefined to have it made
 * here when needed.
 */
export function decodeUtf8(
  bytes: Uint8Array,
  start: number,
  end: number,
  buffer?: Buffer | undefined,
): string {
  if (!isAscii(bytes, start, end)) return utf8.decode(bytes.subarray(start, end));
  if (end - start <= SHORT_ASCII) return shortAscii(bytes, start, end);
  return (buffer ?? bufferOf(bytes)).toString('latin1', start, end);
}

/** Pool names longer than this are decoded but not remembered. */
const POOL_NAME_MAX = 64;
/** Slots of the pool-name table (a power of two); a name may sit in its slot or the next one. */
const POOL_TABLE_SIZE = 1024;
const poolTable: (string | undefined)[] = new Array(POOL_TABLE_SIZE).fill(undefined);

/** The string as a property key, which V8 internalises: later `Map` lookups and `===` compare pointers. */
function internalize(text: string): string {
  const holder: Record<string, number> = { [text]: 0 };
  for (const key in holder) return key;
  return text;
}

function sameAscii(known: string | undefined, bytes: Uint8Array, start: number, length: number): boolean {
  if (known === undefined || known.length !== length) return false;
  for (let i = 0; i < length; i++) if (known.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

/** A constant-pool name: {@link decodeUtf8}, returning the remembered string when the same bytes were seen. */
export function decodePoolName(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length > POOL_NAME_MAX) return decodeUtf8(bytes, start, end);
  // FNV-1a over the bytes, checking for ASCII on the way.
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b > 0x7f) return utf8.decode(bytes.subarray(start, end));
    hash = Math.imul(hash ^ b, 0x01000193);
  }
  const slot = (hash ^ (hash >>> 16)) & (POOL_TABLE_SIZE - 1);
  const first = poolTable[slot];
  if (sameAscii(first, bytes, start, length)) return first!;
  const next = (slot + 1) & (POOL_TABLE_SIZE - 1);
  const second = poolTable[next];
  if (sameAscii(second, bytes, start, length)) return second!;
  const text = internalize(shortAscii(bytes, start, end));
  poolTable[first === undefined || second !== undefined ? slot : next] = text;
  return text;
}
