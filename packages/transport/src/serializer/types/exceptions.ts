/**
 * Exception serial types (spec §4.3.4, legacy protocol): the framework exceptions, `IllegalArgumentException`,
 * `RuntimeException`, `Exception`, `Throwable` (body: `message`; `PasswordExpiredException` adds a `Uid` obj),
 * and `RemoteWrappedException` (`class`, `message`, cause, `stackTrace`).
 *
 * Encoding picks the most specific listed class the error is an instance of (Java's "match subclasses"), so an
 * `IllegalStateException` is written as `RuntimeException`. A JS error that is not a core `JavaException` is
 * written under the Java class core's `javaClassOf` gives it (`TypeError` → IllegalArgumentException, anything
 * else → ConnectorException).
 *
 * @packageDocumentation
 */
import {
  AlreadyExistsException,
  ConfigurationException,
  ConnectionBrokenException,
  ConnectionFailedException,
  ConnectorException,
  ConnectorIOException,
  ConnectorSecurityException,
  exceptionClassFor,
  exceptionFromJavaClass,
  IllegalArgumentException,
  InvalidAttributeValueException,
  InvalidCredentialException,
  InvalidPasswordException,
  JavaException,
  javaClassOf,
  OperationTimeoutException,
  PasswordExpiredException,
  PermissionDeniedException,
  PreconditionFailedException,
  PreconditionRequiredException,
  RetryableException,
  RuntimeException,
  Uid,
  UnknownUidException,
} from '@rcskit/core';
import type { ObjectReader, ObjectWriter, TypeHandler } from '../registry.js';

type ExceptionClass = typeof JavaException;

/** How many nested causes {@link RemoteWrappedException.wrap} keeps (as the 1.5 protocol's ExceptionMessage). */
const MAX_WRAPPED_CAUSES = 4;

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

  /** Wraps any thrown value, keeping up to four nested causes. */
  static wrap(error: unknown, depth = 0): RemoteWrappedException {
    if (error instanceof RemoteWrappedException) return error;
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error ? error.cause : undefined;
    const wrappedCause =
      cause !== undefined && cause !== null && depth < MAX_WRAPPED_CAUSES
        ? RemoteWrappedException.wrap(cause, depth + 1)
        : null;
    const stack =
      error instanceof JavaException && error.remoteStackTrace !== undefined
        ? error.remoteStackTrace
        : error instanceof Error
          ? (error.stack ?? null)
          : null;
    return new RemoteWrappedException(javaClassOf(error), message, wrappedCause, stack);
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

/** The core class whose Java identity an error is written with. */
function effectiveClass(error: Error): ExceptionClass {
  if (error instanceof JavaException) return error.constructor as ExceptionClass;
  return exceptionClassFor(javaClassOf(error)) ?? ConnectorException;
}

function isSubclass(cls: ExceptionClass, base: ExceptionClass): boolean {
  return cls === base || cls.prototype instanceof base;
}

function writeMessage(error: Error, out: ObjectWriter): void {
  out.writeStringField('message', error.message === '' ? null : error.message);
}

function readMessage(input: ObjectReader): string | undefined {
  return input.readStringField('message') ?? undefined;
}

function exceptionHandler(name: string, cls: ExceptionClass, matchErrors = true): TypeHandler<Error> {
  return {
    name,
    classes: [cls],
    ...(matchErrors && {
      matches: (value: unknown) => value instanceof Error && isSubclass(effectiveClass(value), cls),
    }),
    encode: writeMessage,
    decode: (input) => new cls(readMessage(input)),
  };
}

export const passwordExpiredExceptionHandler: TypeHandler<PasswordExpiredException> = {
  name: 'PasswordExpiredException',
  classes: [PasswordExpiredException],
  matches: (value) => value instanceof PasswordExpiredException,
  encode: (error, out) => {
    writeMessage(error, out);
    const uid = error.uid;
    out.writeObjectField('Uid', uid ? new Uid(uid.value, uid.revision) : null);
  },
  decode: (input) => {
    const error = new PasswordExpiredException(readMessage(input));
    const uid = input.readObjectField('Uid');
    if (uid instanceof Uid) error.uid = { value: uid.uidValue, revision: uid.revision };
    else if (uid !== null) input.fail("field 'Uid' must be a Uid");
    return error;
  },
};

export const remoteWrappedExceptionHandler: TypeHandler<RemoteWrappedException> = {
  name: 'RemoteWrappedException',
  classes: [RemoteWrappedException],
  encode: (error, out) => {
    out.writeStringField('class', error.exceptionClass);
    out.writeStringField('message', error.message === '' ? null : error.message);
    out.writeObjectField('RemoteWrappedException', error.wrappedCause);
    out.writeStringField('stackTrace', error.remoteStackTrace);
  },
  decode: (input) => {
    const cause = input.readObjectField('RemoteWrappedException');
    if (cause !== null && !(cause instanceof RemoteWrappedException)) {
      input.fail("field 'RemoteWrappedException' must be a RemoteWrappedException");
    }
    const exceptionClass = input.readStringField('class');
    if (exceptionClass === null) return input.fail("missing field 'class'");
    return new RemoteWrappedException(
      exceptionClass,
      input.readStringField('message'),
      cause as RemoteWrappedException | null,
      input.readStringField('stackTrace'),
    );
  },
};

/** The exception handlers, most specific first (the order of spec §4.3.4). */
export const EXCEPTION_HANDLERS: readonly TypeHandler[] = [
  remoteWrappedExceptionHandler,
  exceptionHandler('AlreadyExistsException', AlreadyExistsException),
  exceptionHandler('ConfigurationException', ConfigurationException),
  exceptionHandler('ConnectionBrokenException', ConnectionBrokenException),
  exceptionHandler('ConnectionFailedException', ConnectionFailedException),
  exceptionHandler('ConnectorIOException', ConnectorIOException),
  passwordExpiredExceptionHandler,
  exceptionHandler('InvalidPasswordException', InvalidPasswordException),
  exceptionHandler('UnknownUidException', UnknownUidException),
  exceptionHandler('InvalidCredentialException', InvalidCredentialException),
  exceptionHandler('PermissionDeniedException', PermissionDeniedException),
  exceptionHandler('ConnectorSecurityException', ConnectorSecurityException),
  exceptionHandler('OperationTimeoutException', OperationTimeoutException),
  exceptionHandler('InvalidAttributeValueException', InvalidAttributeValueException),
  exceptionHandler('PreconditionFailedException', PreconditionFailedException),
  exceptionHandler('PreconditionRequiredException', PreconditionRequiredException),
  exceptionHandler('RetryableException', RetryableException),
  exceptionHandler('ConnectorException', ConnectorException),
  exceptionHandler('IllegalArgumentException', IllegalArgumentException),
  exceptionHandler('RuntimeException', RuntimeException),
  exceptionHandler('Exception', JavaException),
  // Decode only: JS has no Throwable above Exception.
  { ...exceptionHandler('Throwable', JavaException, false), classes: [] },
];
