/**
 * A Uid qualified by its object class (spec framework.md A.15), used as the search base (`CONTAINER` option).
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, NullPointerException } from '../errors.js';
import { Uid } from './attribute.js';
import { ObjectClass } from './object-class.js';

/** An object identity that is unique across object classes: `{objectClass, uid}`, both required. */
export class QualifiedUid {
  /** Java type tag, so option maps and the serializer recognise the value (`QualifiedUid`). */
  readonly javaType = 'QualifiedUid' as const;
  readonly objectClass: ObjectClass;
  readonly uid: Uid;

  /**
   * @throws NullPointerException when either part is null or undefined.
   * @throws IllegalArgumentException when a part is not an ObjectClass / Uid instance.
   */
  constructor(objectClass: ObjectClass, uid: Uid) {
    if (objectClass === null || objectClass === undefined) {
      throw new NullPointerException("Parameter 'objectClass' must not be null.");
    }
    if (uid === null || uid === undefined) {
      throw new NullPointerException("Parameter 'uid' must not be null.");
    }
    if (!(objectClass instanceof ObjectClass)) {
      throw new IllegalArgumentException('QualifiedUid objectClass must be an ObjectClass.');
    }
    if (!(uid instanceof Uid)) throw new IllegalArgumentException('QualifiedUid uid must be a Uid.');
    this.objectClass = objectClass;
    this.uid = uid;
  }

  /** Equal object class (case-insensitive) and equal Uid (value and revision). */
  equals(other: unknown): boolean {
    return (
      other instanceof QualifiedUid &&
      other.objectClass.equals(this.objectClass) &&
      other.uid.equals(this.uid)
    );
  }

  toString(): string {
    return `QualifiedUid: {objectClass=${this.objectClass.type}, uid=${this.uid.uidValue}}`;
  }

  /** JSON form: `{objectClass, uid, revision?}`. */
  toJSON(): { objectClass: string; uid: string; revision?: string } {
    const out: { objectClass: string; uid: string; revision?: string } = {
      objectClass: this.objectClass.type,
      uid: this.uid.uidValue,
    };
    if (this.uid.revision !== undefined) out.revision = this.uid.revision;
    return out;
  }
}
