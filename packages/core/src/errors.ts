/**
 * The framework's exception hierarchy (spec framework.md A.16), each class carrying the fully-qualified Java
 * class name that identifies it on the wire. A peer's `ExceptionMessage` names a Java class; {@link
 * exceptionFromJavaClass} turns it back into the matching class here, so `instanceof` works on both sides.
 *
 * @packageDocumentation
 */

const FRAMEWORK = 'org.identityconnectors.framework.common.exceptions';

/** Base of every exception rcskit raises with a Java identity. */
export class JavaException extends Error {
  /** Fully-qualified Java class name used on the wire. */
  static readonly javaClass: string = 'java.lang.Exception';

  /** Remote stack trace text received from a peer, when the exception crossed the wire. */
  remoteStackTrace?: string;

  constructor(message?: string, options?: { cause?: unknown }) {
    super(message ?? '', options);
    this.name = new.target.name;
  }

  /** The Java class name of this instance (its most specific class). */
  get javaClass(): string {
    return (this.constructor as typeof JavaException).javaClass;
  }
}

/** `java.lang.RuntimeException`. */
export class RuntimeException extends JavaException {
  static override readonly javaClass: string = 'java.lang.RuntimeException';
}

/** `java.lang.IllegalArgumentException`: a caller passed a value the API does not accept. */
export class IllegalArgumentException extends RuntimeException {
  static override readonly javaClass: string = 'java.lang.IllegalArgumentException';
}

/** `java.lang.IllegalStateException`: the object is in a state that does not allow the call (e.g. disposed). */
export class IllegalStateException extends RuntimeException {
  static override readonly javaClass: string = 'java.lang.IllegalStateException';
}

/** `java.lang.NullPointerException`: a required value was null or undefined. */
export class NullPointerException extends RuntimeException {
  static override readonly javaClass: string = 'java.lang.NullPointerException';
}

/** `java.lang.UnsupportedOperationException`: the connector or framework does not offer the operation. */
export class UnsupportedOperationException extends RuntimeException {
  static override readonly javaClass: string = 'java.lang.UnsupportedOperationException';
}

/** `java.lang.ClassCastException`: two values of incomparable Java types met. */
export class ClassCastException extends RuntimeException {
  static override readonly javaClass: string = 'java.lang.ClassCastException';
}

/** Root of the framework's own exceptions. */
export class ConnectorException extends RuntimeException {
  static override readonly javaClass: string = `${FRAMEWORK}.ConnectorException`;
}

/** The object to create already exists. May carry the existing object's Uid (`uid`). */
export class AlreadyExistsException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.AlreadyExistsException`;
  /** Uid of the object that already exists, when the connector knows it. */
  uid?: { readonly value: string; readonly revision?: string | undefined };
}

/** The connector's configuration is invalid. */
export class ConfigurationException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.ConfigurationException`;
}

/** An I/O failure talking to the resource. */
export class ConnectorIOException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.ConnectorIOException`;
}

/** An established connection to the resource broke. */
export class ConnectionBrokenException extends ConnectorIOException {
  static override readonly javaClass: string = `${FRAMEWORK}.ConnectionBrokenException`;
}

/** A connection to the resource could not be opened. */
export class ConnectionFailedException extends ConnectorIOException {
  static override readonly javaClass: string = `${FRAMEWORK}.ConnectionFailedException`;
}

/** Base of security failures. */
export class ConnectorSecurityException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.ConnectorSecurityException`;
}

/** Credentials were wrong. May carry the Uid of the account (`uid`). */
export class InvalidCredentialException extends ConnectorSecurityException {
  static override readonly javaClass: string = `${FRAMEWORK}.InvalidCredentialException`;
  /** Uid of the account concerned, when known. */
  uid?: { readonly value: string; readonly revision?: string | undefined };
}

/** The password was wrong. */
export class InvalidPasswordException extends InvalidCredentialException {
  static override readonly javaClass: string = `${FRAMEWORK}.InvalidPasswordException`;
}

/** The password has expired; the account's Uid may be attached. */
export class PasswordExpiredException extends InvalidPasswordException {
  static override readonly javaClass: string = `${FRAMEWORK}.PasswordExpiredException`;
}

/**
 * No object with the given Uid exists. Note the framework's odd parentage (kept for `instanceof` parity with
 * Java): it is an {@link InvalidCredentialException}.
 */
export class UnknownUidException extends InvalidCredentialException {
  static override readonly javaClass: string = `${FRAMEWORK}.UnknownUidException`;
}

/** The caller may not perform the operation. */
export class PermissionDeniedException extends ConnectorSecurityException {
  static override readonly javaClass: string = `${FRAMEWORK}.PermissionDeniedException`;
}

/** An attribute value was refused (wrong type, duplicate, not allowed for the operation). */
export class InvalidAttributeValueException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.InvalidAttributeValueException`;
}

/** The operation did not finish within its timeout. */
export class OperationTimeoutException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.OperationTimeoutException`;
}

/** The revision given did not match the object's current revision. */
export class PreconditionFailedException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.PreconditionFailedException`;
}

/** The resource requires a revision and none was given. */
export class PreconditionRequiredException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.PreconditionRequiredException`;
}

/** A transient failure: the caller may retry. */
export class RetryableException extends ConnectorException {
  static override readonly javaClass: string = `${FRAMEWORK}.RetryableException`;
}

/** Every exception class known by Java name, most specific first within each branch. */
export const EXCEPTION_CLASSES: readonly (typeof JavaException)[] = [
  AlreadyExistsException,
  ConfigurationException,
  ConnectionBrokenException,
  ConnectionFailedException,
  ConnectorIOException,
  PasswordExpiredException,
  InvalidPasswordException,
  UnknownUidException,
  InvalidCredentialException,
  PermissionDeniedException,
  ConnectorSecurityException,
  InvalidAttributeValueException,
  OperationTimeoutException,
  PreconditionFailedException,
  PreconditionRequiredException,
  RetryableException,
  ConnectorException,
  IllegalArgumentException,
  IllegalStateException,
  NullPointerException,
  UnsupportedOperationException,
  ClassCastException,
  RuntimeException,
  JavaException,
];

const byJavaClass = new Map<string, typeof JavaException>();
for (const cls of EXCEPTION_CLASSES) {
  byJavaClass.set(cls.javaClass, cls);
  // Short names too: legacy serial types and logs use the simple class name.
  byJavaClass.set(cls.javaClass.slice(cls.javaClass.lastIndexOf('.') + 1), cls);
}

/**
 * Builds the exception for a Java class name received from a peer. Unknown classes become a
 * {@link ConnectorException} whose message keeps the original class name, so nothing is lost.
 */
export function exceptionFromJavaClass(javaClass: string, message: string): JavaException {
  const cls = byJavaClass.get(javaClass);
  if (cls) return new cls(message);
  const error = new ConnectorException(message ? `${javaClass}: ${message}` : javaClass);
  return error;
}

/** Finds the exception class for a Java name (fully-qualified or simple), or `undefined`. */
export function exceptionClassFor(javaClass: string): typeof JavaException | undefined {
  return byJavaClass.get(javaClass);
}

/**
 * The Java class name to send for any thrown value: a {@link JavaException}'s own class, a plain JS `TypeError`/
 * `RangeError` as IllegalArgumentException, anything else as ConnectorException.
 */
export function javaClassOf(error: unknown): string {
  if (error instanceof JavaException) return error.javaClass;
  if (error instanceof TypeError || error instanceof RangeError) return IllegalArgumentException.javaClass;
  return ConnectorException.javaClass;
}

/** Throws {@link NullPointerException} when `value` is null or undefined; returns it otherwise. */
export function requireNonNull<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) {
    throw new NullPointerException(`Parameter '${what}' must not be null.`);
  }
  return value;
}

/** Throws {@link IllegalArgumentException} when `value` is not a non-blank string. */
export function requireNonBlank(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new IllegalArgumentException(`Parameter '${what}' must not be blank.`);
  }
  return value;
}
