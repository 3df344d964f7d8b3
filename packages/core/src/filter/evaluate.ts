/**
 * The framework's result filter (spec framework.md B.5, OpenICF `FilteredResultsHandlerVisitor`): a
 * three-valued evaluation of a filter against one object. `UNDEFINED` ("cannot tell", e.g. the attribute is
 * absent) counts as a rejection at the top. The search pipeline applies it to every object a connector returns,
 * so the result is right even when the connector's native query was broader than the filter (B.3).
 *
 * Decisions on OpenICF's quirks (spec G.3 and B.5). Rule: reproduce where IDM's observable results depend on
 * it; fix where it only hurts users.
 *
 * | # | OpenICF behaviour | rcskit | Why |
 * |---|---|---|---|
 * | 1 | And ignores UNDEFINED children: `TRUE AND UNDEFINED` = TRUE, all-UNDEFINED = TRUE | **reproduced** | The leniency decides which objects IDM gets back. Because AttributesToGet runs before the filter (G.2), a filter on an attribute that was not requested is UNDEFINED; Java RCS passes such objects through an And, trusting the connector's native query. Making And strict would silently shrink existing IDM queries. |
 * | 2 | Or: an UNDEFINED child blocks any later TRUE (`UNDEFINED OR TRUE` = UNDEFINED, `TRUE OR UNDEFINED` = TRUE) | **fixed**: Kleene Or, order-independent: TRUE if any child is TRUE, else UNDEFINED if any is UNDEFINED, else FALSE | Order-dependence is a bug: an object that really matches `b` is dropped from `a or b` when `a`'s attribute is absent. The fix only lets through objects that match; nothing IDM relies on is lost. `FALSE OR UNDEFINED` stays UNDEFINED as before. |
 * | 3 | Not: TRUE↔FALSE, UNDEFINED stays UNDEFINED | reproduced | Correct three-valued logic. |
 * | 4 | ContainsAllValues with caseIgnore on Characters sets "found" when the characters are *not* equal | **fixed** | Plain bug; Characters compare case-insensitively like Strings. |
 * | 5 | ContainsAllValues with caseIgnore and a non-String value: breaks out and returns the running result | **fixed** | Every filter value must be found; non-String values compare with `equals`. |
 * | 6 | `OrFilter.getRight()` with > 2 children is an AndFilter (G.1) | **fixed** in `filter.ts` (`right` of an n-ary Or is an Or of the rest) | Turned `or(a,b,c)` into `a OR (b AND c)` for every left/right walker (translator, `query()` map, wire). This evaluator walks `filters`, so it never depended on it; IDM itself only builds 2-ary chains (F.5). |
 * | 7 | Simple `Filter.accept`: a multi-valued or absent attribute compares as -1, so it matches LessThan/LessThanOrEqual | **fixed** in `filter.ts`: never matches | Only connectors call `accept`; a "less than" matching objects without the attribute only hurts. |
 * | 8 | Equals compares the whole value list, ordered (`["a","x"]` does not equal `["x"]`) | reproduced | Spec-defined; IDM sends a one-element list for multi-valued properties, and Java RCS drops such objects the same way (disable `enableFilteredResultsHandler` when the connector filters multi-valued attributes natively). |
 * | 9 | Contains/StartsWith/EndsWith: UNDEFINED unless exactly one String value; caseIgnore lower-cases with the JVM's locale | reproduced, but lower-casing is locale-independent (`toLowerCase()`) | The server's locale must not change query results. |
 * | 10 | Comparisons: UNDEFINED unless single-valued; a non-Comparable object value throws IllegalArgumentException; mismatched types throw ClassCastException | reproduced; a single **null** value is UNDEFINED instead of an exception | The throw surfaces schema/type mismatches as Java does; a null value simply has nothing to compare. |
 * | 11 | ExtendedMatchFilter: UNDEFINED; PresenceFilter: TRUE/FALSE by presence (an attribute with a null value list is present) | reproduced | — |
 * | 12 | Equals / ContainsAllValues on an attribute with a null value list | UNDEFINED (like an absent attribute) | Spec gives it for ContainsAllValues; Equals follows for consistency. |
 *
 * @packageDocumentation
 */
import { IllegalArgumentException } from '../errors.js';
import type { ConnectorObject } from '../objects/connector-object.js';
import { compareValues, isComparable, javaTypeOf, valueEquals, valuesEqual } from '../values/value.js';
import {
  type AndFilter,
  type ComparableAttributeFilter,
  type ContainsAllValuesFilter,
  type ContainsFilter,
  type EndsWithFilter,
  type EqualsFilter,
  type Filter,
  type GreaterThanFilter,
  type GreaterThanOrEqualFilter,
  type LessThanFilter,
  type LessThanOrEqualFilter,
  type NotFilter,
  type OrFilter,
  PresenceFilter,
  type StartsWithFilter,
  type StringFilter,
} from './filter.js';
import type { FilterVisitor } from './visitor.js';

/** A three-valued result. */
export type FilterResult = 'TRUE' | 'FALSE' | 'UNDEFINED';

/** Options of {@link evaluateFilter}. */
export interface EvaluateOptions {
  /**
   * Compare Strings (and Characters) case-insensitively: `ResultsHandlerConfiguration.enableCaseInsensitiveFilter`.
   * Default false.
   */
  readonly caseIgnore?: boolean;
}

interface Context {
  readonly obj: ConnectorObject;
  readonly caseIgnore: boolean;
}

const truth = (value: boolean): FilterResult => (value ? 'TRUE' : 'FALSE');

function negate(result: FilterResult): FilterResult {
  return result === 'TRUE' ? 'FALSE' : result === 'FALSE' ? 'TRUE' : 'UNDEFINED';
}

/** The object's value list for the filter's attribute, or undefined when absent or null. */
function valuesOf(ctx: Context, name: string) {
  return ctx.obj.getAttributeByName(name)?.value ?? undefined;
}

function lower(text: string, caseIgnore: boolean): string {
  return caseIgnore ? text.toLowerCase() : text;
}

class Evaluator implements FilterVisitor<FilterResult, Context> {
  /** Decision 1: only a FALSE child lowers the result; UNDEFINED children are ignored (all-UNDEFINED → TRUE). */
  visitAndFilter(ctx: Context, filter: AndFilter): FilterResult {
    for (const child of filter.filters) {
      if (child.visit(this, ctx) === 'FALSE') return 'FALSE';
    }
    return 'TRUE';
  }

  /** Decision 2: Kleene Or, independent of child order. */
  visitOrFilter(ctx: Context, filter: OrFilter): FilterResult {
    let result: FilterResult = 'FALSE';
    for (const child of filter.filters) {
      const value = child.visit(this, ctx);
      if (value === 'TRUE') return 'TRUE';
      if (value === 'UNDEFINED') result = 'UNDEFINED';
    }
    return result;
  }

  visitNotFilter(ctx: Context, filter: NotFilter): FilterResult {
    return negate(filter.filter.visit(this, ctx));
  }

  visitEqualsFilter(ctx: Context, filter: EqualsFilter): FilterResult {
    const actual = valuesOf(ctx, filter.name);
    if (actual === undefined) return 'UNDEFINED';
    return truth(valuesEqual(actual, filter.attribute.value ?? [], ctx.caseIgnore));
  }

  visitContainsFilter(ctx: Context, filter: ContainsFilter): FilterResult {
    return this.#string(ctx, filter);
  }

  visitStartsWithFilter(ctx: Context, filter: StartsWithFilter): FilterResult {
    return this.#string(ctx, filter);
  }

  visitEndsWithFilter(ctx: Context, filter: EndsWithFilter): FilterResult {
    return this.#string(ctx, filter);
  }

  #string(ctx: Context, filter: StringFilter): FilterResult {
    const actual = valuesOf(ctx, filter.name);
    if (actual?.length !== 1) return 'UNDEFINED';
    const value = actual[0];
    if (typeof value !== 'string') return 'UNDEFINED';
    return truth(filter.matchesString(lower(value, ctx.caseIgnore), lower(filter.value, ctx.caseIgnore)));
  }

  visitGreaterThanFilter(ctx: Context, filter: GreaterThanFilter): FilterResult {
    return this.#compare(ctx, filter, (c) => c > 0);
  }

  visitGreaterThanOrEqualFilter(ctx: Context, filter: GreaterThanOrEqualFilter): FilterResult {
    return this.#compare(ctx, filter, (c) => c >= 0);
  }

  visitLessThanFilter(ctx: Context, filter: LessThanFilter): FilterResult {
    return this.#compare(ctx, filter, (c) => c < 0);
  }

  visitLessThanOrEqualFilter(ctx: Context, filter: LessThanOrEqualFilter): FilterResult {
    return this.#compare(ctx, filter, (c) => c <= 0);
  }

  /** Decision 10. */
  #compare(ctx: Context, filter: ComparableAttributeFilter, test: (c: number) => boolean): FilterResult {
    const actual = valuesOf(ctx, filter.name);
    if (actual?.length !== 1) return 'UNDEFINED';
    const value = actual[0];
    if (value === null || value === undefined) return 'UNDEFINED';
    if (!isComparable(value)) {
      throw new IllegalArgumentException(
        `Attribute '${filter.name}' value is not Comparable: ${javaTypeOf(value) ?? typeof value}`,
      );
    }
    return truth(test(compareValues(value, filter.value, ctx.caseIgnore)));
  }

  /** Decisions 4 and 5: every wanted value must be found; Strings and Characters ignore case when asked. */
  visitContainsAllValuesFilter(ctx: Context, filter: ContainsAllValuesFilter): FilterResult {
    const actual = valuesOf(ctx, filter.name);
    if (actual === undefined) return 'UNDEFINED';
    if (filter.values.length === 0) return 'TRUE';
    if (actual.length === 0) return 'FALSE';
    return truth(
      filter.values.every((wanted) => actual.some((have) => valueEquals(have, wanted, ctx.caseIgnore))),
    );
  }

  /** Decision 11: presence is TRUE/FALSE; every other extended filter is UNDEFINED. */
  visitExtendedFilter(ctx: Context, filter: Filter): FilterResult {
    if (filter instanceof PresenceFilter) return truth(ctx.obj.getAttributeByName(filter.name) !== undefined);
    return 'UNDEFINED';
  }
}

const evaluator = new Evaluator();

/**
 * Evaluates `filter` against `obj` with the framework's three-valued logic (see the decisions table at the top
 * of this module). A null filter is TRUE.
 *
 * @throws IllegalArgumentException when a comparison meets a non-Comparable value on the object.
 * @throws ClassCastException when a comparison meets values of incompatible types.
 */
export function evaluateFilter(
  filter: Filter | null | undefined,
  obj: ConnectorObject,
  options: EvaluateOptions = {},
): FilterResult {
  if (filter === null || filter === undefined) return 'TRUE';
  return filter.visit(evaluator, { obj, caseIgnore: options.caseIgnore ?? false });
}

/**
 * Whether the framework's result filter lets `obj` through: {@link evaluateFilter} is TRUE (UNDEFINED rejects).
 * A null filter accepts everything.
 */
export function filterAccepts(
  filter: Filter | null | undefined,
  obj: ConnectorObject,
  caseIgnore = false,
): boolean {
  return evaluateFilter(filter, obj, { caseIgnore }) === 'TRUE';
}
