/**
 * The filter classes (spec framework.md B.1): leaf filters that test one attribute, the n-ary {@link AndFilter}
 * and {@link OrFilter}, {@link NotFilter}, and OpenICF's {@link PresenceFilter} and {@link ExtendedMatchFilter}.
 *
 * Every filter is immutable and offers:
 * - `accept(obj)`: the simple two-valued evaluator of B.1 (connectors may use it to filter in memory). The
 *   framework's own result filter is the three-valued {@link evaluateFilter} in `evaluate.ts`.
 * - `visit(visitor, param)`: double dispatch to a {@link FilterVisitor} (Java's `accept(visitor, param)`).
 * - `equals()`, a readable `toString()` (`EQUALS: mail = "x"`) and `toJSON()`.
 *
 * rcskit differences from OpenICF, both deliberate:
 * - `OrFilter.right` with more than two children is an **Or** of the remaining children. OpenICF builds an And
 *   there (spec G.1), which turns `or(a, b, c)` into `a OR (b AND c)` for every left/right walker.
 * - Simple `accept` of a comparison never matches a multi-valued or absent attribute. OpenICF compares such an
 *   attribute as -1, so it matched LessThan and LessThanOrEqual.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, IllegalStateException, NullPointerException } from '../errors.js';
import { Attribute, Uid } from '../objects/attribute.js';
import type { ConnectorObject } from '../objects/connector-object.js';
import { namesEqual } from '../objects/names.js';
import {
  type AttributeValue,
  compareValues,
  isComparable,
  javaTypeOf,
  valueEquals,
  valueToPlain,
  valueToString,
} from '../values/value.js';
import type { FilterVisitor } from './visitor.js';

/** The kind of a filter, as it appears in `toString()`, `toJSON()` and the `query()` map. */
export type FilterOperation =
  | 'EQUALS'
  | 'CONTAINS'
  | 'STARTSWITH'
  | 'ENDSWITH'
  | 'GREATERTHAN'
  | 'GREATERTHANOREQUAL'
  | 'LESSTHAN'
  | 'LESSTHANOREQUAL'
  | 'CONTAINSALLVALUES'
  | 'AND'
  | 'OR'
  | 'NOT'
  | 'PRESENT'
  | 'EXTENDEDMATCH';

/** The JSON form of a filter (`JSON.stringify(filter)`); diagnostic, not a wire format. */
export type FilterJSON =
  | {
      operation: Exclude<FilterOperation, 'AND' | 'OR' | 'NOT' | 'PRESENT' | 'EXTENDEDMATCH'>;
      attribute: AttributeJSON;
    }
  | { operation: 'AND' | 'OR'; filters: FilterJSON[] }
  | { operation: 'NOT'; filter: FilterJSON }
  | { operation: 'PRESENT'; name: string }
  | { operation: 'EXTENDEDMATCH'; operator: string; attribute: AttributeJSON };

/** The JSON form of a filter's attribute. */
export type AttributeJSON = { name: string; value: unknown };

/** Base of every filter. */
export abstract class Filter {
  /** What the filter tests. */
  abstract readonly operation: FilterOperation;

  /** The simple two-valued evaluator (spec B.1, "Simple accept(obj) semantics"). */
  abstract accept(obj: ConnectorObject): boolean;

  /** Calls the visitor method for this filter's class and returns its result. */
  abstract visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R;

  /** Same class and equal content (attribute names compare case-insensitively, child order matters). */
  abstract equals(other: unknown): boolean;

  abstract toString(): string;

  abstract toJSON(): FilterJSON;
}

/** A value as `toString()` shows it: Strings quoted, other values as `AttributeUtil.getAsStringValue` gives them. */
function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return valueToString(value) ?? 'null';
}

function showValues(values: readonly unknown[] | null): string {
  if (values === null) return 'null';
  if (values.length === 1) return showValue(values[0]);
  return `[${values.map(showValue).join(', ')}]`;
}

function attributeJSON(attr: Attribute): AttributeJSON {
  return { name: attr.name, value: valueToPlain(attr.value) };
}

function className(filter: Filter): string {
  return filter.constructor.name;
}

/** Base of the filters that test one attribute. */
export abstract class AttributeFilter extends Filter {
  /** The attribute holding the name and the value(s) to compare with. */
  readonly attribute: Attribute;

  /** @throws NullPointerException when `attribute` is null or undefined. */
  constructor(attribute: Attribute) {
    super();
    if (attribute === null || attribute === undefined) {
      throw new NullPointerException(`${new.target.name}: the attribute must not be null.`);
    }
    if (!(attribute instanceof Attribute)) {
      throw new IllegalArgumentException(
        `${new.target.name}: expected an Attribute, got ${javaTypeOf(attribute)}.`,
      );
    }
    this.attribute = attribute;
  }

  /** The attribute name. */
  get name(): string {
    return this.attribute.name;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof AttributeFilter &&
      other.constructor === this.constructor &&
      other.attribute.equals(this.attribute)
    );
  }

  toJSON(): FilterJSON {
    return { operation: this.operation, attribute: attributeJSON(this.attribute) } as FilterJSON;
  }
}

/** Base of the filters that compare with exactly one value; `__UID__` is refused (only Equals takes a Uid). */
export abstract class SingleValueAttributeFilter extends AttributeFilter {
  /**
   * @throws IllegalArgumentException when the attribute does not hold exactly one value or is the `__UID__`.
   */
  constructor(attribute: Attribute) {
    super(attribute);
    const cls = new.target.name;
    if (attribute instanceof Uid || namesEqual(attribute.name, Uid.NAME)) {
      throw new IllegalArgumentException(`${cls}: Uid can only be used for equals comparison.`);
    }
    const count = attribute.value?.length ?? 0;
    if (count !== 1 || attribute.value?.[0] === null) {
      const what = attribute.value === null ? 'a null value list' : `${count} values`;
      throw new IllegalArgumentException(
        `${cls}: attribute '${attribute.name}' must have exactly one non-null value, it has ${what}.`,
      );
    }
  }

  /** The one value to compare with. */
  get value(): AttributeValue {
    return this.attribute.value![0]!;
  }
}

/** The object's attribute when it holds exactly one value, else undefined (absent, null list, multi-valued). */
function singleObjectValue(obj: ConnectorObject, name: string): AttributeValue | null | undefined {
  const values = obj.getAttributeByName(name)?.value;
  return values && values.length === 1 ? values[0] : undefined;
}

/** Base of GreaterThan, GreaterThanOrEqual, LessThan and LessThanOrEqual: the value must be Comparable. */
export abstract class ComparableAttributeFilter extends SingleValueAttributeFilter {
  /** @throws IllegalArgumentException when the value is not Comparable (String, number, Boolean, Character). */
  constructor(attribute: Attribute) {
    super(attribute);
    if (!isComparable(this.value)) {
      throw new IllegalArgumentException(
        `${new.target.name}: the value of '${attribute.name}' must be Comparable, got ${javaTypeOf(this.value)}.`,
      );
    }
  }

  /** The symbol shown by `toString()`. */
  protected abstract readonly symbol: string;

  /** Whether a `compareTo` result (object value vs filter value) matches. */
  protected abstract matches(comparison: number): boolean;

  /**
   * True when the object's attribute holds exactly one value and it compares as required. A multi-valued or
   * absent attribute never matches (rcskit fix; OpenICF matched it for LessThan/LessThanOrEqual).
   *
   * @throws ClassCastException when the object's value is of a type that cannot be compared with the filter's.
   */
  accept(obj: ConnectorObject): boolean {
    const value = singleObjectValue(obj, this.name);
    if (value === undefined || value === null) return false;
    return this.matches(compareValues(value, this.value));
  }

  toString(): string {
    return `${this.operation}: ${this.name} ${this.symbol} ${showValue(this.value)}`;
  }
}

/** Base of Contains, StartsWith and EndsWith: the value must be a String. */
export abstract class StringFilter extends SingleValueAttributeFilter {
  /** @throws IllegalArgumentException when the value is not a String. */
  constructor(attribute: Attribute) {
    super(attribute);
    if (typeof this.value !== 'string') {
      throw new IllegalArgumentException(
        `${new.target.name}: the value of '${attribute.name}' must be a String, got ${javaTypeOf(this.value)}.`,
      );
    }
  }

  /** The String to look for. */
  override get value(): string {
    return super.value as string;
  }

  /** The word shown by `toString()`. */
  protected abstract readonly symbol: string;

  /** Whether `actual` (the object's String) matches `expected` (the filter's). */
  abstract matchesString(actual: string, expected: string): boolean;

  /**
   * Tests the object's first value. A missing attribute, an empty list or a first value that is not a String
   * gives false (OpenICF would throw ClassCastException on a non-String).
   */
  accept(obj: ConnectorObject): boolean {
    const first = obj.getAttributeByName(this.name)?.value?.[0];
    return typeof first === 'string' && this.matchesString(first, this.value);
  }

  toString(): string {
    return `${this.operation}: ${this.name} ${this.symbol} ${showValue(this.value)}`;
  }
}

/**
 * Equality with an attribute of any number of values. The only filter that accepts a {@link Uid}; the framework
 * runs GET as a search with `EqualsFilter(uid)` (see `getUidIfGetOperation`).
 */
export class EqualsFilter extends AttributeFilter {
  readonly operation = 'EQUALS' as const;

  /** True when the object has the attribute and it is equal as an Attribute (same class, name and value list). */
  accept(obj: ConnectorObject): boolean {
    const attr = obj.getAttributeByName(this.name);
    return attr?.equals(this.attribute) ?? false;
  }

  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitEqualsFilter(param, this);
  }

  toString(): string {
    return `EQUALS: ${this.name} = ${showValues(this.attribute.value)}`;
  }
}

/** Substring test on a String attribute (case-sensitive in `accept`). */
export class ContainsFilter extends StringFilter {
  readonly operation = 'CONTAINS' as const;
  protected readonly symbol = 'contains';
  matchesString(actual: string, expected: string): boolean {
    return actual.includes(expected);
  }
  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitContainsFilter(param, this);
  }
}

/** Prefix test on a String attribute. */
export class StartsWithFilter extends StringFilter {
  readonly operation = 'STARTSWITH' as const;
  protected readonly symbol = 'startsWith';
  matchesString(actual: string, expected: string): boolean {
    return actual.startsWith(expected);
  }
  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitStartsWithFilter(param, this);
  }
}

/** Suffix test on a String attribute. */
export class EndsWithFilter extends StringFilter {
  readonly operation = 'ENDSWITH' as const;
  protected readonly symbol = 'endsWith';
  matchesString(actual: string, expected: string): boolean {
    return actual.endsWith(expected);
  }
  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitEndsWithFilter(param, this);
  }
}

/** `attribute > value`. */
export class GreaterThanFilter extends ComparableAttributeFilter {
  readonly operation = 'GREATERTHAN' as const;
  protected readonly symbol = '>';
  protected matches(comparison: number): boolean {
    return comparison > 0;
  }
  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitGreaterThanFilter(param, this);
  }
}

/** `attribute >= value`. */
export class GreaterThanOrEqualFilter extends ComparableAttributeFilter {
  readonly operation = 'GREATERTHANOREQUAL' as const;
  protected readonly symbol = '>=';
  protected matches(comparison: number): boolean {
    return comparison >= 0;
  }
  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitGreaterThanOrEqualFilter(param, this);
  }
}

/** `attribute < value`. */
export class LessThanFilter extends ComparableAttributeFilter {
  readonly operation = 'LESSTHAN' as const;
  protected readonly symbol = '<';
  protected matches(comparison: number): boolean {
    return comparison < 0;
  }
  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitLessThanFilter(param, this);
  }
}

/** `attribute <= value`. */
export class LessThanOrEqualFilter extends ComparableAttributeFilter {
  readonly operation = 'LESSTHANOREQUAL' as const;
  protected readonly symbol = '<=';
  protected matches(comparison: number): boolean {
    return comparison <= 0;
  }
  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitLessThanOrEqualFilter(param, this);
  }
}

/** The object's attribute holds every value of the filter's list (in any order; an empty list always matches). */
export class ContainsAllValuesFilter extends AttributeFilter {
  readonly operation = 'CONTAINSALLVALUES' as const;

  /** @throws IllegalArgumentException when the attribute's value list is null. */
  constructor(attribute: Attribute) {
    super(attribute);
    if (attribute.value === null) {
      throw new IllegalArgumentException(
        `ContainsAllValuesFilter: attribute '${attribute.name}' must have a value list, not null.`,
      );
    }
  }

  /** The values that must all be present. */
  get values(): readonly (AttributeValue | null)[] {
    return this.attribute.value!;
  }

  accept(obj: ConnectorObject): boolean {
    const actual = obj.getAttributeByName(this.name)?.value;
    if (!actual) return false;
    return this.values.every((wanted) => actual.some((have) => valueEquals(have, wanted)));
  }

  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitContainsAllValuesFilter(param, this);
  }

  toString(): string {
    return `CONTAINSALLVALUES: ${this.name} containsAll [${this.values.map(showValue).join(', ')}]`;
  }
}

function checkChildren(cls: string, filters: readonly unknown[]): readonly Filter[] {
  filters.forEach((f, i) => {
    if (f === null || f === undefined)
      throw new NullPointerException(`${cls}: sub-filter #${i} must not be null.`);
    if (!(f instanceof Filter))
      throw new IllegalArgumentException(`${cls}: sub-filter #${i} is not a Filter.`);
  });
  return Object.freeze([...(filters as Filter[])]);
}

function childrenFrom(cls: string, args: readonly unknown[]): readonly Filter[] {
  const [first] = args;
  if (args.length === 1 && first !== null && typeof first === 'object' && !(first instanceof Filter)) {
    if (Symbol.iterator in first) return checkChildren(cls, [...(first as Iterable<unknown>)]);
  }
  return checkChildren(cls, args);
}

/** Base of the n-ary {@link AndFilter} and {@link OrFilter}. */
export abstract class CompositeFilter extends Filter {
  /** Every child, in order. */
  readonly filters: readonly Filter[];

  /**
   * @param args two or more filters, or one iterable of filters (any number, including none).
   * @throws NullPointerException when a child is null.
   */
  constructor(args: readonly unknown[]) {
    super();
    this.filters = childrenFrom(new.target.name, args);
  }

  /** A composite of the same class over `filters`. */
  protected abstract withFilters(filters: readonly Filter[]): CompositeFilter;

  /** The first child. @throws IllegalStateException when there are no children. */
  get left(): Filter {
    const first = this.filters[0];
    if (first === undefined) throw new IllegalStateException(`${className(this)} has no sub-filters.`);
    return first;
  }

  /**
   * The second child when there are exactly two; otherwise a composite **of the same class** over the children
   * after the first (so `or(a, b, c).right` is `or(b, c)`, and `and(a).right` is the empty `and()`, which is
   * TRUE). OpenICF's OrFilter returns an AndFilter here when there are more than two children (spec G.1); rcskit
   * does not reproduce that.
   *
   * @throws IllegalStateException when there are no children.
   */
  get right(): Filter {
    if (this.filters.length === 0) throw new IllegalStateException(`${className(this)} has no sub-filters.`);
    return this.filters.length === 2 ? this.filters[1]! : this.withFilters(this.filters.slice(1));
  }

  equals(other: unknown): boolean {
    if (!(other instanceof CompositeFilter) || other.constructor !== this.constructor) return false;
    if (other.filters.length !== this.filters.length) return false;
    return this.filters.every((f, i) => f.equals(other.filters[i]));
  }

  toString(): string {
    return `${this.operation}: (${this.filters.map((f) => f.toString()).join(', ')})`;
  }

  toJSON(): FilterJSON {
    return { operation: this.operation as 'AND' | 'OR', filters: this.filters.map((f) => f.toJSON()) };
  }
}

/** Every child must match (short-circuit). An And without children matches everything. */
export class AndFilter extends CompositeFilter {
  readonly operation = 'AND' as const;

  constructor(filters: Iterable<Filter>);
  constructor(...filters: Filter[]);
  constructor(...args: unknown[]) {
    super(args);
  }

  protected withFilters(filters: readonly Filter[]): AndFilter {
    return new AndFilter(filters);
  }

  accept(obj: ConnectorObject): boolean {
    return this.filters.every((f) => f.accept(obj));
  }

  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitAndFilter(param, this);
  }
}

/** At least one child must match (short-circuit). An Or without children matches nothing. */
export class OrFilter extends CompositeFilter {
  readonly operation = 'OR' as const;

  constructor(filters: Iterable<Filter>);
  constructor(...filters: Filter[]);
  constructor(...args: unknown[]) {
    super(args);
  }

  protected withFilters(filters: readonly Filter[]): OrFilter {
    return new OrFilter(filters);
  }

  accept(obj: ConnectorObject): boolean {
    return this.filters.some((f) => f.accept(obj));
  }

  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitOrFilter(param, this);
  }
}

/** Negation of one filter. */
export class NotFilter extends Filter {
  readonly operation = 'NOT' as const;
  /** The negated filter. */
  readonly filter: Filter;

  /** @throws NullPointerException when `filter` is null. */
  constructor(filter: Filter) {
    super();
    this.filter = checkChildren('NotFilter', [filter])[0]!;
  }

  accept(obj: ConnectorObject): boolean {
    return !this.filter.accept(obj);
  }

  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitNotFilter(param, this);
  }

  equals(other: unknown): boolean {
    return other instanceof NotFilter && other.filter.equals(this.filter);
  }

  toString(): string {
    return `NOT: (${this.filter.toString()})`;
  }

  toJSON(): FilterJSON {
    return { operation: 'NOT', filter: this.filter.toJSON() };
  }
}

/** The object has an attribute of that name (OpenICF only; visited through `visitExtendedFilter`). */
export class PresenceFilter extends Filter {
  readonly operation = 'PRESENT' as const;
  /** The attribute name. */
  readonly name: string;

  /** @throws IllegalArgumentException when `name` is blank or not a string. */
  constructor(name: string) {
    super();
    if (typeof name !== 'string' || name.trim() === '') {
      throw new IllegalArgumentException('PresenceFilter: the attribute name must not be blank.');
    }
    this.name = name;
  }

  accept(obj: ConnectorObject): boolean {
    return obj.getAttributeByName(this.name) !== undefined;
  }

  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitExtendedFilter(param, this);
  }

  equals(other: unknown): boolean {
    return other instanceof PresenceFilter && namesEqual(other.name, this.name);
  }

  toString(): string {
    return `PRESENT: ${this.name}`;
  }

  toJSON(): FilterJSON {
    return { operation: 'PRESENT', name: this.name };
  }
}

/**
 * An operator the framework does not know (such as `ew` or `ca` from a CREST filter) applied to an attribute,
 * for the connector to interpret (OpenICF only; visited through `visitExtendedFilter`). `accept` always returns
 * true; the framework's three-valued filter treats it as UNDEFINED.
 */
export class ExtendedMatchFilter extends AttributeFilter {
  readonly operation = 'EXTENDEDMATCH' as const;
  /** The operator, e.g. `ew`. */
  readonly operator: string;

  /**
   * @throws IllegalArgumentException when `operator` is blank.
   * @throws NullPointerException when `attribute` is null.
   */
  constructor(operator: string, attribute: Attribute) {
    if (typeof operator !== 'string' || operator.trim() === '') {
      throw new IllegalArgumentException('ExtendedMatchFilter: the operator must not be blank.');
    }
    super(attribute);
    this.operator = operator;
  }

  accept(_obj: ConnectorObject): boolean {
    return true;
  }

  visit<R, P>(visitor: FilterVisitor<R, P>, param: P): R {
    return visitor.visitExtendedFilter(param, this);
  }

  override equals(other: unknown): boolean {
    return super.equals(other) && (other as ExtendedMatchFilter).operator === this.operator;
  }

  toString(): string {
    return `EXTENDEDMATCH: ${this.name} ${this.operator} ${showValues(this.attribute.value)}`;
  }

  override toJSON(): FilterJSON {
    return { operation: 'EXTENDEDMATCH', operator: this.operator, attribute: attributeJSON(this.attribute) };
  }
}
