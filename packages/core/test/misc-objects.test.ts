import { describe, expect, it } from 'vitest';
import {
  IllegalArgumentException,
  NullPointerException,
  UnsupportedOperationException,
} from '../src/errors.js';
import { Uid } from '../src/objects/attribute.js';
import { ObjectClass } from '../src/objects/object-class.js';
import { QualifiedUid } from '../src/objects/qualified-uid.js';
import { ReadOnlyMap, Script, ScriptContext, ScriptContextBuilder } from '../src/objects/script.js';
import {
  COUNT_POLICIES,
  CountPolicy,
  CountPolicyValue,
  isCountPolicy,
  NO_COUNT,
  SearchResult,
} from '../src/objects/search-result.js';
import { SortKey } from '../src/objects/sort-key.js';
import { javaTypeOf } from '../src/values/value.js';

describe('SortKey', () => {
  it('parses and formats +field / -field / field', () => {
    expect(SortKey.parse('+cn').equals(new SortKey('cn', true))).toBe(true);
    expect(SortKey.parse('-cn').equals(new SortKey('cn', false))).toBe(true);
    expect(SortKey.parse('cn').isAscendingOrder).toBe(true);
    expect(SortKey.parse('cn').toString()).toBe('+cn');
    expect(SortKey.descendingOrder('mail').toString()).toBe('-mail');
    expect(String(SortKey.ascendingOrder('mail'))).toBe('+mail');
    expect(JSON.stringify([SortKey.parse('-a')])).toBe('["-a"]');
  });

  it('reverses and compares', () => {
    const asc = SortKey.ascendingOrder('cn');
    const desc = SortKey.reverseOrder(asc);
    expect(desc.isAscendingOrder).toBe(false);
    expect(desc.field).toBe('cn');
    expect(SortKey.reverseOrder(desc).equals(asc)).toBe(true);
    expect(asc.equals(SortKey.ascendingOrder('CN'))).toBe(false);
    expect(javaTypeOf(asc)).toBe('SortKey');
  });

  it('rejects a blank field', () => {
    expect(() => new SortKey('', true)).toThrow(IllegalArgumentException);
    expect(() => new SortKey('  ', false)).toThrow(IllegalArgumentException);
    expect(() => SortKey.parse('-')).toThrow(IllegalArgumentException);
    expect(() => SortKey.parse('+ ')).toThrow(IllegalArgumentException);
    expect(() => new SortKey('cn', 'yes' as never)).toThrow(IllegalArgumentException);
    expect(() => SortKey.reverseOrder(null as never)).toThrow(NullPointerException);
  });
});

describe('QualifiedUid', () => {
  it('holds a class and a uid, both required', () => {
    const q = new QualifiedUid(ObjectClass.GROUP, new Uid('g1'));
    expect(q.objectClass.type).toBe('__GROUP__');
    expect(q.uid.uidValue).toBe('g1');
    expect(javaTypeOf(q)).toBe('QualifiedUid');
    expect(q.equals(new QualifiedUid(new ObjectClass('__group__'), new Uid('g1')))).toBe(true);
    expect(q.equals(new QualifiedUid(ObjectClass.GROUP, new Uid('g1', 'r')))).toBe(false);
    expect(q.equals(new QualifiedUid(ObjectClass.ACCOUNT, new Uid('g1')))).toBe(false);
    expect(JSON.stringify(q)).toBe('{"objectClass":"__GROUP__","uid":"g1"}');
    expect(() => new QualifiedUid(null as never, new Uid('1'))).toThrow(NullPointerException);
    expect(() => new QualifiedUid(ObjectClass.ACCOUNT, null as never)).toThrow(NullPointerException);
    expect(() => new QualifiedUid(ObjectClass.ACCOUNT, '1' as never)).toThrow(IllegalArgumentException);
  });
});

describe('Script', () => {
  it('holds language and text', () => {
    const s = new Script('Groovy', 'return 1');
    expect(javaTypeOf(s)).toBe('Script');
    expect(s.equals(new Script('Groovy', 'return 1'))).toBe(true);
    expect(s.equals(new Script('groovy', 'return 1'))).toBe(false);
    expect(new Script('Groovy', '').scriptText).toBe('');
    expect(() => new Script(' ', 'x')).toThrow(IllegalArgumentException);
    expect(() => new Script('Groovy', null as never)).toThrow(NullPointerException);
  });
});

describe('ScriptContext', () => {
  it('requires non-blank language and text', () => {
    expect(() => new ScriptContext('', 'x')).toThrow(IllegalArgumentException);
    expect(() => new ScriptContext('Groovy', ' ')).toThrow(IllegalArgumentException);
    expect(new ScriptContext('Groovy', 'x').scriptArguments.size).toBe(0);
  });

  it('copies the arguments and keeps them read-only', () => {
    const nested = new Map<string, unknown>([['k', 1]]);
    const list = ['a'];
    const args = new Map<string, unknown>([
      ['a', 1],
      ['nested', nested],
      ['list', list],
    ]);
    const ctx = new ScriptContext('Groovy', 'return a', args);
    args.set('b', 2);
    nested.set('k', 2);
    list.push('b');
    expect(ctx.scriptArguments.has('b')).toBe(false);
    expect((ctx.scriptArguments.get('nested') as Map<string, unknown>).get('k')).toBe(1);
    expect(ctx.scriptArguments.get('list')).toEqual(['a']);
    const mutable = ctx.scriptArguments as Map<string, unknown>;
    expect(() => mutable.set('c', 3)).toThrow(UnsupportedOperationException);
    expect(() => mutable.delete('a')).toThrow(UnsupportedOperationException);
    expect(() => mutable.clear()).toThrow(UnsupportedOperationException);
    expect(ctx.scriptArguments).toBeInstanceOf(Map);
    expect(ctx.scriptArguments.get('a')).toBe(1);
  });

  it('accepts a plain object of arguments and builds step by step', () => {
    const ctx = new ScriptContext('Groovy', 'x', { a: 1, b: 'two' });
    expect([...ctx.scriptArguments.keys()]).toEqual(['a', 'b']);
    const built = new ScriptContextBuilder('Groovy', 'x')
      .addScriptArgument('a', 1)
      .addScriptArgument('b', 'two')
      .build();
    expect(built.equals(ctx)).toBe(true);
    expect(JSON.stringify(built)).toBe(
      '{"scriptLanguage":"Groovy","scriptText":"x","scriptArguments":{"a":1,"b":"two"}}',
    );
    expect(() => new ScriptContextBuilder().build()).toThrow(IllegalArgumentException);
  });

  it('ReadOnlyMap copies its input', () => {
    const m = new ReadOnlyMap([['x', 1]]);
    expect(m.get('x')).toBe(1);
    expect(() => m.set('y', 2)).toThrow(UnsupportedOperationException);
  });
});

describe('SearchResult and CountPolicy', () => {
  it('has the three policies', () => {
    expect(COUNT_POLICIES).toEqual(['NONE', 'ESTIMATE', 'EXACT']);
    expect(CountPolicy.EXACT).toBe('EXACT');
    expect(isCountPolicy('ESTIMATE')).toBe(true);
    expect(isCountPolicy('exact')).toBe(false);
    expect(CountPolicyValue.of('EXACT')).toBe(CountPolicyValue.EXACT);
    expect(javaTypeOf(CountPolicyValue.NONE)).toBe('CountPolicy');
    expect(() => CountPolicyValue.of('ALL' as never)).toThrow(IllegalArgumentException);
  });

  it('defaults to (null, NONE, -1, -1)', () => {
    const r = new SearchResult();
    expect(r.pagedResultsCookie).toBeNull();
    expect(r.totalPagedResultsPolicy).toBe('NONE');
    expect(r.totalPagedResults).toBe(NO_COUNT);
    expect(r.totalPagedResults).toBe(-1);
    expect(r.remainingPagedResults).toBe(-1);
    expect(SearchResult.NO_COUNT).toBe(-1);
  });

  it('(cookie, remaining) gives (cookie, NONE, -1, remaining)', () => {
    const r = new SearchResult('next', 40);
    expect(r.toJSON()).toEqual({
      pagedResultsCookie: 'next',
      totalPagedResultsPolicy: 'NONE',
      totalPagedResults: -1,
      remainingPagedResults: 40,
    });
  });

  it('takes all four fields, a null policy meaning NONE', () => {
    const r = new SearchResult(null, 'EXACT', 100, 0);
    expect(r.totalPagedResultsPolicy).toBe('EXACT');
    expect(r.totalPagedResults).toBe(100);
    expect(new SearchResult('c', null, 5, 3).totalPagedResultsPolicy).toBe('NONE');
    expect(new SearchResult('c', CountPolicyValue.ESTIMATE, 5, 3).totalPagedResultsPolicy).toBe('ESTIMATE');
    expect(r.equals(new SearchResult(null, 'EXACT', 100, 0))).toBe(true);
    expect(r.equals(new SearchResult(null, 'EXACT', 100, 1))).toBe(false);
    expect(r.toString()).toContain('totalPagedResults=100');
  });

  it('rejects bad fields', () => {
    expect(() => new SearchResult(5 as never, 1)).toThrow(IllegalArgumentException);
    expect(() => new SearchResult(null, 1.5)).toThrow(IllegalArgumentException);
    expect(() => new SearchResult(null, 'MOST' as never, 1, 1)).toThrow(IllegalArgumentException);
    expect(() => new SearchResult(null, 'NONE', 2 ** 31, 1)).toThrow(IllegalArgumentException);
    expect(() => new (SearchResult as unknown as new (...a: unknown[]) => SearchResult)('x')).toThrow(
      IllegalArgumentException,
    );
  });
});
