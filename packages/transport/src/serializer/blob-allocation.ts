/**
 * Output buffers for blobs. A `Uint8Array` of more than a few dozen bytes gets its own off-heap backing store,
 * and allocating one costs microseconds whatever its size (more than encoding a whole connector object). Small
 * blobs are therefore carved out of a shared slab, as Node's `Buffer.allocUnsafe` does with its pool: a blob is a
 * view (`byteOffset`/`byteLength` apply) and keeps its slab alive while it is referenced. Blobs are short-lived
 * (they are copied into a frame or a Base64 string), so a slab is soon collected. Unlike Node's pool, slabs are
 * zero-filled: the rest of a slab never holds stale memory.
 *
 * @packageDocumentation
 */

/** Size of one slab. */
const SLAB_SIZE = 256 * 1024;
/** Blobs larger than this get a buffer of their own (at least 32 blobs share a slab). */
const MAX_SLAB_BLOB = SLAB_SIZE / 32;

let slab = new ArrayBuffer(SLAB_SIZE);
let slabUsed = 0;

/** A zero-filled `Uint8Array` of `length` bytes for a blob; small ones share a slab. */
export function allocateBlob(length: number): Uint8Array {
  if (length > MAX_SLAB_BLOB) return new Uint8Array(length);
  if (slabUsed + length > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabUsed = 0;
  }
  const bytes = new Uint8Array(slab, slabUsed, length);
  // 8-byte aligned starts, so a DataView or typed view over a blob stays aligned.
  slabUsed = (slabUsed + length + 7) & ~7;
  return bytes;
}
