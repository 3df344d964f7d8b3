/**
 * `FilterBuilder` (spec framework.md B.1): static factories for every filter. Each attribute filter takes either
 * an {@link Attribute} or a name and value(s); names `__UID__` and `__NAME__` build a `Uid` / `Name` attribute,
 * exactly as `AttributeBuilder.build` does.
 *
 * @packageDocumentation
 */
import { Attribute, AttributeBuilder } from '../objects/attribute.js';
import type { AttributeValueInput } from '../values/value.js';
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

function attributeOf(first: Attribute | string, values: readonly (AttributeValueInput | null)[]): Attribute {
  return first instanceof Attribute ? first : AttributeBuilder.build(first, ...values);
}

/** Static factories for filters. */
export class FilterBuilder {
  /** `attribute = values` (any number of values; a Uid is allowed). */
  static equalTo(attribute: Attribute): EqualsFilter;
  static equalTo(name: string, ...values: (AttributeValueInput | null)[]): EqualsFilter;
  static equalTo(first: Attribute | string, ...values: (AttributeValueInput | null)[]): EqualsFilter {
    return new EqualsFilter(attributeOf(first, values));
  }

  /** The attribute's String value contains `value`. */
  static contains(attribute: Attribute): ContainsFilter;
  static contains(name: string, value: string): ContainsFilter;
  static contains(first: Attribute | string, value?: string): ContainsFilter {
    return new ContainsFilter(attributeOf(first, [value ?? null]));
  }

  /** The attribute's String value starts with `value`. */
  static startsWith(attribute: Attribute): StartsWithFilter;
  static startsWith(name: string, value: string): StartsWithFilter;
  static startsWith(first: Attribute | string, value?: string): StartsWithFilter {
    return new StartsWithFilter(attributeOf(first, [value ?? null]));
  }

  /** The attribute's String value ends with `value`. */
  static endsWith(attribute: Attribute): EndsWithFilter;
  static endsWith(name: string, value: string): EndsWithFilter;
  static endsWith(first: Attribute | string, value?: string): EndsWithFilter {
    return new EndsWithFilter(attributeOf(first, [value ?? null]));
  }

  /** `attribute > value`. */
  static greaterThan(attribute: Attribute): GreaterThanFilter;
  static greaterThan(name: string, value: AttributeValueInput): GreaterThanFilter;
  static greaterThan(first: Attribute | string, value?: AttributeValueInput): GreaterThanFilter {
    return new GreaterThanFilter(attributeOf(first, [value ?? null]));
  }

  /** `attribute >= value`. */
  static greaterThanOrEqualTo(attribute: Attribute): GreaterThanOrEqualFilter;
  static greaterThanOrEqualTo(name: string, value: AttributeValueInput): GreaterThanOrEqualFilter;
  static greaterThanOrEqualTo(
    first: Attribute | string,
    value?: AttributeValueInput,
  ): GreaterThanOrEqualFilter {
    return new GreaterThanOrEqualFilter(attributeOf(first, [value ?? null]));
  }

  /** `attribute < value`. */
  static lessThan(attribute: Attribute): LessThanFilter;
  static lessThan(name: string, value: AttributeValueInput): LessThanFilter;
  static lessThan(first: Attribute | string, value?: AttributeValueInput): LessThanFilter {
    return new LessThanFilter(attributeOf(first, [value ?? null]));
  }

  /** `attribute <= value`. */
  static lessThanOrEqualTo(attribute: Attribute): LessThanOrEqualFilter;
  static lessThanOrEqualTo(name: string, value: AttributeValueInput): LessThanOrEqualFilter;
  static lessThanOrEqualTo(first: Attribute | string, value?: AttributeValueInput): LessThanOrEqualFilter {
    return new LessThanOrEqualFilter(attributeOf(first, [value ?? null]));
  }

  /** The attribute holds every one of `values`. */
  static containsAllValues(attribute: Attribute): ContainsAllValuesFilter;
  static containsAllValues(name: string, ...values: (AttributeValueInput | null)[]): ContainsAllValuesFilter;
  static containsAllValues(
    first: Attribute | string,
    ...values: (AttributeValueInput | null)[]
  ): ContainsAllValuesFilter {
    return new ContainsAllValuesFilter(attributeOf(first, values));
  }

  /** Every filter matches: `and(left, right)`, `and(a, b, c)` or `and(iterable)`. */
  static and(filters: Iterable<Filter>): AndFilter;
  static and(...filters: Filter[]): AndFilter;
  static and(...args: unknown[]): AndFilter {
    return new AndFilter(...(args as Filter[]));
  }

  /** Any filter matches: `or(left, right)`, `or(a, b, c)` or `or(iterable)`. */
  static or(filters: Iterable<Filter>): OrFilter;
  static or(...filters: Filter[]): OrFilter;
  static or(...args: unknown[]): OrFilter {
    return new OrFilter(...(args as Filter[]));
  }

  /** The negation of `filter`. */
  static not(filter: Filter): NotFilter {
    return new NotFilter(filter);
  }

  /** The object has an attribute named `name`. */
  static present(name: string): PresenceFilter {
    return new PresenceFilter(name);
  }

  /** A connector-interpreted `operator` (such as `ew`) applied to an attribute. */
  static extendedMatch(operator: string, attribute: Attribute): ExtendedMatchFilter;
  static extendedMatch(
    operator: string,
    name: string,
    ...values: (AttributeValueInput | null)[]
  ): ExtendedMatchFilter;
  static extendedMatch(
    operator: string,
    first: Attribute | string,
    ...values: (AttributeValueInput | null)[]
  ): ExtendedMatchFilter {
    return new ExtendedMatchFilter(operator, attributeOf(first, values));
  }
}
