import {
  AndFilter,
  Attribute,
  bigDecimal,
  bigInteger,
  byte,
  ConnectorException,
  ConnectorIOException,
  ConnectorMessages,
  char,
  double,
  EqualsFilter,
  float,
  GuardedByteArray,
  GuardedString,
  IllegalArgumentException,
  IllegalStateException,
  int,
  JavaArray,
  type JavaCharacter,
  JavaDouble,
  JavaFloat,
  JavaInteger,
  JavaLong,
  long,
  ObjectPoolConfiguration,
  OrFilter,
  RuntimeException,
  Uid,
} from '@rcskit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BinaryObjectDecoder,
  BinaryObjectEncoder,
  CaseInsensitiveMap,
  CaseInsensitiveSet,
  DEFAULT_REGISTRY,
  deserializeBinary,
  JavaClass,
  RemoteWrappedException,
  SerializationException,
  SerializerRegistry,
  serializeBinary,
} from '../src/serializer/index.js';
import {
  arbAnyValue,
  arbAttributeValue,
  arbBigDecimal,
  arbBigInteger,
  arbByte,
  arbBytes,
  arbCharacter,
  arbDouble,
  arbFloat,
  arbGuardedByteArray,
  arbGuardedString,
  arbInteger,
  arbLong,
  arbRegistryObject,
  arbString,
  javaEquals,
} from './fixtures/serializer-support.js';

const roundTrip = (value: unknown) => deserializeBinary(serializeBinary(value));

function checkRoundTrip(arb: fc.Arbitrary<unknown>, numRuns = 200): void {
  fc.assert(
    fc.property(arb, (value) => {
      const decoded = roundTrip(value);
      expect(javaEquals(value, decoded), `${String(value)} → ${String(decoded)}`).toBe(true);
      // Encoding the decoded value gives the same bytes again (stable encoding).
      expect(Buffer.from(serializeBinary(decoded)).equals(Buffer.from(serializeBinary(value)))).toBe(true);
    }),
    { numRuns },
  );
}

describe('value types round-trip with their Java type', () => {
  const cases: [string, fc.Arbitrary<unknown>][] = [
    ['String (unicode)', arbString],
    ['Boolean', fc.boolean()],
    ['Integer', arbInteger],
    ['Long (beyond 2^53, ±2^63 edges)', arbLong],
    ['Double (NaN, -0, ±Infinity)', arbDouble],
    ['Float', arbFloat],
    ['Character', arbCharacter],
    ['Byte', arbByte],
    ['BigInteger', arbBigInteger],
    ['BigDecimal', arbBigDecimal],
    ['byte[]', arbBytes],
    ['GuardedString', arbGuardedString],
    ['GuardedByteArray', arbGuardedByteArray],
    ['attribute values (incl. nested Map/List, null elements)', arbAttributeValue],
    ['any value (Map/List/Set, case-insensitive, arrays, classes, locales, enums)', arbAnyValue],
  ];
  for (const [name, arb] of cases) it(name, () => checkRoundTrip(arb));

  it('keeps Integer and Long apart', () => {
    const i = roundTrip(int(5));
    const l = roundTrip(long(5));
    expect(i).toBeInstanceOf(JavaInteger);
    expect(l).toBeInstanceOf(JavaLong);
    expect((l as JavaLong).value).toBe(5n);
  });

  it('keeps the extreme values exactly', () => {
    expect((roundTrip(long(2n ** 63n - 1n)) as JavaLong).value).toBe(2n ** 63n - 1n);
    expect((roundTrip(long(-(2n ** 63n))) as JavaLong).value).toBe(-(2n ** 63n));
    expect((roundTrip(long(2n ** 53n + 1n)) as JavaLong).value).toBe(2n ** 53n + 1n);
    expect(Object.is((roundTrip(double(-0)) as { value: number }).value, -0)).toBe(true);
    expect(Number.isNaN((roundTrip(double(Number.NaN)) as { value: number }).value)).toBe(true);
    expect((roundTrip(float(0.1)) as JavaFloat).value).toBe(Math.fround(0.1));
    expect((roundTrip(char('€')) as JavaCharacter).value).toBe('€');
    expect(roundTrip(byte(-128))).toEqual(byte(-128));
    expect(javaEquals(roundTrip(bigInteger(-(10n ** 80n))), bigInteger(-(10n ** 80n)))).toBe(true);
    expect(javaEquals(roundTrip(bigDecimal('-12.500')), bigDecimal('-12.500'))).toBe(true);
  });

  it('writes Float as float64 and reads a Double back as Double', () => {
    const bytes = serializeBinary(float(1.5));
    // anonymous field of 8 bytes holding the float64 1.5, then the end of the object
    expect(Buffer.from(bytes.subarray(-14)).toString('hex')).toBe('46000000083ff800000000000048');
    expect(roundTrip(double(1.5))).toBeInstanceOf(JavaDouble);
    expect(roundTrip(float(1.5))).toBeInstanceOf(JavaFloat);
  });

  it('encodes a Buffer as ByteArray', () => {
    expect(roundTrip(Buffer.from([1, 2, 3]))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('keeps the case-insensitive flag of maps and sets', () => {
    const map = roundTrip(new CaseInsensitiveMap([['Key', 'v']]));
    expect(map).toBeInstanceOf(CaseInsensitiveMap);
    expect((map as CaseInsensitiveMap<string>).get('KEY')).toBe('v');
    const set = roundTrip(new CaseInsensitiveSet(['Abc']));
    expect(set).toBeInstanceOf(CaseInsensitiveSet);
    expect((set as CaseInsensitiveSet).has('aBC')).toBe(true);
    expect(roundTrip(new Map([['a', 'b']]))).not.toBeInstanceOf(CaseInsensitiveMap);
  });

  it('decodes a List as a JS array and an array as a JavaArray', () => {
    expect(roundTrip(['a', null, int(1)])).toEqual(['a', null, int(1)]);
    const arr = roundTrip(new JavaArray('String', ['x', null]));
    expect(arr).toBeInstanceOf(JavaArray);
    expect((arr as JavaArray).componentType).toBe('String');
    const empty = roundTrip(new JavaArray('SortKey', []));
    expect((empty as JavaArray).javaType).toBe('SortKey[]');
  });

  it('interns classes so decoded maps keyed by Class can be looked up', () => {
    const decoded = roundTrip(new Map([[JavaClass.of('CreateApiOp'), int(1000)]])) as Map<unknown, unknown>;
    expect(decoded.get(JavaClass.of('CreateApiOp'))).toEqual(int(1000));
    expect(roundTrip(JavaClass.of('String[]'))).toBe(JavaClass.of('String[]'));
    expect(roundTrip(JavaClass.of('byte[]'))).toBe(JavaClass.of('byte[]'));
  });

  it('encodes secrets with the wire key and never the process key', () => {
    const secret = new GuardedString('s3cret');
    const decoded = roundTrip(secret) as GuardedString;
    expect(decoded).not.toBe(secret);
    expect(decoded.access((c) => c)).toBe('s3cret');
    const bytes = roundTrip(new GuardedByteArray(new Uint8Array([0, 255]))) as GuardedByteArray;
    expect(bytes.access((b) => [...b])).toEqual([0, 255]);
  });
});

describe('registry types round-trip', () => {
  it('every registry type', () => checkRoundTrip(arbRegistryObject, 400));

  it('And/Or are written as right-nested binary trees and read back n-ary', () => {
    const a = new EqualsFilter(new Attribute('a', ['1']));
    const b = new EqualsFilter(new Attribute('b', ['2']));
    const c = new EqualsFilter(new Uid('3'));
    const and = new AndFilter(a, b, c);
    const decoded = roundTrip(and) as AndFilter;
    expect(decoded.equals(and)).toBe(true);
    expect(decoded.filters).toHaveLength(3);
    // The second anonymous field of the outer And holds a complete And of (b, c).
    const nested = new AndFilter(a, new AndFilter(b, c));
    expect(Buffer.from(serializeBinary(nested)).equals(Buffer.from(serializeBinary(and)))).toBe(true);
    const or = new OrFilter(a, new AndFilter(b, c));
    expect((roundTrip(or) as OrFilter).equals(or)).toBe(true);
  });

  it('maps exceptions to the most specific serial type', () => {
    const state = roundTrip(new IllegalStateException('bad state'));
    expect(state).toBeInstanceOf(RuntimeException);
    expect((state as Error).message).toBe('bad state');
    const plain = roundTrip(new Error('plain'));
    expect(plain).toBeInstanceOf(ConnectorException);
    expect(roundTrip(new TypeError('t'))).toBeInstanceOf(IllegalArgumentException);
    const io = roundTrip(new ConnectorIOException('io'));
    expect(io).toBeInstanceOf(ConnectorIOException);
    const wrapped = RemoteWrappedException.wrap(
      new IllegalStateException('x', { cause: new Error('inner') }),
    );
    const back = roundTrip(wrapped) as RemoteWrappedException;
    expect(back.exceptionClass).toBe('java.lang.IllegalStateException');
    expect(back.wrappedCause?.exceptionClass).toBe(ConnectorException.javaClass);
    expect(back.toJavaException()).toBeInstanceOf(IllegalStateException);
  });
});

describe('registry', () => {
  it('can be copied and extended with a handler of its own', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const registry = DEFAULT_REGISTRY.copy().register({
      name: 'Point',
      classes: [Point],
      encode: (p: Point, out) => {
        out.writeIntField('x', p.x);
        out.writeIntField('y', p.y);
      },
      decode: (input) => new Point(input.readIntField('x', 0), input.readIntField('y', 0)),
    });
    const bytes = serializeBinary([new Point(1, 2), 'z'], { registry });
    expect(deserializeBinary(bytes, { registry })).toEqual([new Point(1, 2), 'z']);
    expect(() => serializeBinary(new Point(1, 2))).toThrow(/No serializer for class Point/);
    expect(() => deserializeBinary(bytes)).toThrow(/No deserializer for type 'Point'/);
    expect(() => DEFAULT_REGISTRY.copy().register({ ...registry.handlerForName('String')! })).toThrow(
      /registered twice/,
    );
    expect(() => DEFAULT_REGISTRY.registerClassNames('Foo')).toThrow(/sealed/);
  });

  it('keeps catalogs of ConnectorMessages whose locale core can name', () => {
    const messages = new ConnectorMessages(new Map([['en_US', new Map([['k', 'v']])]]));
    const decoded = roundTrip(messages) as ConnectorMessages;
    expect(decoded.equals(messages)).toBe(true);
    expect(decoded.forLocale('en_US').format('k')).toBe('v');
  });
});

describe('decoder leniency', () => {
  it('ignores unknown named fields and gives missing ones their defaults', () => {
    class Partial {}
    const writer = new SerializerRegistry().register({
      name: 'ObjectPoolConfiguration',
      classes: [Partial],
      encode: (_: Partial, out) => {
        out.writeIntField('maxObjects', 3);
        out.writeStringField('someFutureField', 'ignored');
      },
      decode: () => new Partial(),
    });
    const pool = deserializeBinary(serializeBinary(new Partial(), { registry: writer }));
    expect(pool).toBeInstanceOf(ObjectPoolConfiguration);
    expect({ ...(pool as ObjectPoolConfiguration) }).toEqual({
      ...ObjectPoolConfiguration.DEFAULTS,
      maxObjects: 3,
    });
  });

  it('writes unpaired surrogates as "?" like Java and reads a BOM as a character', () => {
    expect(roundTrip('a\uD800b\uDC00')).toBe('a?b?');
    expect(roundTrip('\uD83D\uDE00')).toBe('😀');
    expect(roundTrip('\uFEFFx')).toBe('\uFEFFx');
  });
});

describe('encoder', () => {
  it('refuses plain JS numbers and bigints with a hint', () => {
    expect(() => serializeBinary(5)).toThrow(/int\(\), long\(\)/);
    expect(() => serializeBinary(5n)).toThrow(SerializationException);
    expect(() => serializeBinary({ a: 1 })).toThrow(/No serializer for class Object/);
  });

  it('refuses cycles instead of overflowing the stack', () => {
    const list: unknown[] = [];
    list.push(list);
    expect(() => serializeBinary(list)).toThrow(/Nesting deeper than 64/);
  });

  it('wraps a failing handler', () => {
    const disposed = new GuardedString('x');
    disposed.dispose();
    expect(() => serializeBinary(disposed)).toThrow(SerializationException);
  });

  it('writes a multi-object stream whose later pools reuse earlier codes', () => {
    const encoder = new BinaryObjectEncoder(DEFAULT_REGISTRY);
    encoder.writeObject('a');
    encoder.writeObject('b');
    encoder.writeObject(int(3));
    const bytes = encoder.toBytes();
    const decoder = new BinaryObjectDecoder(bytes, DEFAULT_REGISTRY);
    expect(decoder.readObject()).toBe('a');
    expect(decoder.readObject()).toBe('b');
    expect(decoder.readObject()).toEqual(int(3));
    expect(decoder.hasMore).toBe(false);
    // The second object's pool is empty: 'String' was interned by the first one.
    const first = serializeBinary('a').length;
    expect(Buffer.from(bytes.subarray(first, first + 4)).toString('hex')).toBe('00000000');
  });

  it('leaves the pool untouched when an object fails', () => {
    const encoder = new BinaryObjectEncoder(DEFAULT_REGISTRY);
    expect(() => encoder.writeObject(['x', 5])).toThrow(SerializationException);
    encoder.writeObject('y');
    expect(new BinaryObjectDecoder(encoder.toBytes(), DEFAULT_REGISTRY).readObject()).toBe('y');
  });
});
