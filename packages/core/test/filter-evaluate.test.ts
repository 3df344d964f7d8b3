import { describe, expect, it } from 'vitest';
import { ClassCastException, IllegalArgumentException } from '../src/errors.js';
import {
  AndFilter,
  evaluateFilter,
  FilterBuilder as F,
  type Filter,
  filterAccepts,
  NotFilter,
  OrFilter,
} from '../src/filter/index.js';
import { Attribute, Uid } from '../src/objects/attribute.js';
import { type ConnectorObject, ConnectorObjectBuilder } from '../src/objects/connector-object.js';
import { char, int, long } from '../src/values/boxed.js';
import type { AttributeValueInput } from '../src/values/value.js';

function object(attrs: Record<string, readonly (AttributeValueInput | null)[] | null>): ConnectorObject {
  const b = new ConnectorObjectBuilder().setUid(new Uid('u1', 'rev-1')).setName('bjensen');
  for (const [name, values] of Object.entries(attrs)) b.addAttribute(new Attribute(name, values));
  return b.build();
}

const obj = object({
  mail: ['Barbara.Jensen@example.com'],
  givenName: ['Barbara'],
  age: [int(42)],
  groups: ['admins', 'Users'],
  initials: [char('B'), char('J')],
  emptyList: [],
  nullList: null,
  photo: [new Uint8Array([1, 2])],
  nullValue: [null],
});

const T = F.equalTo('givenName', 'Barbara'); // TRUE
const FALSE = F.equalTo('givenName', 'Jane'); // FALSE
const U = F.equalTo('missing', 'x'); // UNDEFINED (absent attribute)

const evaluate = (f: Filter | null, caseIgnore = false) => evaluateFilter(f, obj, { caseIgnore });

describe('evaluateFilter: leaves', () => {
  it('is UNDEFINED for an absent attribute, whatever the leaf', () => {
    for (const f of [
      U,
      F.contains('missing', 'x'),
      F.startsWith('missing', 'x'),
      F.endsWith('missing', 'x'),
      F.greaterThan('missing', 1),
      F.lessThan('missing', 1),
      F.containsAllValues('missing', 'x'),
    ]) {
      expect(evaluate(f), f.toString()).toBe('UNDEFINED');
    }
  });

  it('Equals compares whole value lists in order, case-insensitively on request', () => {
    expect(evaluate(T)).toBe('TRUE');
    expect(evaluate(F.equalTo('givenName', 'barbara'))).toBe('FALSE');
    expect(evaluate(F.equalTo('givenName', 'barbara'), true)).toBe('TRUE');
    expect(evaluate(F.equalTo('GIVENNAME', 'Barbara'))).toBe('TRUE');
    expect(evaluate(F.equalTo('groups', 'admins', 'Users'))).toBe('TRUE');
    expect(evaluate(F.equalTo('groups', 'Users', 'admins'))).toBe('FALSE');
    expect(evaluate(F.equalTo('groups', 'admins'))).toBe('FALSE'); // decision 8, reproduced
    expect(evaluate(F.equalTo('initials', char('b'), char('j')), true)).toBe('TRUE');
    expect(evaluate(F.equalTo('age', 42))).toBe('TRUE');
    expect(evaluate(F.equalTo('age', long(42)))).toBe('FALSE'); // Integer vs Long: different Java values
    expect(evaluate(F.equalTo('nullList', 'x'))).toBe('UNDEFINED');
  });

  it('Equals on the Uid ignores the revision (GET as a search)', () => {
    expect(evaluate(F.equalTo(new Uid('u1')))).toBe('TRUE');
    expect(evaluate(F.equalTo(new Uid('u2')))).toBe('FALSE');
  });

  it('Contains / StartsWith / EndsWith need exactly one String value', () => {
    expect(evaluate(F.contains('mail', 'Jensen@'))).toBe('TRUE');
    expect(evaluate(F.contains('mail', 'jensen@'))).toBe('FALSE');
    expect(evaluate(F.contains('mail', 'jensen@'), true)).toBe('TRUE');
    expect(evaluate(F.startsWith('mail', 'barbara'), true)).toBe('TRUE');
    expect(evaluate(F.endsWith('mail', 'EXAMPLE.COM'), true)).toBe('TRUE');
    expect(evaluate(F.endsWith('mail', 'EXAMPLE.COM'))).toBe('FALSE');
    expect(evaluate(F.contains('groups', 'admins'))).toBe('UNDEFINED'); // multi-valued
    expect(evaluate(F.contains('age', '4'))).toBe('UNDEFINED'); // not a String
    expect(evaluate(F.contains('emptyList', 'x'))).toBe('UNDEFINED');
  });

  it('comparisons: single value, compareTo (compareToIgnoreCase with caseIgnore)', () => {
    expect(evaluate(F.greaterThan('age', 41))).toBe('TRUE');
    expect(evaluate(F.greaterThan('age', 42))).toBe('FALSE');
    expect(evaluate(F.greaterThanOrEqualTo('age', 42))).toBe('TRUE');
    expect(evaluate(F.lessThan('age', long(43)))).toBe('TRUE'); // numeric kinds compare numerically
    expect(evaluate(F.lessThanOrEqualTo('age', 41))).toBe('FALSE');
    expect(evaluate(F.greaterThan('givenName', 'a'))).toBe('FALSE'); // 'B' < 'a' in UTF-16
    expect(evaluate(F.greaterThan('givenName', 'a'), true)).toBe('TRUE');
    expect(evaluate(F.lessThan('groups', 'zzz'))).toBe('UNDEFINED'); // multi-valued
    expect(evaluate(F.lessThan('nullValue', 'zzz'))).toBe('UNDEFINED'); // decision 10
  });

  it('comparisons throw on non-Comparable or mismatched object values (decision 10)', () => {
    expect(() => evaluate(F.lessThan('photo', 'x'))).toThrow(IllegalArgumentException);
    expect(() => evaluate(F.lessThan('givenName', 5))).toThrow(ClassCastException);
  });

  it('ContainsAllValues', () => {
    expect(evaluate(F.containsAllValues('groups', 'Users', 'admins'))).toBe('TRUE');
    expect(evaluate(F.containsAllValues('groups', 'users'))).toBe('FALSE');
    expect(evaluate(F.containsAllValues('groups', 'users', 'ADMINS'), true)).toBe('TRUE');
    expect(evaluate(F.containsAllValues('groups'))).toBe('TRUE'); // empty filter list
    expect(evaluate(F.containsAllValues('emptyList', 'x'))).toBe('FALSE');
    expect(evaluate(F.containsAllValues('emptyList'))).toBe('TRUE');
    expect(evaluate(F.containsAllValues('nullList', 'x'))).toBe('UNDEFINED');
    expect(evaluate(F.containsAllValues('age', 42))).toBe('TRUE');
  });

  it('ContainsAllValues with caseIgnore: Characters match case-insensitively (decision 4, fixed)', () => {
    expect(evaluate(F.containsAllValues('initials', char('j')), true)).toBe('TRUE');
    expect(evaluate(F.containsAllValues('initials', char('x')), true)).toBe('FALSE');
    expect(evaluate(F.containsAllValues('initials', char('j')))).toBe('FALSE');
  });

  it('ContainsAllValues with caseIgnore: non-String values must still be found (decision 5, fixed)', () => {
    const o = object({ mixed: ['A', int(1)] });
    expect(evaluateFilter(F.containsAllValues('mixed', 'a', 2), o, { caseIgnore: true })).toBe('FALSE');
    expect(evaluateFilter(F.containsAllValues('mixed', 'a', 1), o, { caseIgnore: true })).toBe('TRUE');
  });

  it('Presence is TRUE/FALSE; ExtendedMatch is UNDEFINED', () => {
    expect(evaluate(F.present('MAIL'))).toBe('TRUE');
    expect(evaluate(F.present('nullList'))).toBe('TRUE');
    expect(evaluate(F.present('missing'))).toBe('FALSE');
    expect(evaluate(F.extendedMatch('ew', 'mail', 'com'))).toBe('UNDEFINED');
  });
});

describe('evaluateFilter: three-valued And / Or / Not', () => {
  it('And: FALSE wins; UNDEFINED children are ignored (decision 1, reproduced)', () => {
    expect(evaluate(F.and(T, T))).toBe('TRUE');
    expect(evaluate(F.and(T, FALSE))).toBe('FALSE');
    expect(evaluate(F.and(U, FALSE))).toBe('FALSE');
    expect(evaluate(F.and(T, U))).toBe('TRUE');
    expect(evaluate(F.and(U, T))).toBe('TRUE');
    expect(evaluate(F.and(U, U))).toBe('TRUE');
    expect(evaluate(new AndFilter([]))).toBe('TRUE');
  });

  it('Or: order-independent Kleene Or (decision 2, fixed)', () => {
    expect(evaluate(F.or(T, U))).toBe('TRUE');
    expect(evaluate(F.or(U, T))).toBe('TRUE'); // OpenICF: UNDEFINED
    expect(evaluate(F.or(FALSE, U))).toBe('UNDEFINED');
    expect(evaluate(F.or(U, FALSE))).toBe('UNDEFINED');
    expect(evaluate(F.or(FALSE, FALSE))).toBe('FALSE');
    expect(evaluate(F.or(FALSE, U, T))).toBe('TRUE');
    expect(evaluate(new OrFilter([]))).toBe('FALSE');
  });

  it('Not keeps UNDEFINED', () => {
    expect(evaluate(F.not(T))).toBe('FALSE');
    expect(evaluate(F.not(FALSE))).toBe('TRUE');
    expect(evaluate(F.not(U))).toBe('UNDEFINED');
    expect(evaluate(new NotFilter(F.and(U, U)))).toBe('FALSE');
  });

  it('filterAccepts: only TRUE passes; a null filter passes everything', () => {
    expect(filterAccepts(T, obj)).toBe(true);
    expect(filterAccepts(U, obj)).toBe(false);
    expect(filterAccepts(F.not(U), obj)).toBe(false);
    expect(filterAccepts(F.equalTo('givenName', 'BARBARA'), obj)).toBe(false);
    expect(filterAccepts(F.equalTo('givenName', 'BARBARA'), obj, true)).toBe(true);
    expect(filterAccepts(null, obj)).toBe(true);
    expect(evaluate(null)).toBe('TRUE');
  });
});

describe('Filter.accept: the simple evaluator', () => {
  it('Equals: attribute equality (class, name, ordered values)', () => {
    expect(T.accept(obj)).toBe(true);
    expect(F.equalTo('givenName', 'barbara').accept(obj)).toBe(false);
    expect(F.equalTo('groups', 'admins', 'Users').accept(obj)).toBe(true);
    expect(F.equalTo('groups', 'admins').accept(obj)).toBe(false);
    expect(U.accept(obj)).toBe(false);
    expect(F.equalTo(new Uid('u1', 'rev-1')).accept(obj)).toBe(true);
    expect(F.equalTo(new Uid('u1')).accept(obj)).toBe(false); // Attribute equality includes the revision
  });

  it('String filters test the first value, case-sensitively', () => {
    expect(F.contains('mail', 'Jensen').accept(obj)).toBe(true);
    expect(F.contains('mail', 'jensen').accept(obj)).toBe(false);
    expect(F.startsWith('groups', 'adm').accept(obj)).toBe(true);
    expect(F.endsWith('groups', 'ers').accept(obj)).toBe(false);
    expect(F.contains('age', '4').accept(obj)).toBe(false);
    expect(F.contains('missing', 'x').accept(obj)).toBe(false);
  });

  it('comparisons: multi-valued or absent never matches (quirk fixed)', () => {
    expect(F.greaterThan('age', 41).accept(obj)).toBe(true);
    expect(F.lessThanOrEqualTo('age', 42).accept(obj)).toBe(true);
    expect(F.lessThan('age', 42).accept(obj)).toBe(false);
    expect(F.lessThan('groups', 'zzz').accept(obj)).toBe(false); // OpenICF: true
    expect(F.lessThan('missing', 'zzz').accept(obj)).toBe(false); // OpenICF: true
    expect(F.lessThanOrEqualTo('groups', 'zzz').accept(obj)).toBe(false);
  });

  it('ContainsAllValues, And, Or, Not, Presence, ExtendedMatch', () => {
    expect(F.containsAllValues('groups', 'Users').accept(obj)).toBe(true);
    expect(F.containsAllValues('groups', 'users').accept(obj)).toBe(false);
    expect(F.containsAllValues('nullList').accept(obj)).toBe(false);
    expect(F.and(T, FALSE).accept(obj)).toBe(false);
    expect(F.or(FALSE, T).accept(obj)).toBe(true);
    expect(new AndFilter([]).accept(obj)).toBe(true);
    expect(new OrFilter([]).accept(obj)).toBe(false);
    expect(F.not(U).accept(obj)).toBe(true);
    expect(F.present('givenname').accept(obj)).toBe(true);
    expect(F.present('missing').accept(obj)).toBe(false);
    expect(F.extendedMatch('ew', 'mail', 'zzz').accept(obj)).toBe(true);
  });
});
