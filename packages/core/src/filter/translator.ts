/**
 * Filter translation (spec framework.md B.3): turning a framework {@link Filter} into the connector's native
 * queries. A connector's `createFilterTranslator` returns a {@link FilterTranslator}; most extend
 * {@link AbstractFilterTranslator} and override only the `createXxxExpression` methods they support.
 *
 * The result is a list: empty means "no native filter" (the connector fetches everything once); otherwise the
 * connector runs one query per item and the framework drops duplicate Uids. Whatever the translator cannot
 * express is left out of the native query and enforced by the framework's result filter (`evaluate.ts`), so a
 * translator may be as partial as it likes and the search stays correct.
 *
 * @packageDocumentation
 */
import {
  AndFilter,
  ContainsAllValuesFilter,
  ContainsFilter,
  EndsWithFilter,
  EqualsFilter,
  ExtendedMatchFilter,
  type Filter,
  GreaterThanFilter,
  GreaterThanOrEqualFilter,
  LessThanFilter,
  LessThanOrEqualFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  StartsWithFilter,
} from './filter.js';

/** Turns a filter into native query expressions. */
export interface FilterTranslator<T> {
  /**
   * The native queries for `filter`: `[]` for "no native filter" (fetch everything), otherwise one query per
   * item, whose results the framework merges without duplicates.
   */
  translate(filter: Filter | null | undefined): T[];
}

/**
 * Pushes every NOT down to the leaves with De Morgan's laws: `NOT(a AND b)` → `NOT a OR NOT b`,
 * `NOT(a OR b)` → `NOT a AND NOT b`, `NOT NOT x` → `x`. A negated leaf stays a {@link NotFilter} of the leaf.
 * And/Or keep their arity (`NOT and(a, b, c)` → `or(NOT a, NOT b, NOT c)`).
 */
export function normalizeNot(filter: Filter): Filter {
  if (filter instanceof AndFilter) return new AndFilter(filter.filters.map(normalizeNot));
  if (filter instanceof OrFilter) return new OrFilter(filter.filters.map(normalizeNot));
  if (!(filter instanceof NotFilter)) return filter;
  const inner = filter.filter;
  if (inner instanceof AndFilter)
    return new OrFilter(inner.filters.map((f) => normalizeNot(new NotFilter(f))));
  if (inner instanceof OrFilter)
    return new AndFilter(inner.filters.map((f) => normalizeNot(new NotFilter(f))));
  if (inner instanceof NotFilter) return normalizeNot(inner.filter);
  return filter;
}

/** Equality used to drop duplicate expressions: `===`, an `equals()` method, or deep equality of plain data. */
function expressionsEqual(a: unknown, b: unknown): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const eq = (a as { equals?: unknown }).equals;
  if (typeof eq === 'function') return Boolean(eq.call(a, b));
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => expressionsEqual(item, b[i]));
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map || a instanceof Set) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (k) =>
      Object.hasOwn(b, k) &&
      expressionsEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

function dedupe<T>(items: readonly T[]): T[] {
  const out: T[] = [];
  for (const item of items) if (!out.some((kept) => expressionsEqual(kept, item))) out.push(item);
  return out;
}

/**
 * The framework's translation algorithm; subclasses override the `createXxxExpression` methods for what their
 * resource can express. Every such method returns `null` by default, meaning "cannot express this": the leaf is
 * then dropped from the native query (treated as "everything") and left to the framework's result filter.
 *
 * `translate(filter)`:
 * 1. A null filter gives `[]`.
 * 2. {@link normalizeNot} pushes NOT to the leaves; each leaf reaches its `createXxxExpression(leaf, not)`.
 * 3. Simplify: an untranslatable leaf becomes "everything"; an OR with an untranslatable side becomes
 *    "everything"; an AND with an untranslatable side becomes its other side. An AND whose side pairs cannot all
 *    be combined by {@link createAndExpression} keeps only the side with fewer expressions (ties: left). When a
 *    side of an AND is an OR the translator could not combine (several expressions), the AND is distributed:
 *    `(a OR b) AND c` → `(a AND c) OR (b AND c)`.
 * 4. Translate: AND → `createAndExpression(l, r)`; OR → `createOrExpression(l, r)` when both sides are single
 *    expressions, else (or when it returns null) the two sides' lists concatenated: several queries.
 * 5. Exact duplicates are removed, keeping the first (`===`, an `equals()` method, or deep equality of plain
 *    objects and arrays).
 *
 * And/Or with more than two children are processed as right-nested pairs (`and(a, b, c)` = `a AND (b AND c)`);
 * an And or Or without children counts as "everything", one with a single child as that child.
 *
 * `createXxxExpression` may be called more than once for the same leaf, so it should have no side effects.
 */
export abstract class AbstractFilterTranslator<T> implements FilterTranslator<T> {
  translate(filter: Filter | null | undefined): T[] {
    if (filter === null || filter === undefined) return [];
    const simplified = this.#simplifyAndDistribute(normalizeNot(filter));
    if (simplified === null) return [];
    return dedupe(this.#translateInternal(simplified));
  }

  /** Combines two expressions with AND; null when the resource cannot. */
  protected createAndExpression(_left: T, _right: T): T | null {
    return null;
  }

  /** Combines two expressions with OR; null to run them as separate queries instead. */
  protected createOrExpression(_left: T, _right: T): T | null {
    return null;
  }

  protected createContainsExpression(_filter: ContainsFilter, _not: boolean): T | null {
    return null;
  }

  protected createEndsWithExpression(_filter: EndsWithFilter, _not: boolean): T | null {
    return null;
  }

  protected createEqualsExpression(_filter: EqualsFilter, _not: boolean): T | null {
    return null;
  }

  protected createGreaterThanExpression(_filter: GreaterThanFilter, _not: boolean): T | null {
    return null;
  }

  protected createGreaterThanOrEqualExpression(_filter: GreaterThanOrEqualFilter, _not: boolean): T | null {
    return null;
  }

  protected createLessThanExpression(_filter: LessThanFilter, _not: boolean): T | null {
    return null;
  }

  protected createLessThanOrEqualExpression(_filter: LessThanOrEqualFilter, _not: boolean): T | null {
    return null;
  }

  protected createStartsWithExpression(_filter: StartsWithFilter, _not: boolean): T | null {
    return null;
  }

  protected createContainsAllValuesExpression(_filter: ContainsAllValuesFilter, _not: boolean): T | null {
    return null;
  }

  /**
   * rcskit extension: OpenICF never dispatches PresenceFilter (it always falls to the framework filter).
   * Override to express it natively; the default keeps OpenICF's behaviour.
   */
  protected createPresenceExpression(_filter: PresenceFilter, _not: boolean): T | null {
    return null;
  }

  /** rcskit extension, like {@link createPresenceExpression}, for ExtendedMatchFilter. */
  protected createExtendedMatchExpression(_filter: ExtendedMatchFilter, _not: boolean): T | null {
    return null;
  }

  /** The expression of a leaf or negated leaf, or null when the translator cannot express it. */
  #createLeafExpression(filter: Filter): T | null {
    const not = filter instanceof NotFilter;
    const leaf = filter instanceof NotFilter ? filter.filter : filter;
    if (leaf instanceof EqualsFilter) return this.createEqualsExpression(leaf, not);
    if (leaf instanceof ContainsFilter) return this.createContainsExpression(leaf, not);
    if (leaf instanceof StartsWithFilter) return this.createStartsWithExpression(leaf, not);
    if (leaf instanceof EndsWithFilter) return this.createEndsWithExpression(leaf, not);
    if (leaf instanceof GreaterThanFilter) return this.createGreaterThanExpression(leaf, not);
    if (leaf instanceof GreaterThanOrEqualFilter) return this.createGreaterThanOrEqualExpression(leaf, not);
    if (leaf instanceof LessThanFilter) return this.createLessThanExpression(leaf, not);
    if (leaf instanceof LessThanOrEqualFilter) return this.createLessThanOrEqualExpression(leaf, not);
    if (leaf instanceof ContainsAllValuesFilter) return this.createContainsAllValuesExpression(leaf, not);
    if (leaf instanceof PresenceFilter) return this.createPresenceExpression(leaf, not);
    if (leaf instanceof ExtendedMatchFilter) return this.createExtendedMatchExpression(leaf, not);
    return null;
  }

  /** Step 3: the filter reduced to what the translator can express, or null for "everything". */
  #simplifyAndDistribute(filter: Filter): Filter | null {
    if (filter instanceof AndFilter) {
      if (filter.filters.length <= 1)
        return filter.filters[0] ? this.#simplifyAndDistribute(filter.filters[0]) : null;
      return this.#simplifyAnd(filter.left, filter.right);
    }
    if (filter instanceof OrFilter) {
      if (filter.filters.length <= 1)
        return filter.filters[0] ? this.#simplifyAndDistribute(filter.filters[0]) : null;
      const left = this.#simplifyAndDistribute(filter.left);
      if (left === null) return null;
      const right = this.#simplifyAndDistribute(filter.right);
      return right === null ? null : new OrFilter(left, right);
    }
    return this.#createLeafExpression(filter) === null ? null : filter;
  }

  #simplifyAnd(leftFilter: Filter, rightFilter: Filter): Filter | null {
    const left = this.#simplifyAndDistribute(leftFilter);
    const right = this.#simplifyAndDistribute(rightFilter);
    if (left === null) return right;
    if (right === null) return left;
    const leftExprs = this.#translateInternal(left);
    const rightExprs = this.#translateInternal(right);
    const combinable = leftExprs.every((l) =>
      rightExprs.every((r) => this.createAndExpression(l, r) !== null),
    );
    if (!combinable) return leftExprs.length <= rightExprs.length ? left : right;
    // Several expressions on one side means an OR the translator runs as separate queries: distribute over it.
    if (leftExprs.length > 1 && left instanceof OrFilter) {
      return this.#simplifyAndDistribute(
        new OrFilter(new AndFilter(left.left, right), new AndFilter(left.right, right)),
      );
    }
    if (rightExprs.length > 1 && right instanceof OrFilter) {
      return this.#simplifyAndDistribute(
        new OrFilter(new AndFilter(left, right.left), new AndFilter(left, right.right)),
      );
    }
    return new AndFilter(left, right);
  }

  /** Step 4: expressions of a simplified filter (every composite in it is binary). */
  #translateInternal(filter: Filter): T[] {
    if (filter instanceof AndFilter) {
      const [left] = this.#translateInternal(filter.left);
      const [right] = this.#translateInternal(filter.right);
      if (left === undefined || right === undefined) return [];
      // Simplification checked that the pair combines; a translator that changes its mind keeps the left side,
      // which is still correct because the framework filter re-checks every object.
      const combined = this.createAndExpression(left, right);
      return [combined ?? left];
    }
    if (filter instanceof OrFilter) {
      const left = this.#translateInternal(filter.left);
      const right = this.#translateInternal(filter.right);
      if (left.length === 1 && right.length === 1) {
        const combined = this.createOrExpression(left[0]!, right[0]!);
        if (combined !== null) return [combined];
      }
      return [...left, ...right];
    }
    const expression = this.#createLeafExpression(filter);
    return expression === null ? [] : [expression];
  }
}
