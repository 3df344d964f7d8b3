/**
 * The connector's native query: a small expression tree over column values, produced from framework filters by
 * {@link CsvFilterTranslator} and evaluated on raw rows before any object is built.
 *
 * Semantics follow the framework's result filter for the case-sensitive leaves (spec B.5), so pushing a filter
 * down never changes which rows the caller gets:
 * - a condition on an empty cell (absent attribute) is UNDEFINED, and NOT keeps it UNDEFINED;
 * - Equals compares the whole value list, in order; Contains/StartsWith/EndsWith and the comparisons need exactly
 *   one value; ContainsAllValues needs every wanted value;
 * - AND and OR are Kleene (strict) and a row matches only when the whole query is TRUE. Unlike the framework's
 *   lenient AND (which ignores UNDEFINED children because an attribute may simply not have been fetched), every
 *   column is always read here, so an empty cell really means "no value".
 *
 * Strings compare by UTF-16 code units, as Java's `String.compareTo` does. Anything the translator cannot express
 * (non-String values, `__PASSWORD__`, Presence, ExtendedMatch) is left to the framework's filter.
 *
 * @packageDocumentation
 */
import {
  AbstractFilterTranslator,
  type AttributeFilter,
  type ContainsAllValuesFilter,
  type ContainsFilter,
  type EndsWithFilter,
  type EqualsFilter,
  type GreaterThanFilter,
  type GreaterThanOrEqualFilter,
  type LessThanFilter,
  type LessThanOrEqualFilter,
  nameKey,
  OperationalAttributes,
  type StartsWithFilter,
} from '@rcskit/core';
import type { CsvColumns } from './columns.js';

/** Operators of a leaf. */
export type CsvLeafOperator =
  | 'equals'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'greaterThan'
  | 'greaterThanOrEqual'
  | 'lessThan'
  | 'lessThanOrEqual'
  | 'containsAllValues';

/** A native query: leaves on one attribute, combined with and/or. */
export type CsvQuery =
  | {
      readonly kind: 'leaf';
      readonly operator: CsvLeafOperator;
      /** The attribute name as the filter gave it (`__UID__`, `__NAME__` or a column name). */
      readonly attribute: string;
      /** The filter's values (one for every operator but equals and containsAllValues). */
      readonly values: readonly string[];
      readonly not: boolean;
    }
  | { readonly kind: 'and' | 'or'; readonly left: CsvQuery; readonly right: CsvQuery };

const PASSWORD_KEY = nameKey(OperationalAttributes.PASSWORD_NAME);

function stringValues(filter: AttributeFilter): string[] | null {
  const values = filter.attribute.value;
  if (values === null) return null;
  const out: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') return null;
    out.push(value);
  }
  return out;
}

/** Translates framework filters into {@link CsvQuery}; AND and OR always combine, so there is at most one query. */
export class CsvFilterTranslator extends AbstractFilterTranslator<CsvQuery> {
  #leaf(filter: AttributeFilter, operator: CsvLeafOperator, not: boolean): CsvQuery | null {
    if (nameKey(filter.name) === PASSWORD_KEY) return null;
    const values = stringValues(filter);
    if (values === null) return null;
    if (operator !== 'equals' && operator !== 'containsAllValues' && values.length !== 1) return null;
    return { kind: 'leaf', operator, attribute: filter.name, values, not };
  }

  protected override createAndExpression(left: CsvQuery, right: CsvQuery): CsvQuery {
    return { kind: 'and', left, right };
  }

  protected override createOrExpression(left: CsvQuery, right: CsvQuery): CsvQuery {
    return { kind: 'or', left, right };
  }

  protected override createEqualsExpression(filter: EqualsFilter, not: boolean): CsvQuery | null {
    return this.#leaf(filter, 'equals', not);
  }

  protected override createContainsExpression(filter: ContainsFilter, not: boolean): CsvQuery | null {
    return this.#leaf(filter, 'contains', not);
  }

  protected override createStartsWithExpression(filter: StartsWithFilter, not: boolean): CsvQuery | null {
    return this.#leaf(filter, 'startsWith', not);
  }

  protected override createEndsWithExpression(filter: EndsWithFilter, not: boolean): CsvQuery | null {
    return this.#leaf(filter, 'endsWith', not);
  }

  protected override createGreaterThanExpression(filter: GreaterThanFilter, not: boolean): CsvQuery | null {
    return this.#leaf(filter, 'greaterThan', not);
  }

  protected override createGreaterThanOrEqualExpression(
    filter: GreaterThanOrEqualFilter,
    not: boolean,
  ): CsvQuery | null {
    return this.#leaf(filter, 'greaterThanOrEqual', not);
  }

  protected override createLessThanExpression(filter: LessThanFilter, not: boolean): CsvQuery | null {
    return this.#leaf(filter, 'lessThan', not);
  }

  protected override createLessThanOrEqualExpression(
    filter: LessThanOrEqualFilter,
    not: boolean,
  ): CsvQuery | null {
    return this.#leaf(filter, 'lessThanOrEqual', not);
  }

  protected override createContainsAllValuesExpression(
    filter: ContainsAllValuesFilter,
    not: boolean,
  ): CsvQuery | null {
    return this.#leaf(filter, 'containsAllValues', not);
  }
}

/** Three-valued results: FALSE, TRUE, UNDEFINED. */
const F = 0;
const T = 1;
const U = 2;
type Tri = typeof F | typeof T | typeof U;

/** A query compiled against one header: row → TRUE/FALSE/UNDEFINED. */
type Compiled = (row: readonly string[]) => Tri;

function listsEqual(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function leafTest(operator: CsvLeafOperator, wanted: readonly string[]): (values: string[]) => Tri {
  const one = wanted[0] ?? '';
  const single = (test: (v: string) => boolean) => (values: string[]) =>
    values.length === 1 ? (test(values[0]!) ? T : F) : U;
  switch (operator) {
    case 'equals':
      return (values) => (listsEqual(values, wanted) ? T : F);
    case 'containsAllValues':
      return (values) => (wanted.every((w) => values.includes(w)) ? T : F);
    case 'contains':
      return single((v) => v.includes(one));
    case 'startsWith':
      return single((v) => v.startsWith(one));
    case 'endsWith':
      return single((v) => v.endsWith(one));
    case 'greaterThan':
      return single((v) => compare(v, one) > 0);
    case 'greaterThanOrEqual':
      return single((v) => compare(v, one) >= 0);
    case 'lessThan':
      return single((v) => compare(v, one) < 0);
    case 'lessThanOrEqual':
      return single((v) => compare(v, one) <= 0);
  }
}

function compileNode(query: CsvQuery, columns: CsvColumns): Compiled {
  if (query.kind === 'leaf') return compileLeaf(query, columns);
  const left = compileNode(query.left, columns);
  const right = compileNode(query.right, columns);
  if (query.kind === 'and') {
    return (row) => {
      const l = left(row);
      if (l === F) return F;
      const r = right(row);
      return r === F ? F : l === U || r === U ? U : T;
    };
  }
  return (row) => {
    const l = left(row);
    if (l === T) return T;
    const r = right(row);
    return r === T ? T : l === U || r === U ? U : F;
  };
}

function compileLeaf(query: Extract<CsvQuery, { kind: 'leaf' }>, columns: CsvColumns): Compiled {
  const index = columns.columnOf(query.attribute);
  if (index < 0 || index === columns.password) return () => U;
  const test = leafTest(query.operator, query.values);
  const not = query.not;
  return (row) => {
    const values = columns.valuesOf(row, index);
    if (values === null) return U;
    const result = test(values);
    return not && result !== U ? (result === T ? F : T) : result;
  };
}

/**
 * Compiles a query against the columns of the file being read. Unknown attributes are UNDEFINED, so their leaves
 * never match (as the framework's filter treats an absent attribute).
 *
 * @returns a predicate that is true when the row matches; null for "every row".
 */
export function compileQuery(
  query: CsvQuery | null,
  columns: CsvColumns,
): ((row: readonly string[]) => boolean) | null {
  if (query === null) return null;
  const compiled = compileNode(query, columns);
  return (row) => compiled(row) === T;
}
