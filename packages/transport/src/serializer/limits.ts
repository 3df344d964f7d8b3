/**
 * Limits that keep decoding of untrusted input bounded in time, memory and stack.
 *
 * @packageDocumentation
 */

/** Decode limits; every field is optional and falls back to {@link DEFAULT_DECODE_LIMITS}. */
export interface DecodeLimits {
  /** Deepest nesting of objects (and of array class-specs) accepted; the top-level object is depth 1. */
  readonly maxDepth?: number;
  /** Largest input accepted, in bytes. */
  readonly maxBytes?: number;
  /** Largest single string, byte array or GuardedString/GuardedByteArray ciphertext, in bytes. */
  readonly maxLength?: number;
  /** Most fields in one object (so most elements of one List/Set/Map/array) and most constant-pool entries. */
  readonly maxElements?: number;
  /** Most digits in a BigInteger or in the unscaled value of a BigDecimal (parsing cost is super-linear). */
  readonly maxNumberDigits?: number;
}

/** The defaults: depth 64, 64 MiB input, 16 MiB per string, 1 000 000 elements, 100 000 digits. */
export const DEFAULT_DECODE_LIMITS: Readonly<Required<DecodeLimits>> = Object.freeze({
  maxDepth: 64,
  maxBytes: 64 * 1024 * 1024,
  maxLength: 16 * 1024 * 1024,
  maxElements: 1_000_000,
  maxNumberDigits: 100_000,
});

/** Options of the encoder. */
export interface EncodeOptions {
  /**
   * Deepest nesting written (default 64, like {@link DecodeLimits.maxDepth}); exceeding it throws instead of
   * overflowing the stack on a cyclic structure.
   */
  readonly maxDepth?: number;
}

/** Fills in defaults (the shared default object itself when nothing is overridden). */
export function resolveDecodeLimits(limits: DecodeLimits | undefined): Readonly<Required<DecodeLimits>> {
  if (
    limits === undefined ||
    (limits.maxDepth === undefined &&
      limits.maxBytes === undefined &&
      limits.maxLength === undefined &&
      limits.maxElements === undefined &&
      limits.maxNumberDigits === undefined)
  ) {
    return DEFAULT_DECODE_LIMITS;
  }
  return { ...DEFAULT_DECODE_LIMITS, ...stripUndefined(limits) };
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
