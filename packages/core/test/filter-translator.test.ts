import { describe, expect, it } from 'vitest';
import {
  AbstractFilterTranslator,
  AndFilter,
  type EqualsFilter,
  FilterBuilder as F,
  getUidIfGetOperation,
  normalizeNot,
  OrFilter,
  type PresenceFilter,
} from '../src/filter/index.js';
import { Attribute, Uid } from '../src/objects/attribute.js';

/** A translator for a resource that understands only `name=value` / `name!=value`, plus optional AND / OR. */
class EqualsOnly extends AbstractFilterTranslator<string> {
  constructor(private readonly options: { and?: boolean; or?: boolean } = {}) {
    super();
  }
  protected override createEqualsExpression(filter: EqualsFilter, not: boolean): string | null {
    return `${filter.name}${not ? '!=' : '='}${String(filter.attribute.value?.[0])}`;
  }
  protected override createAndExpression(left: string, right: string): string | null {
    return this.options.and ? `(${left} & ${right})` : null;
  }
  protected override createOrExpression(left: string, right: string): string | null {
    return this.options.or ? `(${left} | ${right})` : null;
  }
}

const a = F.equalTo('a', '1');
const b = F.equalTo('b', '2');
const c = F.equalTo('c', '3');
const d = F.equalTo('d', '4');
const co = F.contains('x', 'y'); // not translatable by EqualsOnly

describe('AbstractFilterTranslator', () => {
  it('gives [] for no filter and for a filter it cannot translate at all', () => {
    const t = new EqualsOnly({ and: true, or: true });
    expect(t.translate(null)).toEqual([]);
    expect(t.translate(co)).toEqual([]);
    expect(t.translate(F.present('a'))).toEqual([]);
    expect(t.translate(new AndFilter([]))).toEqual([]);
  });

  it('pushes NOT down to the leaves (De Morgan)', () => {
    const t = new EqualsOnly({ and: true, or: true });
    expect(t.translate(F.not(a))).toEqual(['a!=1']);
    expect(t.translate(F.not(F.and(a, b)))).toEqual(['(a!=1 | b!=2)']);
    expect(t.translate(F.not(F.or(a, F.not(b))))).toEqual(['(a!=1 & b=2)']);
    expect(t.translate(F.not(F.not(a)))).toEqual(['a=1']);
    expect(normalizeNot(F.not(F.and(a, b, c)))).toSatisfy((f) =>
      f.equals(F.or(F.not(a), F.not(b), F.not(c))),
    );
  });

  it('drops untranslatable leaves: an AND keeps the other side, an OR becomes everything', () => {
    const t = new EqualsOnly({ and: true, or: true });
    expect(t.translate(F.and(a, co))).toEqual(['a=1']);
    expect(t.translate(F.and(co, a))).toEqual(['a=1']);
    expect(t.translate(F.and(a, F.present('p'), b))).toEqual(['(a=1 & b=2)']);
    expect(t.translate(F.or(a, co))).toEqual([]);
    expect(t.translate(F.and(F.or(a, co), b))).toEqual(['b=2']);
  });

  it('without AND, keeps the side of an AND with fewer expressions (ties: left)', () => {
    const t = new EqualsOnly();
    expect(t.translate(F.and(a, b))).toEqual(['a=1']);
    expect(t.translate(F.and(F.or(a, b), c))).toEqual(['c=3']);
    expect(t.translate(F.and(c, F.or(a, b)))).toEqual(['c=3']);
    expect(t.translate(F.and(F.or(a, b), F.or(c, d)))).toEqual(['a=1', 'b=2']);
  });

  it('without OR, concatenates the sides of an OR into several queries', () => {
    const t = new EqualsOnly({ and: true });
    expect(t.translate(F.or(a, b))).toEqual(['a=1', 'b=2']);
    // n-ary Or of 3 stays an Or all the way down (OpenICF's getRight() would have made it a OR (b AND c)).
    expect(t.translate(F.or(a, b, c))).toEqual(['a=1', 'b=2', 'c=3']);
    expect(new EqualsOnly({ and: true, or: true }).translate(F.or(a, b, c))).toEqual(['(a=1 | (b=2 | c=3))']);
  });

  it('distributes AND over an OR it cannot build: (a OR b) AND c', () => {
    const t = new EqualsOnly({ and: true });
    expect(t.translate(F.and(F.or(a, b), c))).toEqual(['(a=1 & c=3)', '(b=2 & c=3)']);
    expect(t.translate(F.and(c, F.or(a, b)))).toEqual(['(c=3 & a=1)', '(c=3 & b=2)']);
    expect(t.translate(F.and(F.or(a, b), F.or(c, d)))).toEqual([
      '(a=1 & c=3)',
      '(a=1 & d=4)',
      '(b=2 & c=3)',
      '(b=2 & d=4)',
    ]);
  });

  it('keeps AND and OR native when both are supported', () => {
    const t = new EqualsOnly({ and: true, or: true });
    expect(t.translate(F.and(F.or(a, b), c))).toEqual(['((a=1 | b=2) & c=3)']);
    expect(t.translate(F.and(a, b, c))).toEqual(['(a=1 & (b=2 & c=3))']);
  });

  it('removes duplicate expressions, keeping order', () => {
    const t = new EqualsOnly({ and: true });
    expect(t.translate(F.or(a, b, a))).toEqual(['a=1', 'b=2']);
    expect(t.translate(F.and(F.or(a, a), c))).toEqual(['(a=1 & c=3)']);
  });

  it('removes duplicate plain-object expressions by deep equality', () => {
    class ObjectTranslator extends AbstractFilterTranslator<{ field: string; values: string[] }> {
      protected override createEqualsExpression(filter: EqualsFilter) {
        return { field: filter.name.toLowerCase(), values: [String(filter.attribute.value?.[0])] };
      }
    }
    expect(new ObjectTranslator().translate(F.or(a, F.equalTo('A', '1'), b))).toEqual([
      { field: 'a', values: ['1'] },
      { field: 'b', values: ['2'] },
    ]);
  });

  it('dispatches Presence only to the rcskit extension hook', () => {
    class WithPresence extends EqualsOnly {
      protected override createPresenceExpression(filter: PresenceFilter, not: boolean): string | null {
        return `${not ? '!' : ''}has(${filter.name})`;
      }
    }
    expect(new WithPresence({ and: true }).translate(F.and(F.not(F.present('p')), a))).toEqual([
      '(!has(p) & a=1)',
    ]);
  });

  it('treats single-child and empty composites as their child / everything', () => {
    const t = new EqualsOnly({ and: true, or: true });
    expect(t.translate(new OrFilter([a]))).toEqual(['a=1']);
    expect(t.translate(F.and(new AndFilter([]), a))).toEqual(['a=1']);
    expect(t.translate(F.or(new OrFilter([]), a))).toEqual([]);
  });
});

describe('getUidIfGetOperation', () => {
  it('returns the Uid of an EqualsFilter on the Uid', () => {
    const uid = new Uid('u-1', 'r1');
    expect(getUidIfGetOperation(F.equalTo(uid))).toBe(uid);
    expect(getUidIfGetOperation(F.equalTo('__UID__', 'u-2'))).toSatisfy(
      (u: Uid | null) => u?.equals(new Uid('u-2')) === true,
    );
    expect(getUidIfGetOperation(F.equalTo(new Attribute('__uid__', ['u-3'])))?.uidValue).toBe('u-3');
  });

  it('returns null otherwise', () => {
    expect(getUidIfGetOperation(null)).toBeNull();
    expect(getUidIfGetOperation(F.equalTo('__NAME__', 'u-1'))).toBeNull();
    expect(getUidIfGetOperation(F.not(F.equalTo(new Uid('u-1'))))).toBeNull();
    expect(getUidIfGetOperation(F.and(F.equalTo(new Uid('u-1')), a))).toBeNull();
    expect(getUidIfGetOperation(F.containsAllValues(new Uid('u-1')))).toBeNull();
    expect(getUidIfGetOperation(F.equalTo(new Attribute('__UID__', ['x', 'y'])))).toBeNull();
  });
});
