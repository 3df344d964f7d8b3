/**
 * The `query()` map of the scripted connectors (spec framework.md D.7; seed "Query Definition" table): a filter
 * as nested plain maps that a search script can walk without knowing the filter classes.
 *
 * ```
 * givenName eq "Barbara"        → { not: false, operation: 'EQUALS', left: 'givenName', right: 'Barbara' }
 * !(givenName eq "Barbara")     → { not: true,  operation: 'EQUALS', left: 'givenName', right: 'Barbara' }
 * givenName pr                  → { operation: 'PRESENT', not: false, left: 'givenName' }
 * a and b                       → { operation: 'AND', left: <map of a>, right: <map of b> }
 * true (no filter)              → null
 * ```
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, UnsupportedOperationException } from '../errors.js';
import { valueToString } from '../values/value.js';
import {
  AndFilter,
  type AttributeFilter,
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
import { normalizeNot } from './translator.js';

/** Operation of a comparison leaf. */
export type QueryLeafOperation =
  | 'EQUALS'
  | 'CONTAINS'
  | 'STARTSWITH'
  | 'ENDSWITH'
  | 'GREATERTHAN'
  | 'GREATERTHANOREQUAL'
  | 'LESSTHAN'
  | 'LESSTHANOREQUAL';

/** A comparison: `left` is the attribute name, `right` the value as a string (null when the filter has none). */
export interface QueryLeaf {
  not: boolean;
  operation: QueryLeafOperation;
  left: string;
  right: string | null;
}

/** A presence test (`givenName pr`); there is no `right`. */
export interface QueryPresence {
  operation: 'PRESENT';
  not: boolean;
  left: string;
}

/** AND/OR of two maps. There is no `not` key: NOT has been pushed to the leaves. */
export interface QueryComposite {
  operation: 'AND' | 'OR';
  left: QueryMap;
  right: QueryMap;
}

/** One node of a `query()` map. */
export type QueryMap = QueryLeaf | QueryPresence | QueryComposite;

/** Internal result: a map, or a constant for an And/Or without children (`and()` is true, `or()` is false). */
type Node = QueryMap | boolean;

function leafOperation(filter: Filter): QueryLeafOperation | undefined {
  if (filter instanceof EqualsFilter) return 'EQUALS';
  if (filter instanceof ContainsFilter) return 'CONTAINS';
  if (filter instanceof StartsWithFilter) return 'STARTSWITH';
  if (filter instanceof EndsWithFilter) return 'ENDSWITH';
  if (filter instanceof GreaterThanFilter) return 'GREATERTHAN';
  if (filter instanceof GreaterThanOrEqualFilter) return 'GREATERTHANOREQUAL';
  if (filter instanceof LessThanFilter) return 'LESSTHAN';
  if (filter instanceof LessThanOrEqualFilter) return 'LESSTHANOREQUAL';
  return undefined;
}

/** `AttributeUtil.getAsStringValue`: the single value as a string, null when there is none. */
function rightOf(filter: AttributeFilter): string | null {
  const values = filter.attribute.value;
  if (values === null || values.length === 0) return null;
  if (values.length > 1) {
    throw new IllegalArgumentException(
      `query(): attribute '${filter.name}' of ${filter.constructor.name} must have a single value, it has ${values.length}.`,
    );
  }
  return valueToString(values[0]);
}

function leaf(filter: Filter, not: boolean): QueryMap {
  if (filter instanceof PresenceFilter) return { operation: 'PRESENT', not, left: filter.name };
  const operation = leafOperation(filter);
  if (operation !== undefined) {
    const attrFilter = filter as AttributeFilter;
    return { not, operation, left: attrFilter.name, right: rightOf(attrFilter) };
  }
  if (filter instanceof ContainsAllValuesFilter) {
    throw new UnsupportedOperationException('ContainsAllValuesFilter transformation is not supported');
  }
  if (filter instanceof ExtendedMatchFilter)
    throw new UnsupportedOperationException('ExtendedMatchFilter is not supported');
  throw new UnsupportedOperationException(`${filter.constructor.name} is not supported`);
}

/** Folds children right-nested (`a, b, c` → `a op (b op c)`), dropping the neutral constant. */
function composite(operation: 'AND' | 'OR', children: readonly Node[]): Node {
  const neutral = operation === 'AND';
  if (children.includes(!neutral)) return !neutral;
  const maps = children.filter((c): c is QueryMap => typeof c !== 'boolean');
  let result: Node = maps.at(-1) ?? neutral;
  for (let i = maps.length - 2; i >= 0; i--)
    result = { operation, left: maps[i]!, right: result as QueryMap };
  return result;
}

function toNode(filter: Filter): Node {
  if (filter instanceof AndFilter) return composite('AND', filter.filters.map(toNode));
  if (filter instanceof OrFilter) return composite('OR', filter.filters.map(toNode));
  if (filter instanceof NotFilter) return leaf(filter.filter, true);
  return leaf(filter, false);
}

/**
 * The `query()` map of a filter: NOT is pushed to the leaves first ({@link normalizeNot}), so a NOT of a
 * composite works (`!(a and b)` → `OR` of two leaves with `not: true`). And/Or with more than two children nest
 * to the right (`or(a, b, c)` → `a OR (b OR c)`); one child is that child's map.
 *
 * @returns null for a null filter (or an And without children): fetch everything.
 * @throws UnsupportedOperationException for ContainsAllValuesFilter ("ContainsAllValuesFilter transformation is
 *   not supported"), ExtendedMatchFilter, and a filter that matches nothing (an Or without children).
 * @throws IllegalArgumentException for an EqualsFilter with more than one value.
 */
export function toQueryMap(filter: Filter | null | undefined): QueryMap | null {
  if (filter === null || filter === undefined) return null;
  const node = toNode(normalizeNot(filter));
  if (node === true) return null;
  if (node === false) {
    throw new UnsupportedOperationException(
      'query(): a filter that matches nothing (an empty OrFilter) has no map',
    );
  }
  return node;
}
