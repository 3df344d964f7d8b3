/**
 * `FrameworkUtil.getUidIfGetOperation` (spec framework.md B.4): how a connector's `executeQuery` spots a GET,
 * which the framework runs as a search with `EqualsFilter(uid)`.
 *
 * @packageDocumentation
 */
import { Uid } from '../objects/attribute.js';
import { namesEqual } from '../objects/names.js';
import { valueToString } from '../values/value.js';
import { EqualsFilter, type Filter } from './filter.js';

/**
 * The Uid searched for when `filter` is an {@link EqualsFilter} on the Uid: its attribute is a {@link Uid}
 * (returned as is, revision included), or is named `__UID__` (case-insensitive) with one non-null value, whose
 * string form is wrapped in a new Uid. Any other filter, including null, gives null.
 *
 * @throws IllegalArgumentException when a `__UID__` attribute's value is a blank string.
 */
export function getUidIfGetOperation(filter: Filter | null | undefined): Uid | null {
  if (!(filter instanceof EqualsFilter)) return null;
  const attr = filter.attribute;
  if (attr instanceof Uid) return attr;
  if (!namesEqual(attr.name, Uid.NAME)) return null;
  const values = attr.value;
  if (!values || values.length !== 1) return null;
  const text = valueToString(values[0]);
  return text === null ? null : new Uid(text);
}
