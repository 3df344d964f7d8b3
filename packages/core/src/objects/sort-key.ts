/**
 * Sort keys for paged searches (spec framework.md A.12): an attribute name plus a direction. The text form
 * `+field` / `-field` is what Groovy samples and IDM's `_sortKeys` use.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, NullPointerException } from '../errors.js';

/** One sort criterion of a search: the field (attribute name) and whether the order is ascending. */
export class SortKey {
  /** Java type tag, so option maps and the serializer recognise the value (`SortKey`). */
  readonly javaType = 'SortKey' as const;
  /** The attribute to sort on (non-blank). */
  readonly field: string;
  /** True for ascending order, false for descending. */
  readonly isAscendingOrder: boolean;

  /**
   * @param field the attribute name; must not be blank.
   * @param isAscendingOrder the direction (ascending when true).
   * @throws IllegalArgumentException for a blank field or a non-boolean direction.
   */
  constructor(field: string, isAscendingOrder: boolean) {
    if (typeof field !== 'string' || field.trim() === '') {
      throw new IllegalArgumentException('SortKey field must not be blank.');
    }
    if (typeof isAscendingOrder !== 'boolean') {
      throw new IllegalArgumentException('SortKey isAscendingOrder must be a boolean.');
    }
    this.field = field;
    this.isAscendingOrder = isAscendingOrder;
  }

  /** An ascending sort key on `field`. */
  static ascendingOrder(field: string): SortKey {
    return new SortKey(field, true);
  }

  /** A descending sort key on `field`. */
  static descendingOrder(field: string): SortKey {
    return new SortKey(field, false);
  }

  /** The same field with the opposite direction. */
  static reverseOrder(key: SortKey): SortKey {
    if (key === null || key === undefined) {
      throw new NullPointerException("Parameter 'key' must not be null.");
    }
    return new SortKey(key.field, !key.isAscendingOrder);
  }

  /**
   * Parses the text form: `+field` (ascending), `-field` (descending) or a bare `field` (ascending).
   *
   * @throws IllegalArgumentException when the text is not a string or the field part is blank.
   */
  static parse(text: string): SortKey {
    if (typeof text !== 'string') throw new IllegalArgumentException('SortKey text must be a string.');
    const trimmed = text.trim();
    if (trimmed.startsWith('-')) return new SortKey(trimmed.slice(1), false);
    if (trimmed.startsWith('+')) return new SortKey(trimmed.slice(1), true);
    return new SortKey(trimmed, true);
  }

  /** Same field (exact case) and same direction. */
  equals(other: unknown): boolean {
    return (
      other instanceof SortKey &&
      other.field === this.field &&
      other.isAscendingOrder === this.isAscendingOrder
    );
  }

  /** The text form: `+field` or `-field`. */
  toString(): string {
    return `${this.isAscendingOrder ? '+' : '-'}${this.field}`;
  }

  /** JSON form: the text form (`+field` / `-field`). */
  toJSON(): string {
    return this.toString();
  }
}
