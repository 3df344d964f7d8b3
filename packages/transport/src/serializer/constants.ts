/**
 * Constants of the OpenICF binary object serializer (spec wire-protocol.md §4.1, §4.4).
 *
 * @packageDocumentation
 */

/** Stream header: int32 magic. */
export const OBJECT_MAGIC = 0xfafb;
/** Stream header: int32 encoding version. */
export const ENCODING_VERSION = 2;

/** Class-spec tag: null object. */
export const OBJECT_TYPE_NULL = 0x3c;
/** Class-spec tag: named type, followed by the int32 pool code of its serial name. */
export const OBJECT_TYPE_CLASS = 0x3d;
/** Class-spec tag: array, followed by the class-spec of its component type. */
export const OBJECT_TYPE_ARRAY = 0x3e;

/** Field tag: anonymous field, followed by int32 length and the field bytes. */
export const FIELD_TYPE_ANONYMOUS = 0x46;
/** Field tag: named field, followed by the int32 pool code of its name, int32 length and the field bytes. */
export const FIELD_TYPE_NAMED = 0x47;
/** End of an object. */
export const FIELD_TYPE_END_OBJECT = 0x48;

/** The framework's default AES-128 key for GuardedString/GuardedByteArray on the wire (obfuscation only). */
export const GUARDED_AES_KEY: Readonly<Uint8Array> = Uint8Array.of(
  0x23,
  0x65,
  0x87,
  0x22,
  0x59,
  0x78,
  0x54,
  0x43,
  0x64,
  0x05,
  0x6a,
  0xbd,
  0x34,
  0xa2,
  0x34,
  0x57,
);
/** The framework's default AES-CBC IV for GuardedString/GuardedByteArray on the wire. */
export const GUARDED_AES_IV: Readonly<Uint8Array> = Uint8Array.of(
  0x51,
  0x65,
  0x22,
  0x23,
  0x64,
  0x05,
  0x6a,
  0xbe,
  0x51,
  0x65,
  0x22,
  0x23,
  0x64,
  0x05,
  0x6a,
  0xbe,
);
