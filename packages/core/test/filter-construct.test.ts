import { describe, expect, it } from 'vitest';
import { IllegalArgumentException, IllegalStateException, NullPointerException } from '../src/errors.js';
import {
  AndFilter,
  ContainsAllValuesFilter,
  ContainsFilter,
  EqualsFilter,
  ExtendedMatchFilter,
  FilterBuilder as F,
  type Filter,
  type FilterVisitor,
  GreaterThanFilter,
  LessThanFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  StartsWithFilter,
} from '../src/filter/index.js';
import { Attribute, Name, Uid } from '../src/objects/attribute.js';
import { int } from '../src/values/boxed.js';
import { GuardedString } from '../src/values/guarded.js';

describe('filter constructors', () => {
  it('refuses a Uid in anything but Equals (and ContainsAllValues)', () => {
    expect(() => new GreaterThanFilter(new Uid('u1'))).toThrow(
      new IllegalArgumentException('GreaterThanFilter: Uid can only be used for equals comparison.'),
    );
    expect(() => F.startsWith('__UID__', 'u')).toThrow(/Uid can only be used for equals comparison/);
    expect(() => new ContainsFilter(new Attribute('__uid__', ['u']))).toThrow(IllegalArgumentException);
    expect(new EqualsFilter(new Uid('u1')).attribute).toBeInstanceOf(Uid);
    expect(new ContainsAllValuesFilter(new Uid('u1')).values).toEqual(['u1']);
  });

  it('refuses non-String values in String filters', () => {
    expect(() => F.contains(new Attribute('age', [42]))).toThrow(
      new IllegalArgumentException("ContainsFilter: the value of 'age' must be a String, got Integer."),
    );
    expect(() => new StartsWithFilter(new Attribute('flag', [true]))).toThrow(IllegalArgumentException);
    expect(F.contains(new Name('bob')).value).toBe('bob');
  });

  it('needs exactly one non-null value in single-value filters', () => {
    expect(() => F.contains(new Attribute('mail', ['a', 'b']))).toThrow(
      /exactly one non-null value, it has 2 values/,
    );
    expect(() => F.lessThan(new Attribute('n', []))).toThrow(IllegalArgumentException);
    expect(() => F.lessThan(new Attribute('n', null))).toThrow(/a null value list/);
    expect(() => F.lessThan(new Attribute('n', [null]))).toThrow(IllegalArgumentException);
  });

  it('needs a Comparable value in comparisons', () => {
    expect(() => F.greaterThan('photo', new Uint8Array([1]))).toThrow(/must be Comparable, got byte\[\]/);
    expect(() => new LessThanFilter(new Attribute('pw', [new GuardedString('x')]))).toThrow(
      IllegalArgumentException,
    );
    expect(F.greaterThan('n', 1).value).toEqual(int(1));
  });

  it('needs a non-blank presence name and extended-match operator', () => {
    expect(() => new PresenceFilter('')).toThrow(
      new IllegalArgumentException('PresenceFilter: the attribute name must not be blank.'),
    );
    expect(() => F.present('  ')).toThrow(IllegalArgumentException);
    expect(() => F.extendedMatch(' ', 'mail', 'x')).toThrow(IllegalArgumentException);
  });

  it('refuses null attributes and children', () => {
    expect(() => new EqualsFilter(null as unknown as Attribute)).toThrow(NullPointerException);
    expect(() => new ExtendedMatchFilter('ew', null as unknown as Attribute)).toThrow(NullPointerException);
    expect(() => new NotFilter(null as unknown as Filter)).toThrow(NullPointerException);
    expect(() => F.and(F.present('a'), null as unknown as Filter)).toThrow(
      new NullPointerException('AndFilter: sub-filter #1 must not be null.'),
    );
    expect(() => new ContainsAllValuesFilter(new Attribute('x', null))).toThrow(IllegalArgumentException);
  });
});

describe('composite filters', () => {
  const [a, b, c] = [F.present('a'), F.present('b'), F.present('c')];

  it('accept (left, right), varargs and iterables', () => {
    expect(new AndFilter(a, b).filters).toEqual([a, b]);
    expect(new OrFilter([a, b, c]).filters).toEqual([a, b, c]);
    expect(F.and(new Set([a, b])).filters).toEqual([a, b]);
    expect(F.or(a, b, c).filters).toHaveLength(3);
  });

  it('left is the first child; right is the second of two, else the same kind over the rest (G.1 fixed)', () => {
    const or = F.or(a, b, c);
    expect(or.left).toBe(a);
    expect(or.right).toBeInstanceOf(OrFilter);
    expect(or.right.equals(F.or(b, c))).toBe(true);
    expect(F.and(a, b, c).right.equals(F.and(b, c))).toBe(true);
    expect(F.and(a, b).right).toBe(b);
    expect(new OrFilter([a]).right.equals(new OrFilter([]))).toBe(true);
    expect(() => new AndFilter([]).left).toThrow(IllegalStateException);
  });
});

describe('equals, toString, toJSON, visit', () => {
  it('equals compares class and content', () => {
    expect(F.equalTo('mail', 'x').equals(F.equalTo('MAIL', 'x'))).toBe(true);
    expect(F.equalTo('mail', 'x').equals(F.equalTo('mail', 'X'))).toBe(false);
    expect(F.startsWith('mail', 'x').equals(F.endsWith('mail', 'x'))).toBe(false);
    expect(F.and(F.present('a'), F.present('b')).equals(F.and(F.present('A'), F.present('b')))).toBe(true);
    expect(F.and(F.present('a'), F.present('b')).equals(F.or(F.present('a'), F.present('b')))).toBe(false);
    expect(F.and(F.present('a'), F.present('b')).equals(F.and(F.present('b'), F.present('a')))).toBe(false);
    expect(F.not(F.present('a')).equals(F.not(F.present('a')))).toBe(true);
    expect(F.extendedMatch('ew', 'm', 'x').equals(F.extendedMatch('ca', 'm', 'x'))).toBe(false);
  });

  it('toString is readable', () => {
    expect(F.equalTo('mail', 'x').toString()).toBe('EQUALS: mail = "x"');
    expect(F.equalTo('groups', 'a', 'b').toString()).toBe('EQUALS: groups = ["a", "b"]');
    expect(F.greaterThanOrEqualTo('age', 42).toString()).toBe('GREATERTHANOREQUAL: age >= 42');
    expect(F.contains('mail', 'x').toString()).toBe('CONTAINS: mail contains "x"');
    expect(F.containsAllValues('g', 'a', 1).toString()).toBe('CONTAINSALLVALUES: g containsAll ["a", 1]');
    expect(F.and(F.present('a'), F.not(F.lessThan('n', 3))).toString()).toBe(
      'AND: (PRESENT: a, NOT: (LESSTHAN: n < 3))',
    );
    expect(F.extendedMatch('ew', 'mail', 'com').toString()).toBe('EXTENDEDMATCH: mail ew "com"');
  });

  it('toJSON gives plain data', () => {
    expect(JSON.parse(JSON.stringify(F.or(F.equalTo('age', 42), F.not(F.present('x')))))).toEqual({
      operation: 'OR',
      filters: [
        { operation: 'EQUALS', attribute: { name: 'age', value: [42] } },
        { operation: 'NOT', filter: { operation: 'PRESENT', name: 'x' } },
      ],
    });
    expect(F.extendedMatch('ew', 'mail', 'com').toJSON()).toEqual({
      operation: 'EXTENDEDMATCH',
      operator: 'ew',
      attribute: { name: 'mail', value: ['com'] },
    });
  });

  it('visit dispatches to the matching method; Presence and ExtendedMatch to visitExtendedFilter', () => {
    const names = new Proxy({} as FilterVisitor<string, number>, {
      get: (_t, method: string) => (param: number, filter: Filter) =>
        `${method}:${param}:${filter.operation}`,
    });
    expect(F.equalTo('a', 1).visit(names, 7)).toBe('visitEqualsFilter:7:EQUALS');
    expect(F.greaterThanOrEqualTo('a', 1).visit(names, 0)).toBe(
      'visitGreaterThanOrEqualFilter:0:GREATERTHANOREQUAL',
    );
    expect(F.containsAllValues('a', 1).visit(names, 0)).toBe(
      'visitContainsAllValuesFilter:0:CONTAINSALLVALUES',
    );
    expect(F.present('a').visit(names, 0)).toBe('visitExtendedFilter:0:PRESENT');
    expect(F.extendedMatch('ew', 'a', 'x').visit(names, 0)).toBe('visitExtendedFilter:0:EXTENDEDMATCH');
    expect(F.not(F.present('a')).visit(names, 0)).toBe('visitNotFilter:0:NOT');
    expect(F.or(F.present('a')).visit(names, 0)).toBe('visitOrFilter:0:OR');
  });
});
