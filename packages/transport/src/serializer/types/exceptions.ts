/**
 * Exception serial types (spec §4.3.4, legacy protocol): the framework exceptions, `IllegalArgumentException`,
 * `RuntimeException`, `Exception`, `Throwable` (body: `message`; `PasswordExpiredException` adds a `Uid` obj),
 * and `RemoteWrappedException` (`class`, `message`, cause, `stackTrace`).
 *
 * The table is derived from core's `EXCEPTION_CLASSES`: every class of the framework's exception package, and the
 * `java.lang` classes Java's serializer has a type for, under its simple Java name. Encoding picks the nearest
 * of those classes the error is an instance of (Java's "match subclasses"), so an `IllegalStateException` is
 * written as `RuntimeException`. A JS error that is not a core `JavaException` is written under the Java class
 * core's `javaClassOf` gives it (`TypeError` → IllegalArgumentException, anything else → ConnectorException).
 *
 * @packageDocumentation
 */
import {
  ConnectorException,
  EXCEPTION_CLASSES,
  exceptionClassFor,
  IllegalArgumentException,
  JavaException,
  javaClassOf,
  PasswordExpiredException,
  RuntimeException,
  Uid,
} from '@rcskit/core';
import { RemoteWrappedException } from '../../errors/thrown.js';
import type { ObjectReader, ObjectWriter, TypeHandler } from '../registry.js';

export { RemoteWrappedException };

type ExceptionClass = typeof JavaException;

function packageOf(javaClass: string): string {
  return javaClass.slice(0, javaClass.lastIndexOf('.'));
}

function simpleNameOf(javaClass: string): string {
  return javaClass.slice(javaClass.lastIndexOf('.') + 1);
}

/** The framework's exception package: each of its classes has a serial type. */
const FRAMEWORK_PACKAGE = packageOf(ConnectorException.javaClass);

/** The `java.lang` classes with a serial type (`Exception` is `JavaException`); the others use a superclass's. */
const JAVA_LANG_SERIAL_CLASSES: ReadonlySet<ExceptionClass> = new Set([
  IllegalArgumentException,
  RuntimeException,
  JavaException,
]);

/** Core's exception classes that have a serial type, in core's order (most specific first in each branch). */
const SERIAL_CLASSES: readonly ExceptionClass[] = EXCEPTION_CLASSES.filter(
  (cls) => packageOf(cls.javaClass) === FRAMEWORK_PACKAGE || JAVA_LANG_SERIAL_CLASSES.has(cls),
);

const serialClassCache = new WeakMap<ExceptionClass, ExceptionClass>();

/** The nearest class at or above `cls` that has a serial type (`JavaException` at the latest). */
function serialClassOf(cls: ExceptionClass): ExceptionClass {
  let serial = serialClassCache.get(cls);
  if (serial === undefined) {
    serial = cls;
    while (serial !== JavaException && !SERIAL_CLASSES.includes(serial)) {
      serial = Object.getPrototypeOf(serial) as ExceptionClass;
    }
    serialClassCache.set(cls, serial);
  }
  return serial;
}

/** The core class whose Java identity an error is written with. */
function effectiveClass(error: Error): ExceptionClass {
  if (error instanceof JavaException) return error.constructor as ExceptionClass;
  return exceptionClassFor(javaClassOf(error)) ?? ConnectorException;
}

function writeMessage(error: Error, out: ObjectWriter): void {
  out.writeStringField('message', error.message === '' ? null : error.message);
}

function readMessage(input: ObjectReader): string | undefined {
  return input.readStringField('message') ?? undefined;
}

/** The handler of a serial class: written for every error whose nearest serial class it is (body: `message`). */
function exceptionHandler<E extends Error>(
  cls: ExceptionClass,
  body: Pick<TypeHandler<E>, 'encode' | 'decode'> = {
    encode: writeMessage,
    decode: (input) => new cls(readMessage(input)) as Error as E,
  },
): TypeHandler<E> {
  return {
    name: simpleNameOf(cls.javaClass),
    classes: [cls],
    matches: (value: unknown) => value instanceof Error && serialClassOf(effectiveClass(value)) === cls,
    ...body,
  };
}

export const passwordExpiredExceptionHandler = exceptionHandler<PasswordExpiredException>(
  PasswordExpiredException,
  {
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
  },
);

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

/** The exception handlers: `RemoteWrappedException`, one per serial class, and `Throwable` (decode only). */
export const EXCEPTION_HANDLERS: readonly TypeHandler[] = [
  remoteWrappedExceptionHandler,
  ...SERIAL_CLASSES.map((cls) =>
    cls === PasswordExpiredException ? passwordExpiredExceptionHandler : exceptionHandler(cls),
  ),
  // Decode only: JS has no Throwable above Exception.
  {
    name: 'Throwable',
    classes: [],
    encode: writeMessage,
    decode: (input) => new JavaException(readMessage(input)),
  } satisfies TypeHandler<Error>,
];
