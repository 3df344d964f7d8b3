/**
 * Protobuf layer of the OpenICF 1.5 WebSocket protocol (spec wire-protocol.md §3).
 *
 * Every binary WebSocket frame holds exactly one {@link RemoteMessage}. This module re-exports the schemas
 * generated from `proto/*.proto` (RPCMessages, OperationMessages, CommonObjectMessages) and adds the two frame
 * helpers {@link encodeRemoteMessage} / {@link decodeRemoteMessage} plus the reading rules of spec §3.2:
 *
 * - A sub-message that is set is written even when it has no content (tag + zero length). protobuf-es does this
 *   for every message-typed field that is not `undefined`, so `deleteOpResponse: {}` or `cancelOpRequest: {}`
 *   reach the wire; leave a field `undefined` to omit it.
 * - The envelopes (`RemoteMessage`, `RPCRequest`, `RPCResponse`, `OperationRequest`, `OperationResponse`) are
 *   plain fields, not oneofs: set exactly one when encoding; when decoding, several may be set and the caller
 *   picks by the Java precedence (spec §5.4).
 * - An empty `bytes` field means "absent/null" ({@link optionalBlob}); a blank string means "not set"
 *   ({@link optionalString}).
 * - 64-bit integers (`messageId`, `sequence`, request ids) are `bigint`.
 *
 * @packageDocumentation
 */

import { create, fromBinary, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { type RemoteMessage, RemoteMessageSchema } from './gen/RPCMessages_pb.js';

export * from './gen/CommonObjectMessages_pb.js';
export * from './gen/OperationMessages_pb.js';
export * from './gen/RPCMessages_pb.js';

/** A {@link RemoteMessage}, or a plain object literal of the same shape (nested messages as plain objects too). */
export type RemoteMessageInit = MessageInitShape<typeof RemoteMessageSchema>;

/** A received WebSocket frame could not be parsed as a protobuf `RemoteMessage`. */
export class MalformedFrameError extends Error {
  /** Size of the rejected frame in bytes. */
  readonly frameLength: number;

  constructor(frameLength: number, options?: { cause?: unknown }) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`malformed RemoteMessage frame (${frameLength} bytes)${detail}`, options);
    this.name = 'MalformedFrameError';
    this.frameLength = frameLength;
  }
}

/**
 * Encodes one {@link RemoteMessage} into the bytes of a binary WebSocket frame.
 *
 * Accepts a message built with `create(RemoteMessageSchema, …)` or a plain init object, e.g.
 * `encodeRemoteMessage({ messageId: 7n, request: { cancelOpRequest: {} } })`.
 */
export function encodeRemoteMessage(msg: RemoteMessage | RemoteMessageInit): Uint8Array {
  return toBinary(RemoteMessageSchema, create(RemoteMessageSchema, msg));
}

/**
 * Decodes the payload of one binary WebSocket frame into a {@link RemoteMessage}.
 *
 * Unknown fields are kept (and written back by {@link encodeRemoteMessage}). An empty frame decodes to an empty
 * message, which the protocol layer then rejects as "Unknown RemoteMessage".
 *
 * @throws {MalformedFrameError} when the bytes are not a valid protobuf encoding of a `RemoteMessage`.
 */
export function decodeRemoteMessage(bytes: Uint8Array | ArrayBuffer): RemoteMessage {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    return fromBinary(RemoteMessageSchema, data);
  } catch (cause) {
    throw new MalformedFrameError(data.byteLength, { cause });
  }
}

/**
 * Applies the "empty bytes = absent" rule (spec §3.2) to a decoded `bytes` field: returns `undefined` for a
 * missing or zero-length value, the bytes otherwise. Use it on every blob field (options, filters, attributes,
 * connectorInfos, …) before handing it to the object serializer.
 */
export function optionalBlob(bytes: Uint8Array | undefined): Uint8Array | undefined {
  return bytes !== undefined && bytes.byteLength > 0 ? bytes : undefined;
}

/**
 * Applies the Java "not blank" test (spec §3.2) to a decoded `string` field: returns `undefined` for a missing,
 * empty or whitespace-only value, the string unchanged otherwise. "Whitespace" is Java's
 * `Character.isWhitespace` (so a no-break space is *not* blank, unlike `String.prototype.trim`).
 */
export function optionalString(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  for (let i = 0; i < value.length; i++) {
    if (!isJavaWhitespace(value.charCodeAt(i))) return value;
  }
  return undefined;
}

/** Java `Character.isWhitespace` for one UTF-16 code unit. */
function isJavaWhitespace(c: number): boolean {
  if (c >= 0x09 && c <= 0x0d) return true; // \t \n \v \f \r
  if (c >= 0x1c && c <= 0x1f) return true; // file/group/record/unit separators
  if (c === 0x00a0 || c === 0x2007 || c === 0x202f) return false; // no-break spaces
  // Unicode space separators (Zs), line separator, paragraph separator.
  return (
    c === 0x20 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x205f ||
    c === 0x3000
  );
}
