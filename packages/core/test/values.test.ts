import { describe, expect, it } from 'vitest';
import {
  bigDecimal,
  bigInteger,
  byte,
  ClassCastException,
  char,
  compareValues,
  double,
  float,
  GuardedByteArray,
  GuardedString,
  IllegalArgumentException,
  InvalidAttributeValueException,
  int,
  JavaBigDecimal,
  JavaDouble,
  JavaInteger,
  JavaLong,
  javaTypeOf,
  long,
  toAttributeValue,
  valueEquals,
  valueToString,
} from '../src/index.js';

describe('boxed Java values', () => {
  it('keeps the Java type of each numeric kind', () => {
    expect(javaTypeOf(int(5))).toBe('Integer');
    expect(javaTypeOf(long(5))).toBe('Long');
    expect(javaTypeOf(double(5))).toBe('Double');
    expect(javaTypeOf(float(5))).toBe('Float');
    expect(javaTypeOf(byte(5))).toBe('Byte');
    expect(javaTypeOf(char('x'))).toBe('Character');
    expect(javaTypeOf(bigInteger(5))).toBe('BigInteger');
    expect(javaTypeOf(bigDecimal('5.0'))).toBe('BigDecimal');
    expect(javaTypeOf('x')).toBe('String');
    expect(javaTypeOf(true)).toBe('Boolean');
    expect(javaTypeOf(new Uint8Array([1]))).toBe('byte[]');
    expect(javaTypeOf(new GuardedString('s'))).toBe('GuardedString');
    expect(javaTypeOf(new GuardedByteArray(new Uint8Array([1])))).toBe('GuardedByteArray');
    expect(javaTypeOf(new Map())).toBe('Map');
  });

  it('does not treat values of different Java types as equal', () => {
    expect(valueEquals(int(5), long(5))).toBe(false);
    expect(valueEquals(double(5), float(5))).toBe(false);
    expect(valueEquals(int(5), int(5))).toBe(true);
  });

  it('holds a Long above 2^53 without losing precision', () => {
    const big = long(2n ** 60n + 1n);
    expect(big.value).toBe(1152921504606846977n);
    expect(long('9223372036854775807').value).toBe(2n ** 63n - 1n);
    expect(JSON.stringify({ v: big })).toBe('{"v":"1152921504606846977"}');
    expect(JSON.stringify({ v: long(42) })).toBe('{"v":42}');
  });

  it('rejects out-of-range and lossy input with IllegalArgumentException', () => {
    expect(() => int(2 ** 31)).toThrow(IllegalArgumentException);
    expect(() => int(1.5)).toThrow(IllegalArgumentException);
    expect(() => long(2 ** 60)).toThrow(/safe integer/);
    expect(() => long(2n ** 63n)).toThrow(IllegalArgumentException);
    expect(() => byte(128)).toThrow(IllegalArgumentException);
    expect(() => char('ab')).toThrow(IllegalArgumentException);
    expect(() => bigDecimal('1.2.3')).toThrow(IllegalArgumentException);
  });

  it('rounds Float to 32-bit precision', () => {
    expect(float(0.1).value).toBe(Math.fround(0.1));
  });

  it('parses and prints BigDecimal with its scale', () => {
    const d = bigDecimal('-12.340');
    expect(d).toBeInstanceOf(JavaBigDecimal);
    expect(d.unscaled).toBe(-12340n);
    expect(d.scale).toBe(3);
    expect(d.toString()).toBe('-12.340');
    expect(bigDecimal('1E+3').toString()).toBe('1E+3');
    expect(bigDecimal('1E+3').toPlainString()).toBe('1000');
    expect(bigDecimal('0.0000001').toString()).toBe('1E-7');
    expect(bigDecimal('0.000001').toString()).toBe('0.000001');
    expect(bigDecimal('-1.50E-9').toString()).toBe('-1.50E-9');
    expect(bigDecimal('0.05').toString()).toBe('0.05');
    expect(valueEquals(bigDecimal('1.5'), bigDecimal('1.50'))).toBe(false);
    expect(compareValues(bigDecimal('1.5'), bigDecimal('1.50'))).toBe(0);
    expect(compareValues(bigDecimal('-2'), bigDecimal('1'))).toBeLessThan(0);
    expect(compareValues(bigDecimal('0.5'), bigDecimal('5E-1'))).toBe(0);
  });

  it('compares decimals with extreme scales without building huge powers of ten', () => {
    const tiny = new JavaBigDecimal(1n, 2 ** 31 - 1);
    const huge = new JavaBigDecimal(1n, -(2 ** 31));
    expect(compareValues(tiny, huge)).toBeLessThan(0);
    expect(compareValues(huge, bigDecimal('1'))).toBeGreaterThan(0);
    expect(tiny.toString()).toBe('1E-2147483647');
    expect(huge.toString()).toBe('1E+2147483648');
  });
});

describe('untyped input conversion', () => {
  it('maps JS numbers to Integer, Long or Double', () => {
    expect(toAttributeValue(5)).toBeInstanceOf(JavaInteger);
    expect(toAttributeValue(2 ** 40)).toBeInstanceOf(JavaLong);
    expect(toAttributeValue(1.5)).toBeInstanceOf(JavaDouble);
    expect(toAttributeValue(5n)).toBeInstanceOf(JavaLong);
    expect(javaTypeOf(toAttributeValue(2n ** 70n))).toBe('BigInteger');
  });

  it('turns plain objects into String-keyed maps, recursively', () => {
    const v = toAttributeValue({ a: 1, b: { c: ['x', null, 2.5] } }) as ReadonlyMap<string, unknown>;
    expect(v).toBeInstanceOf(Map);
    const b = v.get('b') as ReadonlyMap<string, unknown>;
    const c = b.get('c') as unknown[];
    expect(c[0]).toBe('x');
    expect(c[1]).toBeNull();
    expect(c[2]).toBeInstanceOf(JavaDouble);
  });

  it('rejects a Map with non-String keys, naming the path', () => {
    const bad = new Map<unknown, unknown>([[1, 'x']]);
    expect(() => toAttributeValue({ nested: bad as never }, 'attr')).toThrow(InvalidAttributeValueException);
    expect(() => toAttributeValue({ nested: bad as never }, 'attr')).toThrow(
      "Map Attribute 'attr/nested' must have String key, type: number",
    );
  });

  it('rejects unsupported value types', () => {
    expect(() => toAttributeValue(new Date() as never)).toThrow(InvalidAttributeValueException);
    expect(() => toAttributeValue((() => 1) as never)).toThrow(/unsupported value type/);
  });
});

describe('comparison and string form', () => {
  it('compares Strings by UTF-16 code units and numbers across kinds', () => {
    expect(compareValues('B', 'a')).toBeLessThan(0);
    expect(compareValues('B', 'a', true)).toBeGreaterThan(0);
    expect(compareValues(int(5), long(2n ** 60n))).toBeLessThan(0);
    expect(compareValues(double(2.5), int(2))).toBeGreaterThan(0);
    expect(() => compareValues('a', int(1))).toThrow(ClassCastException);
  });

  it('gives getAsStringValue-like text without revealing secrets', () => {
    expect(valueToString(long(7))).toBe('7');
    expect(valueToString(true)).toBe('true');
    expect(valueToString(new Uint8Array([1, 2, 3]))).toBe('AQID');
    expect(valueToString(new GuardedString('secret'))).toBe('[GuardedString]');
  });
});
