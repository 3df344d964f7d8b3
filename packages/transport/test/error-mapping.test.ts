/**
 * One mapping of thrown values to Java exceptions for both wire forms: the legacy serializer's
 * RemoteWrappedException (spec §4.3.4) and the 1.5 protocol's ExceptionMessage (spec §5.9); and the exception
 * serial types derived from core's exception classes.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  AlreadyExistsException,
  ConnectionBrokenException,
  ConnectorException,
  EXCEPTION_CLASSES,
  IllegalArgumentException,
  IllegalStateException,
  JavaException,
  PasswordExpiredException,
  RuntimeException,
  UnknownUidException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { MAX_CAUSES, thrownChain } from '../src/errors/thrown.js';
import { type ExceptionMessage, ExceptionMessageSchema } from '../src/messages.js';
import { exceptionFromMessage, exceptionMessageFrom, MAX_INNER_CAUSES } from '../src/peer/index.js';
import {
  DEFAULT_REGISTRY,
  deserializeBinary,
  RemoteWrappedException,
  serializeBinary,
} from '../src/serializer/index.js';

const FRAMEWORK = 'org.identityconnectors.framework.common.exceptions.';
const CONNECTOR = `${FRAMEWORK}ConnectorException`;
const ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';

type Link = readonly [javaClass: string, message: string];

/** The legacy path: wrap, write, read back, then the class/message of each level. */
function viaSerializer(error: unknown): Link[] {
  const back = deserializeBinary(serializeBinary(RemoteWrappedException.wrap(error)));
  expect(back).toBeInstanceOf(RemoteWrappedException);
  const links: Link[] = [];
  for (let e: RemoteWrappedException | null = back as RemoteWrappedException; e; e = e.wrappedCause) {
    links.push([e.exceptionClass, e.message]);
  }
  return links;
}

/** The 1.5 path: the ExceptionMessage as a Java peer reads it off the wire, then class/message of each level. */
function viaPeer(error: unknown): Link[] {
  const wire = fromBinary(
    ExceptionMessageSchema,
    toBinary(ExceptionMessageSchema, create(ExceptionMessageSchema, exceptionMessageFrom(error))),
  );
  const links: Link[] = [[wire.exceptionClass, wire.message]];
  for (let inner = wire.innerCause; inner; inner = inner.cause)
    links.push([inner.exceptionClass, inner.message]);
  return links;
}

/** Both paths give `expected`. */
function expectBoth(error: unknown, expected: Link[]): void {
  expect(viaPeer(error)).toEqual(expected);
  expect(viaSerializer(error)).toEqual(expected);
  expect(thrownChain(error).map((link) => [link.javaClass, link.message])).toEqual(expected);
}

describe('thrown values as Java exceptions (serializer and peer alike)', () => {
  it('both paths keep four causes', () => {
    expect(MAX_INNER_CAUSES).toBe(MAX_CAUSES);
    expect(MAX_CAUSES).toBe(4);
  });

  it('an Error with a cause chain: each level named by its own class', () => {
    const error = new UnknownUidException('top', {
      cause: new TypeError('middle', { cause: new Error('inner', { cause: 'root text' }) }),
    });
    expectBoth(error, [
      [UnknownUidException.javaClass, 'top'],
      [ILLEGAL_ARGUMENT, 'middle'],
      [CONNECTOR, 'inner'],
      [CONNECTOR, 'root text'],
    ]);
  });

  it('a subclass of a core exception: the Java class it inherits', () => {
    class DuplicateAccount extends AlreadyExistsException {}
    expectBoth(new DuplicateAccount('dup'), [[AlreadyExistsException.javaClass, 'dup']]);
    // A core class without a legacy serial type keeps its own name in both (RemoteWrappedException carries FQCNs).
    expectBoth(new IllegalStateException('state'), [['java.lang.IllegalStateException', 'state']]);
  });

  it('a plain Error: ConnectorException with its message; RangeError: IllegalArgumentException', () => {
    expectBoth(new Error('plain'), [[CONNECTOR, 'plain']]);
    expectBoth(new RangeError('range'), [[ILLEGAL_ARGUMENT, 'range']]);
    expectBoth(new Error(), [[CONNECTOR, '']]);
  });

  it('a thrown string', () => {
    expectBoth('text', [[CONNECTOR, 'text']]);
    expectBoth('', [[CONNECTOR, '']]);
  });

  it('a thrown number, boolean, bigint, symbol', () => {
    expectBoth(42, [[CONNECTOR, '42']]);
    expectBoth(false, [[CONNECTOR, 'false']]);
    expectBoth(7n, [[CONNECTOR, '7']]);
    expectBoth(Symbol('s'), [[CONNECTOR, 'Symbol(s)']]);
  });

  it('a thrown object: String(value), or Object.prototype.toString when String throws', () => {
    expectBoth({ code: 1 }, [[CONNECTOR, '[object Object]']]);
    expectBoth({ toString: () => 'custom text' }, [[CONNECTOR, 'custom text']]);
    expectBoth(Object.create(null), [[CONNECTOR, '[object Object]']]);
    expectBoth(
      {
        toString() {
          throw new Error('no text');
        },
      },
      [[CONNECTOR, '[object Object]']],
    );
    // An object with a `cause` is not an Error: its cause is not followed.
    expectBoth({ cause: new Error('hidden') }, [[CONNECTOR, '[object Object]']]);
  });

  it('a thrown null or undefined: an empty message', () => {
    expectBoth(null, [[CONNECTOR, '']]);
    expectBoth(undefined, [[CONNECTOR, '']]);
  });

  it('a cycle in the cause chain: repeats until the four-cause limit', () => {
    const a = new Error('a');
    const b = new UnknownUidException('b', { cause: a });
    a.cause = b;
    const A: Link = [CONNECTOR, 'a'];
    const B: Link = [UnknownUidException.javaClass, 'b'];
    expectBoth(a, [A, B, A, B, A]);
    const self = new ConnectorException('self');
    self.cause = self;
    expectBoth(
      self,
      Array.from({ length: 5 }, () => [CONNECTOR, 'self'] as Link),
    );
  });

  it('a long chain: the first four causes', () => {
    let error: Error = new Error('level 6');
    for (let i = 5; i >= 0; i--) error = new RuntimeException(`level ${i}`, { cause: error });
    expectBoth(
      error,
      [0, 1, 2, 3, 4].map((i) => ['java.lang.RuntimeException', `level ${i}`] as Link),
    );
  });

  it('a null cause ends the chain', () => {
    expectBoth(new ConnectorException('x', { cause: null }), [[CONNECTOR, 'x']]);
  });

  it('a RemoteWrappedException is named by the class it wraps, in the chain too', () => {
    const remote = new RemoteWrappedException(
      'com.example.RemoteFailure',
      'far away',
      new RemoteWrappedException(UnknownUidException.javaClass, 'gone'),
    );
    const expected: Link[] = [
      [CONNECTOR, 'local'],
      ['com.example.RemoteFailure', 'far away'],
      [UnknownUidException.javaClass, 'gone'],
    ];
    expectBoth(new ConnectorException('local', { cause: remote }), expected);
    expect(RemoteWrappedException.wrap(remote)).toBe(remote);
  });

  it('wrap keeps stack traces per level: the remote one when known', () => {
    const inner = new ConnectorException('inner');
    inner.remoteStackTrace = 'at remote.Place';
    const outer = new Error('outer', { cause: inner });
    const wrapped = RemoteWrappedException.wrap(outer);
    expect(wrapped.remoteStackTrace).toBe(outer.stack);
    expect(wrapped.wrappedCause?.remoteStackTrace).toBe('at remote.Place');
    expect(RemoteWrappedException.wrap('text').remoteStackTrace).toBeUndefined();
    // The peer sends only the top level's local stack, and only when asked.
    expect(exceptionMessageFrom(outer, { includeStackTrace: true }).stackTrace).toBe(outer.stack);
    expect(exceptionMessageFrom(outer).stackTrace).toBeUndefined();
  });

  it('wrap with a depth keeps fewer causes', () => {
    let error: Error = new Error('level 5');
    for (let i = 4; i >= 0; i--) error = new Error(`level ${i}`, { cause: error });
    expect(viaSerializer(RemoteWrappedException.wrap(error, 2))).toHaveLength(3);
    expect(viaSerializer(RemoteWrappedException.wrap(error, 9))).toHaveLength(1);
  });
});

/** The legacy serial type names of the exceptions (spec §4.3.4), as Java's serializer registers them. */
const SPEC_SERIAL_TYPES = [
  'AlreadyExistsException',
  'ConfigurationException',
  'ConnectionBrokenException',
  'ConnectionFailedException',
  'ConnectorIOException',
  'PasswordExpiredException',
  'InvalidPasswordException',
  'UnknownUidException',
  'InvalidCredentialException',
  'PermissionDeniedException',
  'ConnectorSecurityException',
  'OperationTimeoutException',
  'InvalidAttributeValueException',
  'PreconditionFailedException',
  'PreconditionRequiredException',
  'RetryableException',
  'ConnectorException',
  'IllegalArgumentException',
  'RuntimeException',
  'Exception',
  'Throwable',
];

function simpleName(cls: typeof JavaException): string {
  return cls.javaClass.slice(cls.javaClass.lastIndexOf('.') + 1);
}

/** The nearest class at or above `cls` whose simple name is a serial type of the spec. */
function expectedSerialClass(cls: typeof JavaException): typeof JavaException {
  let c = cls;
  while (!SPEC_SERIAL_TYPES.includes(simpleName(c))) c = Object.getPrototypeOf(c);
  return c;
}

function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

describe('exception serial types derived from core', () => {
  it("the spec's names, every one decodable", () => {
    for (const name of [...SPEC_SERIAL_TYPES, 'RemoteWrappedException']) {
      expect(DEFAULT_REGISTRY.handlerForName(name)?.name, name).toBe(name);
    }
  });

  it('every core exception class: written under its nearest serial type, read back as that class', () => {
    for (const cls of EXCEPTION_CLASSES) {
      const serial = expectedSerialClass(cls);
      const error = new cls(`${cls.name} text`);
      expect(DEFAULT_REGISTRY.handlerForValue(error)?.name, cls.name).toBe(simpleName(serial));
      const bytes = Buffer.from(serializeBinary(error));
      expect(bytes.includes(ascii(simpleName(serial))), cls.name).toBe(true);
      const back = deserializeBinary(bytes) as Error;
      expect(back.constructor, cls.name).toBe(serial);
      expect(back.message).toBe(`${cls.name} text`);
    }
  });

  it('a subclass outside core, and plain JS errors', () => {
    class Flaky extends ConnectionBrokenException {}
    expect(deserializeBinary(serializeBinary(new Flaky('f')))?.constructor).toBe(ConnectionBrokenException);
    expect(deserializeBinary(serializeBinary(new Error('e')))?.constructor).toBe(ConnectorException);
    expect(deserializeBinary(serializeBinary(new TypeError('t')))?.constructor).toBe(
      IllegalArgumentException,
    );
  });

  it('PasswordExpiredException keeps its Uid', () => {
    const error = new PasswordExpiredException('expired');
    error.uid = { value: 'u1', revision: 'r2' };
    const back = deserializeBinary(serializeBinary(error)) as PasswordExpiredException;
    expect(back).toBeInstanceOf(PasswordExpiredException);
    expect(back.uid).toEqual({ value: 'u1', revision: 'r2' });
  });

  it('Throwable is read as JavaException and never written', () => {
    const bytes = Buffer.from(serializeBinary(new JavaException('m')));
    const at = bytes.indexOf(ascii('Exception'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(bytes.indexOf(ascii('Exception'), at + 1)).toBe(-1);
    ascii('Throwable').copy(bytes, at); // same length
    const back = deserializeBinary(bytes) as Error;
    expect(back.constructor).toBe(JavaException);
    expect(back.message).toBe('m');
  });

  it('every core exception class comes back from an ExceptionMessage as itself', () => {
    for (const cls of EXCEPTION_CLASSES) {
      const init = exceptionMessageFrom(new cls('m'));
      expect(init.exceptionClass).toBe(cls.javaClass);
      const back = exceptionFromMessage(create(ExceptionMessageSchema, init) as ExceptionMessage);
      expect(back.constructor, cls.name).toBe(cls);
      expect(back.message).toBe('m');
    }
  });
});
