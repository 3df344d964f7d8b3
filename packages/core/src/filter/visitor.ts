/**
 * The filter visitor (spec framework.md B.2): one method per filter class, called by `filter.visit(visitor, p)`.
 *
 * @packageDocumentation
 */
import type {
  AndFilter,
  ContainsAllValuesFilter,
  ContainsFilter,
  EndsWithFilter,
  EqualsFilter,
  Filter,
  GreaterThanFilter,
  GreaterThanOrEqualFilter,
  LessThanFilter,
  LessThanOrEqualFilter,
  NotFilter,
  OrFilter,
  StartsWithFilter,
} from './filter.js';

/**
 * Visits a filter tree, producing an `R` from a parameter `P`. OpenICF's method set: `PresenceFilter` and
 * `ExtendedMatchFilter` both arrive at `visitExtendedFilter` (tell them apart with `instanceof`).
 *
 * Contract (Javadoc of the original): an And without children evaluates to true; an Or without children to false.
 */
export interface FilterVisitor<R, P> {
  visitAndFilter(param: P, filter: AndFilter): R;
  visitContainsFilter(param: P, filter: ContainsFilter): R;
  visitContainsAllValuesFilter(param: P, filter: ContainsAllValuesFilter): R;
  visitEqualsFilter(param: P, filter: EqualsFilter): R;
  /** PresenceFilter, ExtendedMatchFilter, and any filter the framework does not know. */
  visitExtendedFilter(param: P, filter: Filter): R;
  visitGreaterThanFilter(param: P, filter: GreaterThanFilter): R;
  visitGreaterThanOrEqualFilter(param: P, filter: GreaterThanOrEqualFilter): R;
  visitLessThanFilter(param: P, filter: LessThanFilter): R;
  visitLessThanOrEqualFilter(param: P, filter: LessThanOrEqualFilter): R;
  visitNotFilter(param: P, filter: NotFilter): R;
  visitOrFilter(param: P, filter: OrFilter): R;
  visitStartsWithFilter(param: P, filter: StartsWithFilter): R;
  visitEndsWithFilter(param: P, filter: EndsWithFilter): R;
}
