/**
 * Any thrown value as the Java exception a peer is told about: its Java class name, its message and its causes.
 *
 * Both wire forms of an error are built from {@link thrownChain}, so they name and word an error the same way:
 * the 1.5 protocol's `ExceptionMessage` (spec §5.9, `peer/exception-message.ts`) and the legacy serializer's
 * {@link RemoteWrappedException} (spec §4.3.4, `serializer/types/exceptions.ts`).
 *
 * - Class: a {@link RemoteWrappedException} keeps the class it wraps; anything else gets core's `javaClassOf`
 *   (a core exception its own class, `TypeError`/`RangeError` IllegalArgumentException, the rest
 *   ConnectorException).
 * - Message: an `Error`'s `message`; `''` for a thrown `null` or `undefined`; `String(value)` for any other thrown
 *   value (`throw 'text'` → `text`, `throw 42` → `42`, `throw {}` → `[object Object]`), or
 *   `Object.prototype.toString` of it when `String` itself throws (`Object.create(null)`).
 * - Causes: `Error.cause`, followed while it is set and the value is an `Error`, at most {@link MAX_CAUSES} of
 *   them (as Java sends). A cycle is not cut short: it repeats until the limit, as the Java peer does.
 *
 * @packageDocumentation
 */
import { ConnectorException, exceptionFromJavaClass, JavaException, javaClassOf } from '@rcskit/core';

/** How many nested causes are sent with an error (Java's limit for `ExceptionMessage` and wrapped causes). */
export const MAX_CAUSES = 4;

/**
 * Java's `RemoteWrappedException`: an exception raised on a peer, carried by class name (`exceptionClass`, a
 * fully-qualified Java name), message, remote stack trace and a wrapped cause.
 */
export class RemoteWrappedException extends ConnectorException {
  static override readonly javaClass: string =
    'org.identityconnectors.framework.impl.api.remote.RemoteWrappedException';

  /** Fully-qualified Java class name of the original exception. */
  readonly exceptionClass: string;

  constructor(
    exceptionClass: string,
    message?: string | null,
    cause?: RemoteWrappedException | null,
    stackTrace?: string | null,
  ) {
    super(message ?? '', cause ? { cause } : undefined);
    this.exceptionClass = exceptionClass;
    if (stackTrace !== null && stackTrace !== undefined) this.remoteStackTrace = stackTrace;
  }

  /** The wrapped cause, if any. */
  get wrappedCause(): RemoteWrappedException | null {
    return this.cause instanceof RemoteWrappedException ? this.cause : null;
  }

  /** True when the original exception's class is `javaClass` (case-insensitive, as Java's `is(Class)`). */
  is(javaClass: string): boolean {
    return this.exceptionClass.toLowerCase() === javaClass.toLowerCase();
  }

  /** The original exception as the matching core class (unknown classes become ConnectorException). */
  toJavaException(): JavaException {
    const error = exceptionFromJavaClass(this.exceptionClass, this.message);
    if (this.remoteStackTrace !== undefined) error.remoteStackTrace = this.remoteStackTrace;
    const cause = this.wrappedCause;
    if (cause) Object.defineProperty(error, 'cause', { value: cause.toJavaException(), configurable: true });
    return error;
  }

  /**
   * Wraps any thrown value with up to {@link MAX_CAUSES} nested causes (fewer by `depth`), named and worded as
   * {@link thrownChain} says. A `RemoteWrappedException`, as the value or as a cause, is kept as it is.
   */
  static wrap(error: unknown, depth = 0): RemoteWrappedException {
    const chain = thrownChain(error, MAX_CAUSES - depth);
    const kept = chain.findIndex((link) => link.error instanceof RemoteWrappedException);
    let wrapped = kept < 0 ? null : (chain[kept]!.error as RemoteWrappedException);
    for (let i = (kept < 0 ? chain.length : kept) - 1; i >= 0; i--) {
      const { error: value, javaClass, message } = chain[i]!;
      wrapped = new RemoteWrappedException(javaClass, message, wrapped, stackTraceOf(value));
    }
    return wrapped!;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof RemoteWrappedException &&
      other.exceptionClass === this.exceptionClass &&
      other.message === this.message &&
      other.remoteStackTrace === this.remoteStackTrace &&
      (other.wrappedCause === null
        ? this.wrappedCause === null
        : other.wrappedCause.equals(this.wrappedCause))
    );
  }
}

/** The stack trace a wrapped error carries: the peer's when it crossed the wire, else the local one. */
function stackTraceOf(error: unknown): string | null {
  if (error instanceof JavaException && error.remoteStackTrace !== undefined) return error.remoteStackTrace;
  return error instanceof Error ? (error.stack ?? null) : null;
}

/** The fully-qualified Java class name a peer is told for a thrown value. */
export function javaClassOfThrown(error: unknown): string {
  return error instanceof RemoteWrappedException ? error.exceptionClass : javaClassOf(error);
}

/** The message a peer is told for a thrown value (see the module notes for non-`Error` values). */
export function messageOfThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error === undefined || error === null) return '';
  try {
    return String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}

/** One level of a thrown value's cause chain. */
export interface ThrownLink {
  /** The thrown value (or cause) itself. */
  readonly error: unknown;
  /** Its Java class name ({@link javaClassOfThrown}). */
  readonly javaClass: string;
  /** Its message ({@link messageOfThrown}). */
  readonly message: string;
}

/** A thrown value, then its causes (at most `maxCauses`): what a peer is told, outermost first. */
export function thrownChain(error: unknown, maxCauses: number = MAX_CAUSES): ThrownLink[] {
  const chain: ThrownLink[] = [];
  let next: unknown = error;
  do {
    chain.push({ error: next, javaClass: javaClassOfThrown(next), message: messageOfThrown(next) });
    next = next instanceof Error ? next.cause : undefined;
  } while (next !== undefined && next !== null && chain.length <= maxCauses);
  return chain;
}
