/**
 * Copies of byte ranges for decoded `byte[]` values.
 *
 * @packageDocumentation
 */

/** Up to this many bytes are copied with a loop; above, with one `set` (a native copy). */
const SHORT_COPY = 64;

/**
 * `bytes[start, end)` as a new plain `Uint8Array` that shares no memory with the input. `slice` is not enough:
 * on a Node `Buffer` (what a WebSocket frame and the protobuf fields cut from it are) `slice` returns a view, so a
 * decoded `byte[]` value would keep the whole frame alive and be a `Buffer` rather than a plain array.
 */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const length = end - start;
  const copy = new Uint8Array(length);
  if (length <= SHORT_COPY) {
    for (let i = 0; i < length; i++) copy[i] = bytes[start + i]!;
  } else {
    copy.set(bytes.subarray(start, end));
  }
  return copy;
}
