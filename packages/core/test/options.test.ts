import { describe, expect, it } from 'vitest';
import {
  ClassCastException,
  IllegalArgumentException,
  UnsupportedOperationException,
} from '../src/errors.js';
import { Uid } from '../src/objects/attribute.js';
import { ObjectClass } from '../src/objects/object-class.js';
import {
  isOptionValue,
  OperationOptions,
  OperationOptionsBuilder,
  OptionKeys,
  STANDARD_OPTION_TYPES,
  toOptionValue,
} from '../src/objects/operation-options.js';
import { QualifiedUid } from '../src/objects/qualified-uid.js';
import { Script } from '../src/objects/script.js';
import { CountPolicyValue } from '../src/objects/search-result.js';
import { SortKey } from '../src/objects/sort-key.js';
import { int, JavaDouble, JavaInteger, JavaLong, long } from '../src/values/boxed.js';
import { GuardedString } from '../src/values/guarded.js';
import { OPTION_TYPES } from '../src/values/java-type.js';
import { arrayOf, JavaArray, javaTypeOf } from '../src/values/value.js';

describe('OptionKeys', () => {
  it('uses the wire keys of the spec table and the three scope values', () => {
    expect(OptionKeys).toMatchObject({
      SCOPE: 'SCOPE',
      CONTAINER: 'CONTAINER',
      RUN_AS_USER: 'RUN_AS_USER',
      RUN_WITH_PASSWORD: 'RUN_WITH_PASSWORD',
      ATTRS_TO_GET: 'ATTRS_TO_GET',
      PAGED_RESULTS_COOKIE: 'PAGED_RESULTS_COOKIE',
      PAGED_RESULTS_OFFSET: 'PAGED_RESULTS_OFFSET',
      PAGE_SIZE: 'PAGE_SIZE',
      SORT_KEYS: 'SORT_KEYS',
      TOTAL_PAGED_RESULTS_POLICY: 'TOTAL_PAGED_RESULTS_POLICY',
      FAIL_ON_ERROR: 'FAIL_ON_ERROR',
      REQUIRE_SERIAL: 'REQUIRE_SERIAL',
      SCOPE_OBJECT: 'object',
      SCOPE_ONE_LEVEL: 'onelevel',
      SCOPE_SUBTREE: 'subtree',
    });
    expect(OperationOptions.OP_ATTRIBUTES_TO_GET).toBe('ATTRS_TO_GET');
    expect(OperationOptions.SCOPE_SUBTREE).toBe('subtree');
  });

  it('declares a Java type for each standard key that is a valid option type', () => {
    expect(STANDARD_OPTION_TYPES.PAGE_SIZE).toBe('Integer');
    expect(STANDARD_OPTION_TYPES.ATTRS_TO_GET).toBe('String[]');
    expect(STANDARD_OPTION_TYPES.SORT_KEYS).toBe('SortKey[]');
    for (const type of Object.values(STANDARD_OPTION_TYPES)) expect(OPTION_TYPES.has(type)).toBe(true);
  });
});

describe('OperationOptions defaults', () => {
  it('gives the documented defaults for empty options', () => {
    const o = new OperationOptions();
    expect(o.size).toBe(0);
    expect(o.scope).toBeNull();
    expect(o.container).toBeNull();
    expect(o.runAsUser).toBeNull();
    expect(o.runWithPassword).toBeNull();
    expect(o.attributesToGet).toBeNull();
    expect(o.pagedResultsCookie).toBeNull();
    expect(o.pagedResultsOffset).toBeNull();
    expect(o.pageSize).toBeNull();
    expect(o.sortKeys).toBeNull();
    expect(o.totalPagedResultsPolicy).toBe('NONE');
    expect(o.failOnError).toBe(false);
    expect(o.requireSerial).toBe(false);
    expect(o.get('anything')).toBeNull();
    expect(OperationOptions.EMPTY.equals(o)).toBe(true);
  });
});

describe('OperationOptionsBuilder', () => {
  it('stores every standard option with its Java type and reads it back', () => {
    const container = new QualifiedUid(ObjectClass.GROUP, new Uid('ou=people'));
    const password = new GuardedString('secret');
    const o = new OperationOptionsBuilder()
      .setScope(OptionKeys.SCOPE_SUBTREE)
      .setContainer(container)
      .setRunAsUser('bob')
      .setRunWithPassword(password)
      .setAttributesToGet('mail', 'cn')
      .setPagedResultsCookie('c1')
      .setPagedResultsOffset(3)
      .setPageSize(25)
      .setSortKeys(SortKey.ascendingOrder('cn'), SortKey.descendingOrder('mail'))
      .setTotalPagedResultsPolicy('EXACT')
      .setFailOnError(true)
      .setRequireSerial(true)
      .build();

    expect(o.scope).toBe('subtree');
    expect(o.container?.equals(container)).toBe(true);
    expect(o.runAsUser).toBe('bob');
    expect(o.runWithPassword).toBe(password);
    expect(o.attributesToGet).toEqual(['mail', 'cn']);
    expect(o.pagedResultsCookie).toBe('c1');
    expect(o.pagedResultsOffset).toBe(3);
    expect(o.pageSize).toBe(25);
    expect(o.sortKeys?.map(String)).toEqual(['+cn', '-mail']);
    expect(o.totalPagedResultsPolicy).toBe('EXACT');
    expect(o.failOnError).toBe(true);
    expect(o.requireSerial).toBe(true);

    // The stored values carry their exact Java types for the wire encoder.
    expect(javaTypeOf(o.get('ATTRS_TO_GET'))).toBe('String[]');
    expect(javaTypeOf(o.get('SORT_KEYS'))).toBe('SortKey[]');
    expect(o.get('PAGE_SIZE')).toBeInstanceOf(JavaInteger);
    expect(o.get('PAGED_RESULTS_OFFSET')).toBeInstanceOf(JavaInteger);
    expect(javaTypeOf(o.get('TOTAL_PAGED_RESULTS_POLICY'))).toBe('CountPolicy');
    expect(o.get('TOTAL_PAGED_RESULTS_POLICY')).toBe(CountPolicyValue.EXACT);
    expect(javaTypeOf(o.get('CONTAINER'))).toBe('QualifiedUid');
    expect(o.get('FAIL_ON_ERROR')).toBe(true);
    expect(o.get('REQUIRE_SERIAL')).toBe(true);
  });

  it('accepts an iterable for ATTRS_TO_GET and an empty list keeps the String[] type', () => {
    const o = new OperationOptionsBuilder().setAttributesToGet(new Set(['a', 'b'])).build();
    expect(o.attributesToGet).toEqual(['a', 'b']);
    const empty = new OperationOptionsBuilder().setAttributesToGet([]).build();
    expect(empty.attributesToGet).toEqual([]);
    expect((empty.get('ATTRS_TO_GET') as JavaArray).componentType).toBe('String');
    const none = new OperationOptionsBuilder().setAttributesToGet().build();
    expect(none.attributesToGet).toEqual([]);
  });

  it('converts JS arrays given to setOption for standard keys', () => {
    const o = new OperationOptionsBuilder()
      .setOption('ATTRS_TO_GET', ['x'])
      .setOption('SORT_KEYS', [SortKey.parse('-x')])
      .setOption('PAGE_SIZE', 10)
      .setOption('TOTAL_PAGED_RESULTS_POLICY', 'ESTIMATE')
      .build();
    expect(o.get('ATTRS_TO_GET')).toBeInstanceOf(JavaArray);
    expect(o.sortKeys?.[0]?.isAscendingOrder).toBe(false);
    expect(o.pageSize).toBe(10);
    expect(o.totalPagedResultsPolicy).toBe('ESTIMATE');
  });

  it.each([
    ['PAGE_SIZE', '10'],
    ['PAGE_SIZE', 1.5],
    ['PAGE_SIZE', 2 ** 31],
    ['PAGE_SIZE', long(10)],
    ['PAGED_RESULTS_OFFSET', true],
    ['ATTRS_TO_GET', 'mail'],
    ['ATTRS_TO_GET', ['mail', 5]],
    ['ATTRS_TO_GET', arrayOf('Integer', [int(1)])],
    ['SORT_KEYS', ['+cn']],
    ['SCOPE', 5],
    ['CONTAINER', new Uid('1')],
    ['RUN_AS_USER', 1],
    ['RUN_WITH_PASSWORD', 'secret'],
    ['PAGED_RESULTS_COOKIE', 7],
    ['TOTAL_PAGED_RESULTS_POLICY', 'ALL'],
    ['FAIL_ON_ERROR', 'true'],
    ['REQUIRE_SERIAL', 1],
  ])('rejects %s = %j with an IllegalArgumentException naming the option', (name, value) => {
    const builder = new OperationOptionsBuilder();
    expect(() => builder.setOption(name, value)).toThrow(IllegalArgumentException);
    expect(() => builder.setOption(name, value)).toThrow(name);
  });

  it('rejects wrong types through the typed setters too', () => {
    const b = new OperationOptionsBuilder();
    expect(() => b.setPageSize('10' as never)).toThrow(/PAGE_SIZE/);
    expect(() => b.setPagedResultsOffset(0.5)).toThrow(/PAGED_RESULTS_OFFSET/);
    expect(() => b.setAttributesToGet(['a', null as never])).toThrow(/ATTRS_TO_GET/);
    expect(() => b.setSortKeys(['cn' as never])).toThrow(/SORT_KEYS/);
    expect(() => b.setTotalPagedResultsPolicy('SOME' as never)).toThrow(/TOTAL_PAGED_RESULTS_POLICY/);
  });

  it('stores REQUIRE_SERIAL as given and reads it like Boolean.valueOf', () => {
    const asString = new OperationOptionsBuilder().setRequireSerial('TRUE').build();
    expect(asString.get('REQUIRE_SERIAL')).toBe('TRUE');
    expect(asString.requireSerial).toBe(true);
    expect(new OperationOptionsBuilder().setRequireSerial('false').build().requireSerial).toBe(false);
    expect(new OperationOptionsBuilder().setRequireSerial('yes').build().requireSerial).toBe(false);
    expect(new OperationOptionsBuilder().setRequireSerial(false).build().get('REQUIRE_SERIAL')).toBe(false);
  });

  it('converts generic values for custom options', () => {
    const o = new OperationOptionsBuilder()
      .setOption('int', 5)
      .setOption('long', 2 ** 40)
      .setOption('double', 1.5)
      .setOption('big', 2n ** 62n)
      .setOption('str', 'x')
      .setOption('bool', false)
      .setOption('strings', ['a', 'b'])
      .setOption('ints', [1, 2, null])
      .setOption('longs', [1, 2 ** 40])
      .setOption('doubles', [1, 2.5])
      .setOption('classes', [ObjectClass.ACCOUNT, ObjectClass.GROUP])
      .setOption('script', new Script('Groovy', 'return 1'))
      .setOption('typed', arrayOf('Long', [long(1)]))
      .setOption('nothing', null)
      .build();
    expect(o.get('int')).toEqual(int(5));
    expect(o.get('long')).toBeInstanceOf(JavaLong);
    expect(o.get('double')).toBeInstanceOf(JavaDouble);
    expect((o.get('big') as JavaLong).value).toBe(2n ** 62n);
    expect(javaTypeOf(o.get('strings'))).toBe('String[]');
    expect(javaTypeOf(o.get('ints'))).toBe('Integer[]');
    expect((o.get('ints') as JavaArray).items[2]).toBeNull();
    expect(javaTypeOf(o.get('longs'))).toBe('Long[]');
    expect(javaTypeOf(o.get('doubles'))).toBe('Double[]');
    expect(javaTypeOf(o.get('classes'))).toBe('ObjectClass[]');
    expect(javaTypeOf(o.get('script'))).toBe('Script');
    expect(javaTypeOf(o.get('typed'))).toBe('Long[]');
    expect(o.has('nothing')).toBe(true);
    expect(o.get('nothing')).toBeNull();
  });

  it.each([
    ['map', new Map([['a', 1]])],
    ['object', { a: 1 }],
    ['bytes', new Uint8Array([1])],
    ['mixed', ['a', 1]],
    ['empty', []],
    ['nulls', [null]],
    ['nested', [['a']]],
    ['fn', () => 1],
    ['fake', { javaType: 'String' }],
    ['hugeBigint', 2n ** 64n],
  ])('rejects unsupported custom option %s', (name, value) => {
    expect(() => new OperationOptionsBuilder().setOption(name, value)).toThrow(IllegalArgumentException);
    expect(() => new OperationOptionsBuilder().setOption(name, value)).toThrow(name);
  });

  it('rejects blank option names', () => {
    expect(() => new OperationOptionsBuilder().setOption(' ', 1)).toThrow(IllegalArgumentException);
  });

  it('copies existing options and plain maps', () => {
    const base = new OperationOptionsBuilder().setPageSize(5).build();
    const next = new OperationOptionsBuilder(base).setPagedResultsCookie('c').build();
    expect(next.pageSize).toBe(5);
    expect(next.pagedResultsCookie).toBe('c');
    expect(base.has('PAGED_RESULTS_COOKIE')).toBe(false);
    const fromObject = new OperationOptionsBuilder({ PAGE_SIZE: 2, custom: 'x' }).build();
    expect(fromObject.pageSize).toBe(2);
    expect(fromObject.get('custom')).toBe('x');
  });
});

describe('OperationOptions', () => {
  it('is immutable', () => {
    const o = new OperationOptionsBuilder().setPageSize(1).build();
    expect(() => (o.options as Map<string, unknown>).set('PAGE_SIZE', int(2))).toThrow(
      UnsupportedOperationException,
    );
    expect(() => (o.options as Map<string, unknown>).delete('PAGE_SIZE')).toThrow(
      UnsupportedOperationException,
    );
    const names = o.attributesToGet;
    expect(names).toBeNull();
    const withAttrs = new OperationOptionsBuilder().setAttributesToGet('a').build();
    withAttrs.attributesToGet?.push('b');
    expect(withAttrs.attributesToGet).toEqual(['a']);
  });

  it('checks canonical values in the constructor but not the per-key types', () => {
    expect(() => new OperationOptions({ PAGE_SIZE: 5 })).toThrow(IllegalArgumentException);
    expect(() => new OperationOptions({ ATTRS_TO_GET: ['a'] })).toThrow(/ATTRS_TO_GET/);
    const odd = new OperationOptions({ PAGE_SIZE: 'ten' });
    expect(() => odd.pageSize).toThrow(ClassCastException);
    expect(new OperationOptions(new Map([['PAGE_SIZE', long(7)]])).pageSize).toBe(7);
    expect(
      new OperationOptions({ TOTAL_PAGED_RESULTS_POLICY: CountPolicyValue.ESTIMATE }).totalPagedResultsPolicy,
    ).toBe('ESTIMATE');
  });

  it('recognises option values', () => {
    expect(isOptionValue('x')).toBe(true);
    expect(isOptionValue(int(1))).toBe(true);
    expect(isOptionValue(arrayOf('SortKey', [SortKey.parse('a')]))).toBe(true);
    expect(isOptionValue(arrayOf('SortKey', ['a']))).toBe(false);
    expect(isOptionValue(arrayOf('Map', []))).toBe(false);
    expect(isOptionValue(new Map())).toBe(false);
    expect(isOptionValue(5)).toBe(false);
    expect(toOptionValue('x', undefined)).toBeNull();
  });

  it('compares by content and renders without secrets', () => {
    const make = () =>
      new OperationOptionsBuilder()
        .setAttributesToGet('a')
        .setRunWithPassword(new GuardedString('pw'))
        .setSortKeys(SortKey.parse('b'))
        .build();
    expect(make().equals(make())).toBe(true);
    expect(make().equals(new OperationOptionsBuilder().setAttributesToGet('b').build())).toBe(false);
    const text = make().toString();
    expect(text).toContain('ATTRS_TO_GET=[a]');
    expect(text).not.toContain('pw]');
    expect(JSON.stringify(make())).toBe(
      '{"ATTRS_TO_GET":["a"],"RUN_WITH_PASSWORD":"[GuardedString]","SORT_KEYS":["+b"]}',
    );
  });
});
