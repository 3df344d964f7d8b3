import { IllegalArgumentException, NullPointerException } from '../errors.js';
import { namesEqual } from './names.js';

/**
 * The type of a connector object (spec framework.md A.2). Compared case-insensitively. `__ALL__` is allowed only
 * for sync and getLatestSyncToken.
 */
export class ObjectClass {
  readonly javaType = 'ObjectClass' as const;
  /** `__ACCOUNT__`: user accounts. */
  static readonly ACCOUNT_NAME = '__ACCOUNT__';
  /** `__GROUP__`: groups. */
  static readonly GROUP_NAME = '__GROUP__';
  /** `__ALL__`: every class (sync only). */
  static readonly ALL_NAME = '__ALL__';
  static readonly ACCOUNT = new ObjectClass(ObjectClass.ACCOUNT_NAME);
  static readonly GROUP = new ObjectClass(ObjectClass.GROUP_NAME);
  static readonly ALL = new ObjectClass(ObjectClass.ALL_NAME);

  constructor(readonly type: string) {
    if (type === null || type === undefined) throw new NullPointerException('Type cannot be null.');
    if (typeof type !== 'string') throw new IllegalArgumentException('ObjectClass type must be a string.');
  }

  /** Shorthand for `new ObjectClass(type)`. */
  static of(type: string): ObjectClass {
    return new ObjectClass(type);
  }

  /** Case-insensitive comparison with a type name. */
  is(name: string): boolean {
    return namesEqual(this.type, name);
  }

  /** The message key of the class's display name, `MESSAGE_OBJECT_CLASS_<TYPE>`. */
  get displayNameKey(): string {
    return `MESSAGE_OBJECT_CLASS_${this.type.toUpperCase()}`;
  }

  equals(other: unknown): boolean {
    return other instanceof ObjectClass && namesEqual(other.type, this.type);
  }

  toString(): string {
    return `ObjectClass: ${this.type}`;
  }

  toJSON(): string {
    return this.type;
  }
}
