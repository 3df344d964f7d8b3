import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IllegalArgumentException, UnsupportedOperationException } from '../src/errors.js';
import {
  AndFilter,
  FilterBuilder as F,
  type Filter,
  NotFilter,
  OrFilter,
  type QueryMap,
  toQueryMap,
} from '../src/filter/index.js';
import { Attribute } from '../src/objects/attribute.js';

type FilterTree = true | [string, ...unknown[]];
interface Row {
  operation: string;
  queryFilter: string;
  filter: FilterTree;
  query: QueryMap | null;
}
const table = JSON.parse(
  readFileSync(new URL('./fixtures/query-map-table.json', import.meta.url), 'utf8'),
) as {
  seed: Row[];
  rcskit: Row[];
};

/** Builds the ICF filter IDM would build for a CREST-like tree (F.5: `ew` → EndsWith, `_id` → Uid). */
function build(tree: FilterTree): Filter | null {
  if (tree === true) return null;
  const [op, ...args] = tree;
  const [name, value] = args as [string, string];
  switch (op) {
    case 'eq':
      return F.equalTo(name, value);
    case 'co':
      return F.contains(name, value);
    case 'sw':
      return F.startsWith(name, value);
    case 'ew':
      return F.endsWith(name, value);
    case 'gt':
      return F.greaterThan(name, value);
    case 'ge':
      return F.greaterThanOrEqualTo(name, value);
    case 'lt':
      return F.lessThan(name, value);
    case 'le':
      return F.lessThanOrEqualTo(name, value);
    case 'pr':
      return F.present(name);
    case '!':
      return F.not(build(args[0] as FilterTree)!);
    case 'and':
      return F.and(args.map((a) => build(a as FilterTree)!));
    case 'or':
      return F.or(args.map((a) => build(a as FilterTree)!));
    default:
      throw new Error(`unknown op ${op}`);
  }
}

describe('toQueryMap: the seed table', () => {
  it.each(table.seed.map((row) => [row.queryFilter, row] as const))('%s', (_text, row) => {
    expect(toQueryMap(build(row.filter))).toStrictEqual(row.query);
  });

  it('covers every row of the seed table', () => {
    expect(table.seed.map((r) => r.operation)).toEqual([
      'presence',
      'contains',
      'equal to',
      'greater than',
      'greater than or equal to',
      'less than',
      'less than or equal to',
      'starts with',
      'ends with',
      'AND',
      'OR',
      'NOT',
      'Literal',
      'nested (AND of OR)',
      'read by _id',
    ]);
  });
});

describe('toQueryMap: rcskit cases', () => {
  it.each(table.rcskit.map((row) => [row.operation, row] as const))('%s', (_text, row) => {
    expect(toQueryMap(build(row.filter))).toStrictEqual(row.query);
  });

  it('keeps no `not` key on composites', () => {
    const map = toQueryMap(F.not(F.or(F.equalTo('a', 'x'), F.equalTo('b', 'y'))));
    expect(map).toMatchObject({ operation: 'AND' });
    expect(Object.keys(map!)).toEqual(['operation', 'left', 'right']);
  });

  it('gives null for no filter, and for an And without children', () => {
    expect(toQueryMap(null)).toBeNull();
    expect(toQueryMap(undefined)).toBeNull();
    expect(toQueryMap(new AndFilter([]))).toBeNull();
  });

  it('collapses single-child composites and drops empty Ands', () => {
    const eq = F.equalTo('a', 'x');
    const leaf = { not: false, operation: 'EQUALS', left: 'a', right: 'x' };
    expect(toQueryMap(new OrFilter([eq]))).toStrictEqual(leaf);
    expect(toQueryMap(new AndFilter(eq, new AndFilter([])))).toStrictEqual(leaf);
    expect(toQueryMap(new NotFilter(new NotFilter(eq)))).toStrictEqual(leaf);
  });

  it('right-nests an n-ary AND', () => {
    const map = toQueryMap(
      F.and(F.equalTo('a', '1'), F.equalTo('b', '2'), F.equalTo('c', '3'), F.equalTo('d', '4')),
    );
    expect(map).toMatchObject({
      operation: 'AND',
      left: { left: 'a' },
      right: {
        operation: 'AND',
        left: { left: 'b' },
        right: { operation: 'AND', left: { left: 'c' }, right: { left: 'd' } },
      },
    });
  });

  it('gives right = null for an EqualsFilter without values', () => {
    expect(toQueryMap(F.equalTo(new Attribute('a', [])))).toStrictEqual({
      not: false,
      operation: 'EQUALS',
      left: 'a',
      right: null,
    });
  });

  it('refuses ContainsAllValues, ExtendedMatch, multi-valued equals and the empty Or', () => {
    expect(() => toQueryMap(F.containsAllValues('member', 'a', 'b'))).toThrow(
      new UnsupportedOperationException('ContainsAllValuesFilter transformation is not supported'),
    );
    expect(() => toQueryMap(F.and(F.present('x'), F.not(F.containsAllValues('member', 'a'))))).toThrow(
      UnsupportedOperationException,
    );
    expect(() => toQueryMap(F.extendedMatch('ew', 'mail', 'x'))).toThrow(
      new UnsupportedOperationException('ExtendedMatchFilter is not supported'),
    );
    expect(() => toQueryMap(F.equalTo('mail', 'a', 'b'))).toThrow(IllegalArgumentException);
    expect(() => toQueryMap(new OrFilter([]))).toThrow(UnsupportedOperationException);
  });
});
