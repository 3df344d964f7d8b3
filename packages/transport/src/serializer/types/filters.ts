/**
 * Filter serial types (spec §4.3.5).
 *
 * - `AndFilter` / `OrFilter`: anon[0] left, anon[1] right. Core's composites are n-ary; they are written as a
 *   right-nested binary tree (`and(a, b, c)` → `And(a, And(b, c))`, as Java's `getRight()` does), and a right
 *   child of the same class is flattened back on decode, so n-ary filters round-trip. A composite with one child
 *   is written with only anon[0] and an empty one with no field (Java peers never send either).
 * - Attribute filters: `attribute` obj; `ExtendedMatchFilter` adds `operator`; `PresenceFilter`: `name`.
 *
 * @packageDocumentation
 */
import {
  AndFilter,
  Attribute,
  type AttributeFilter,
  type CompositeFilter,
  ContainsAllValuesFilter,
  ContainsFilter,
  EndsWithFilter,
  EqualsFilter,
  ExtendedMatchFilter,
  Filter,
  GreaterThanFilter,
  GreaterThanOrEqualFilter,
  LessThanFilter,
  LessThanOrEqualFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  StartsWithFilter,
} from '@rcskit/core';
import { expectInstance, type ObjectReader, type ObjectWriter, type TypeHandler } from '../registry.js';
import { requireString } from './field-helpers.js';

function readAttribute(input: ObjectReader): Attribute {
  return expectInstance(input, input.readObjectField('attribute'), Attribute, "field 'attribute'");
}

function attributeFilterHandler<F extends AttributeFilter>(
  name: string,
  cls: new (attribute: Attribute) => F,
): TypeHandler<F> {
  return {
    name,
    classes: [cls],
    encode: (filter, out) => out.writeObjectField('attribute', filter.attribute),
    decode: (input) => new cls(readAttribute(input)),
  };
}

function writeComposite(filter: CompositeFilter, out: ObjectWriter): void {
  const children = filter.filters;
  if (children.length === 0) return;
  out.writeObjectContents(children[0]);
  if (children.length === 1) return;
  // `right` is the second child when there are two, else a composite of the same class over the rest.
  out.writeObjectContents(filter.right);
}

function readComposite(input: ObjectReader, cls: typeof AndFilter | typeof OrFilter): Filter[] {
  const children: Filter[] = [];
  for (let i = 0; i < input.anonymousCount && i < 2; i++) {
    const child = expectInstance(input, input.readObjectContents(i), Filter, `sub-filter #${i}`);
    // Undo the right-nesting of n-ary composites (a right child of the same class with two or more children).
    if (i === 1 && child.constructor === cls && (child as CompositeFilter).filters.length >= 2) {
      children.push(...(child as CompositeFilter).filters);
    } else children.push(child);
  }
  return children;
}

export const andFilterHandler: TypeHandler<AndFilter> = {
  name: 'AndFilter',
  classes: [AndFilter],
  encode: writeComposite,
  decode: (input) => new AndFilter(readComposite(input, AndFilter)),
};

export const orFilterHandler: TypeHandler<OrFilter> = {
  name: 'OrFilter',
  classes: [OrFilter],
  encode: writeComposite,
  decode: (input) => new OrFilter(readComposite(input, OrFilter)),
};

export const notFilterHandler: TypeHandler<NotFilter> = {
  name: 'NotFilter',
  classes: [NotFilter],
  encode: (filter, out) => out.writeObjectContents(filter.filter),
  decode: (input) => new NotFilter(expectInstance(input, input.readObjectContents(0), Filter, 'sub-filter')),
};

export const extendedMatchFilterHandler: TypeHandler<ExtendedMatchFilter> = {
  name: 'ExtendedMatchFilter',
  classes: [ExtendedMatchFilter],
  encode: (filter, out) => {
    out.writeStringField('operator', filter.operator);
    out.writeObjectField('attribute', filter.attribute);
  },
  decode: (input) => new ExtendedMatchFilter(requireString(input, 'operator'), readAttribute(input)),
};

export const presenceFilterHandler: TypeHandler<PresenceFilter> = {
  name: 'PresenceFilter',
  classes: [PresenceFilter],
  encode: (filter, out) => out.writeStringField('name', filter.name),
  decode: (input) => new PresenceFilter(requireString(input, 'name')),
};

/** The filter handlers, in registry order. */
export const FILTER_HANDLERS: readonly TypeHandler[] = [
  andFilterHandler,
  orFilterHandler,
  notFilterHandler,
  attributeFilterHandler('EqualsFilter', EqualsFilter),
  attributeFilterHandler('ContainsFilter', ContainsFilter),
  attributeFilterHandler('StartsWithFilter', StartsWithFilter),
  attributeFilterHandler('EndsWithFilter', EndsWithFilter),
  attributeFilterHandler('GreaterThanFilter', GreaterThanFilter),
  attributeFilterHandler('GreaterThanOrEqualFilter', GreaterThanOrEqualFilter),
  attributeFilterHandler('LessThanFilter', LessThanFilter),
  attributeFilterHandler('LessThanOrEqualFilter', LessThanOrEqualFilter),
  attributeFilterHandler('ContainsAllValuesFilter', ContainsAllValuesFilter),
  extendedMatchFilterHandler,
  presenceFilterHandler,
];
