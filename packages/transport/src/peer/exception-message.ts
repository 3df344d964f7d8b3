/**
 * Errors on the wire (spec §5.9): `ExceptionMessage` ↔ core exceptions.
 *
 * - Receiving: the Java class name picks the core class ({@link exceptionFromJavaClass}; blank means
 *   `ConnectorException`), the inner-cause chain becomes the `cause` chain, and the peer's stack trace text is kept
 *   in `remoteStackTrace`.
 * - Sending: class names, messages and at most four causes come from {@link thrownChain} (shared with the legacy
 *   serializer's `RemoteWrappedException.wrap`); the local stack trace is sent only when asked for (it reveals
 *   internals to the peer).
 *
 * @packageDocumentation
 */

import type { MessageInitShape } from '@bufbuild/protobuf';
import { ConnectorException, exceptionFromJavaClass, type JavaException } from '@rcskit/core';
import { MAX_CAUSES, thrownChain } from '../errors/thrown.js';
import {
  type ExceptionMessage,
  type ExceptionMessage_InnerCause,
  type ExceptionMessageSchema,
  optionalString,
} from '../messages.js';

/** Java sends at most this many nested causes. */
export const MAX_INNER_CAUSES = MAX_CAUSES;

/** Plain init shape of an `ExceptionMessage`. */
export type ExceptionMessageInit = MessageInitShape<typeof ExceptionMessageSchema>;

type InnerCauseInit = NonNullable<ExceptionMessageInit['innerCause']>;

function fromClassAndMessage(exceptionClass: string, message: string): JavaException {
  return exceptionFromJavaClass(optionalString(exceptionClass) ?? ConnectorException.javaClass, message);
}

function causeFromInner(
  inner: ExceptionMessage_InnerCause | undefined,
  depth: number,
): JavaException | undefined {
  // The chain is bounded by the frame size; the depth guard only protects against pathological peers.
  if (inner === undefined || depth > 64) return undefined;
  const error = fromClassAndMessage(inner.exceptionClass, inner.message);
  const cause = causeFromInner(inner.cause, depth + 1);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/** Turns a received `ExceptionMessage` into the matching core exception (`instanceof` works). */
export function exceptionFromMessage(message: ExceptionMessage): JavaException {
  const error = fromClassAndMessage(message.exceptionClass, message.message);
  const cause = causeFromInner(message.innerCause, 0);
  if (cause !== undefined) error.cause = cause;
  const stack = optionalString(message.stackTrace);
  if (stack !== undefined) error.remoteStackTrace = stack;
  return error;
}

/** Options of {@link exceptionMessageFrom}. */
export interface ExceptionMessageOptions {
  /** Send the error's local stack trace as `stackTrace` (default `false`). */
  readonly includeStackTrace?: boolean;
}

/** Builds the `ExceptionMessage` for any thrown value. */
export function exceptionMessageFrom(
  error: unknown,
  options: ExceptionMessageOptions = {},
): ExceptionMessageInit {
  const chain = thrownChain(error, MAX_INNER_CAUSES);
  let innerCause: InnerCauseInit | undefined;
  for (let i = chain.length - 1; i > 0; i--) {
    const { javaClass, message } = chain[i]!;
    innerCause = { exceptionClass: javaClass, message, ...(innerCause && { cause: innerCause }) };
  }
  const init: ExceptionMessageInit = {
    exceptionClass: chain[0]!.javaClass,
    message: chain[0]!.message,
    ...(innerCause && { innerCause }),
  };
  if (options.includeStackTrace && error instanceof Error && error.stack !== undefined) {
    init.stackTrace = error.stack;
  }
  return init;
}

/** The `ExceptionMessage` of a protocol-level failure (always `ConnectorException`). */
export function protocolError(message: string): ExceptionMessageInit {
  return { exceptionClass: ConnectorException.javaClass, message };
}
