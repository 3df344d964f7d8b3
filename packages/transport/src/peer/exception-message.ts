/**
 * Errors on the wire (spec §5.9): `ExceptionMessage` ↔ core exceptions.
 *
 * - Receiving: the Java class name picks the core class ({@link exceptionFromJavaClass}; blank means
 *   `ConnectorException`), the inner-cause chain becomes the `cause` chain, and the peer's stack trace text is kept
 *   in `remoteStackTrace`.
 * - Sending: the class name comes from {@link javaClassOf}, the message from the error, at most four causes are
 *   sent (as Java does), and the local stack trace only when asked for (it reveals internals to the peer).
 *
 * @packageDocumentation
 */

import type { MessageInitShape } from '@bufbuild/protobuf';
import { ConnectorException, exceptionFromJavaClass, type JavaException, javaClassOf } from '@rcskit/core';
import {
  type ExceptionMessage,
  type ExceptionMessage_InnerCause,
  type ExceptionMessageSchema,
  optionalString,
} from '../messages.js';

/** Java sends at most this many nested causes. */
export const MAX_INNER_CAUSES = 4;

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

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error === undefined || error === null) return '';
  return String(error);
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
  const init: ExceptionMessageInit = { exceptionClass: javaClassOf(error), message: messageOf(error) };
  let next: unknown = error instanceof Error ? error.cause : undefined;
  let tail: { cause?: InnerCauseInit } | undefined;
  for (let depth = 0; depth < MAX_INNER_CAUSES && next !== undefined && next !== null; depth++) {
    const inner: InnerCauseInit = { exceptionClass: javaClassOf(next), message: messageOf(next) };
    if (tail === undefined) init.innerCause = inner;
    else tail.cause = inner;
    tail = inner;
    next = next instanceof Error ? next.cause : undefined;
  }
  if (options.includeStackTrace && error instanceof Error && error.stack !== undefined) {
    init.stackTrace = error.stack;
  }
  return init;
}

/** The `ExceptionMessage` of a protocol-level failure (always `ConnectorException`). */
export function protocolError(message: string): ExceptionMessageInit {
  return { exceptionClass: ConnectorException.javaClass, message };
}
