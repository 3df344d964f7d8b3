/**
 * The filter translator of scripted connectors (spec framework.md D.7, the toolkit's `ScriptedFilterTranslator`):
 * it turns the caller's filter into **one** equivalent filter with NOT pushed to the leaves — what the search
 * script sees as `filter`, and what `query()` turns into nested maps.
 *
 * Every comparison leaf, AND and OR is kept, and so is presence (`givenName pr` → `PRESENT` in `query()`, as the
 * seed's query table shows). `ExtendedMatchFilter` cannot be translated: an AND drops it (the framework filters
 * the results afterwards), anything else makes the whole translation empty, so `filter` and `query()` are null and
 * the script returns everything. `ContainsAllValuesFilter` is kept; `query()` then throws "ContainsAllValuesFilter
 * transformation is not supported".
 *
 * @packageDocumentation
 */
import {
  AbstractFilterTranslator,
  AndFilter,
  type ContainsAllValuesFilter,
  type ContainsFilter,
  type EndsWithFilter,
  type EqualsFilter,
  type Filter,
  type GreaterThanFilter,
  type GreaterThanOrEqualFilter,
  type LessThanFilter,
  type LessThanOrEqualFilter,
  NotFilter,
  OrFilter,
  type PresenceFilter,
  type QueryComposite,
  type QueryMap,
  type StartsWithFilter,
} from '@rcskit/core';

/**
 * Whether a `query()` map is an AND/OR node (`left`/`right` are maps) rather than a leaf (`left` is an attribute
 * name). TypeScript cannot narrow the map by `operation === 'AND' || …` alone, so scripts use this guard.
 */
export function isQueryComposite(query: QueryMap): query is QueryComposite {
  return query.operation === 'AND' || query.operation === 'OR';
}

function leaf(filter: Filter, not: boolean): Filter {
  return not ? new NotFilter(filter) : filter;
}

/** Translates a filter into a single NOT-normalised filter (see the module notes). */
export class ScriptedFilterTranslator extends AbstractFilterTranslator<Filter> {
  protected override createAndExpression(left: Filter, right: Filter): Filter {
    return new AndFilter(left, right);
  }

  protected override createOrExpression(left: Filter, right: Filter): Filter {
    return new OrFilter(left, right);
  }

  protected override createEqualsExpression(filter: EqualsFilter, not: boolean): Filter {
    return leaf(filter, not);
  }

  protected override createContainsExpression(filter: ContainsFilter, not: boolean): Filter {
    return leaf(filter, not);
  }

  protected override createStartsWithExpression(filter: StartsWithFilter, not: boolean): Filter {
    return leaf(filter, not);
  }

  protected override createEndsWithExpression(filter: EndsWithFilter, not: boolean): Filter {
    return leaf(filter, not);
  }

  protected override createGreaterThanExpression(filter: GreaterThanFilter, not: boolean): Filter {
    return leaf(filter, not);
  }

  protected override createGreaterThanOrEqualExpression(
    filter: GreaterThanOrEqualFilter,
    not: boolean,
  ): Filter {
    return leaf(filter, not);
  }

  protected override createLessThanExpression(filter: LessThanFilter, not: boolean): Filter {
    return leaf(filter, not);
  }

  protected override createLessThanOrEqualExpression(filter: LessThanOrEqualFilter, not: boolean): Filter {
    return leaf(filter, not);
  }

  protected override createContainsAllValuesExpression(
    filter: ContainsAllValuesFilter,
    not: boolean,
  ): Filter {
    return leaf(filter, not);
  }

  protected override createPresenceExpression(filter: PresenceFilter, not: boolean): Filter {
    return leaf(filter, not);
  }

  /** The single translated filter, or null when nothing could be translated ("fetch everything"). */
  translateOne(filter: Filter | null | undefined): Filter | null {
    return this.translate(filter)[0] ?? null;
  }
}
