/**
 * Filters (spec framework.md B): the filter classes and {@link FilterBuilder}, the {@link FilterVisitor}, the
 * framework's three-valued result filter ({@link evaluateFilter}), {@link getUidIfGetOperation}, the scripted
 * connectors' `query()` map ({@link toQueryMap}) and the {@link AbstractFilterTranslator} algorithm.
 *
 * @packageDocumentation
 */

export { type EvaluateOptions, evaluateFilter, type FilterResult, filterAccepts } from './evaluate.js';
export {
  AndFilter,
  AttributeFilter,
  type AttributeJSON,
  ComparableAttributeFilter,
  CompositeFilter,
  ContainsAllValuesFilter,
  ContainsFilter,
  EndsWithFilter,
  EqualsFilter,
  ExtendedMatchFilter,
  Filter,
  type FilterJSON,
  type FilterOperation,
  GreaterThanFilter,
  GreaterThanOrEqualFilter,
  LessThanFilter,
  LessThanOrEqualFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SingleValueAttributeFilter,
  StartsWithFilter,
  StringFilter,
} from './filter.js';
export { FilterBuilder } from './filter-builder.js';
export { getUidIfGetOperation } from './get-uid.js';
export {
  type QueryComposite,
  type QueryLeaf,
  type QueryLeafOperation,
  type QueryMap,
  type QueryPresence,
  toQueryMap,
} from './query-map.js';
export { AbstractFilterTranslator, type FilterTranslator, normalizeNot } from './translator.js';
export type { FilterVisitor } from './visitor.js';
