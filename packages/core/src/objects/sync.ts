/**
 * Synchronization (spec framework.md A.13): the token that marks a position in a resource's change log, the
 * kind of change, and one change (a delta) with its validation rules.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, JavaException, NullPointerException } from '../errors.js';
import {
  type AttributeValue,
  type AttributeValueInput,
  toAttributeValue,
  valueEquals,
  valueToPlain,
  valueToString,
} from '../values/value.js';
import { Uid } from './attribute.js';
import { ConnectorObject } from './connector-object.js';
import { ObjectClass } from './object-class.js';

/**
 * A position in the resource's change stream. The value follows the attribute-value rules (String, Integer,
 * Long, … — the Java type is kept, so a `bigint` token stays an exact Long even beyond 2^53). Equal by value.
 */
export class SyncToken {
  /** The token value (a canonical attribute value). */
  readonly value: AttributeValue;

  /**
   * @param value a canonical value or convertible input (`number` → Integer/Long/Double, `bigint` → Long).
   * @throws NullPointerException when the value is null or undefined.
   * @throws IllegalArgumentException when the value is not a supported attribute value.
   */
  constructor(value: AttributeValueInput) {
    if (value === null || value === undefined) {
      throw new NullPointerException("Parameter 'value' must not be null.");
    }
    try {
      this.value = toAttributeValue(value, 'SyncToken');
    } catch (e) {
      if (e instanceof IllegalArgumentException || !(e instanceof JavaException)) throw e;
      throw new IllegalArgumentException(`Invalid SyncToken value: ${e.message}`, { cause: e });
    }
  }

  /** Equal token values (same Java type and value). */
  equals(other: unknown): boolean {
    return other instanceof SyncToken && valueEquals(other.value, this.value);
  }

  toString(): string {
    return `SyncToken: ${valueToString(this.value)}`;
  }

  /** JSON form of the value (a Long beyond ±2^53 becomes a decimal string). */
  toJSON(): unknown {
    return valueToPlain(this.value);
  }
}

/**
 * The kind of change: `CREATE_OR_UPDATE` (the usual one: most resources cannot tell create from update),
 * `DELETE`, and the experimental `CREATE` and `UPDATE`.
 */
export type SyncDeltaType = 'CREATE_OR_UPDATE' | 'DELETE' | 'CREATE' | 'UPDATE';

/** The {@link SyncDeltaType} names as constants (`SyncDeltaType.DELETE`). */
export const SyncDeltaType = {
  CREATE_OR_UPDATE: 'CREATE_OR_UPDATE',
  DELETE: 'DELETE',
  CREATE: 'CREATE',
  UPDATE: 'UPDATE',
} as const satisfies Record<SyncDeltaType, SyncDeltaType>;

/** Every delta type, in the Java enum's order. */
export const SYNC_DELTA_TYPES: readonly SyncDeltaType[] = Object.freeze([
  'CREATE_OR_UPDATE',
  'DELETE',
  'CREATE',
  'UPDATE',
]);

/** True when `value` is one of the four delta-type names. */
export function isSyncDeltaType(value: unknown): value is SyncDeltaType {
  return typeof value === 'string' && (SYNC_DELTA_TYPES as readonly string[]).includes(value);
}

/** The fields of a {@link SyncDelta}, as given to its constructor. */
export interface SyncDeltaInit {
  readonly token: SyncToken;
  readonly deltaType: SyncDeltaType;
  readonly uid: Uid;
  readonly previousUid?: Uid | null | undefined;
  readonly objectClass?: ObjectClass | null | undefined;
  readonly object?: ConnectorObject | null | undefined;
}

/**
 * One change reported by `SyncOp.sync`. Rules checked on construction:
 * 1. `previousUid` only with `CREATE_OR_UPDATE` or `UPDATE` (a rename);
 * 2. `object` is required unless the type is `DELETE`;
 * 3. when `object` is present, its Uid must equal `uid` and its class must equal `objectClass`.
 *
 * `objectClass` may be null for a DELETE (but a sync of `__ALL__` needs it; the sync wrapper checks that).
 */
export class SyncDelta {
  readonly token: SyncToken;
  readonly deltaType: SyncDeltaType;
  /** The Uid before a rename, or null. */
  readonly previousUid: Uid | null;
  /** The object's class, or null (allowed for DELETE only in practice). */
  readonly objectClass: ObjectClass | null;
  readonly uid: Uid;
  /** The object after the change, or null for a DELETE. */
  readonly object: ConnectorObject | null;

  /**
   * @throws NullPointerException when token, deltaType or uid is missing.
   * @throws IllegalArgumentException when a rule above is broken or a field has the wrong type.
   */
  constructor(init: SyncDeltaInit) {
    if (init === null || init === undefined) {
      throw new NullPointerException("Parameter 'init' must not be null.");
    }
    const { token, deltaType, uid } = init;
    const previousUid = init.previousUid ?? null;
    const objectClass = init.objectClass ?? null;
    const object = init.object ?? null;
    if (token === null || token === undefined) {
      throw new NullPointerException('SyncDelta token must not be null.');
    }
    if (deltaType === null || deltaType === undefined) {
      throw new NullPointerException('SyncDelta deltaType must not be null.');
    }
    if (uid === null || uid === undefined) throw new NullPointerException('SyncDelta uid must not be null.');
    if (!(token instanceof SyncToken)) {
      throw new IllegalArgumentException('SyncDelta token must be a SyncToken.');
    }
    if (!isSyncDeltaType(deltaType)) {
      throw new IllegalArgumentException(
        `SyncDelta deltaType is not a SyncDeltaType: '${String(deltaType)}'`,
      );
    }
    if (!(uid instanceof Uid)) throw new IllegalArgumentException('SyncDelta uid must be a Uid.');
    if (previousUid !== null && !(previousUid instanceof Uid)) {
      throw new IllegalArgumentException('SyncDelta previousUid must be a Uid.');
    }
    if (objectClass !== null && !(objectClass instanceof ObjectClass)) {
      throw new IllegalArgumentException('SyncDelta objectClass must be an ObjectClass.');
    }
    if (object !== null && !(object instanceof ConnectorObject)) {
      throw new IllegalArgumentException('SyncDelta object must be a ConnectorObject.');
    }

    if (previousUid !== null && deltaType !== 'CREATE_OR_UPDATE' && deltaType !== 'UPDATE') {
      throw new IllegalArgumentException(
        `SyncDelta previousUid is only allowed for CREATE_OR_UPDATE and UPDATE, not for ${deltaType}.`,
      );
    }
    if (object === null && deltaType !== 'DELETE') {
      throw new IllegalArgumentException(
        `SyncDelta object is required for ${deltaType} (only DELETE may omit it).`,
      );
    }
    if (object !== null) {
      if (!uid.equals(object.uid)) {
        throw new IllegalArgumentException(
          `SyncDelta uid '${uid.uidValue}' does not match the object's uid '${object.uid.uidValue}'.`,
        );
      }
      if (objectClass === null || !objectClass.equals(object.objectClass)) {
        throw new IllegalArgumentException(
          `SyncDelta objectClass '${objectClass?.type ?? 'null'}' does not match the object's class ` +
            `'${object.objectClass.type}'.`,
        );
      }
    }
    this.token = token;
    this.deltaType = deltaType;
    this.previousUid = previousUid;
    this.objectClass = objectClass;
    this.uid = uid;
    this.object = object;
  }

  /** All six fields equal. */
  equals(other: unknown): boolean {
    const same = <T extends { equals(o: unknown): boolean }>(a: T | null, b: T | null) =>
      a === null ? b === null : a.equals(b);
    return (
      other instanceof SyncDelta &&
      other.deltaType === this.deltaType &&
      other.token.equals(this.token) &&
      other.uid.equals(this.uid) &&
      same(this.previousUid, other.previousUid) &&
      same(this.objectClass, other.objectClass) &&
      same(this.object, other.object)
    );
  }

  toString(): string {
    return JSON.stringify(this.toJSON());
  }

  /** JSON form: token value, deltaType, previousUid, objectClass, uid and object. */
  toJSON(): Record<string, unknown> {
    return {
      token: this.token.toJSON(),
      deltaType: this.deltaType,
      previousUid: this.previousUid?.uidValue ?? null,
      objectClass: this.objectClass?.type ?? null,
      uid: this.uid.uidValue,
      object: this.object?.toJSON() ?? null,
    };
  }
}

/**
 * Builds a {@link SyncDelta}. {@link SyncDeltaBuilder.setObject} also copies the object's uid and class, so a
 * connector usually sets token, type and object only.
 */
export class SyncDeltaBuilder {
  #token: SyncToken | null = null;
  #deltaType: SyncDeltaType | null = null;
  #previousUid: Uid | null = null;
  #objectClass: ObjectClass | null = null;
  #uid: Uid | null = null;
  #object: ConnectorObject | null = null;

  /** Optionally starts from the fields of an existing delta. */
  constructor(delta?: SyncDelta) {
    if (delta) {
      this.#token = delta.token;
      this.#deltaType = delta.deltaType;
      this.#previousUid = delta.previousUid;
      this.#objectClass = delta.objectClass;
      this.#uid = delta.uid;
      this.#object = delta.object;
    }
  }

  get token(): SyncToken | null {
    return this.#token;
  }

  get deltaType(): SyncDeltaType | null {
    return this.#deltaType;
  }

  get previousUid(): Uid | null {
    return this.#previousUid;
  }

  get objectClass(): ObjectClass | null {
    return this.#objectClass;
  }

  get uid(): Uid | null {
    return this.#uid;
  }

  get object(): ConnectorObject | null {
    return this.#object;
  }

  /** Sets the token (a SyncToken, or a value to wrap in one). */
  setToken(token: SyncToken | AttributeValueInput | null): this {
    this.#token = token === null || token instanceof SyncToken ? token : new SyncToken(token);
    return this;
  }

  setDeltaType(deltaType: SyncDeltaType | null): this {
    this.#deltaType = deltaType;
    return this;
  }

  /** Sets the Uid before a rename (a string becomes a Uid without revision). */
  setPreviousUid(previousUid: Uid | string | null): this {
    this.#previousUid = typeof previousUid === 'string' ? new Uid(previousUid) : previousUid;
    return this;
  }

  /** Sets the object class (a string becomes an ObjectClass). */
  setObjectClass(objectClass: ObjectClass | string | null): this {
    this.#objectClass = typeof objectClass === 'string' ? new ObjectClass(objectClass) : objectClass;
    return this;
  }

  /** Sets the Uid (a string becomes a Uid without revision). */
  setUid(uid: Uid | string | null): this {
    this.#uid = typeof uid === 'string' ? new Uid(uid) : uid;
    return this;
  }

  /** Sets the object; a non-null object also sets uid and objectClass to the object's own. */
  setObject(object: ConnectorObject | null): this {
    this.#object = object;
    if (object !== null && object !== undefined) {
      this.#uid = object.uid;
      this.#objectClass = object.objectClass;
    }
    return this;
  }

  /** @throws NullPointerException / IllegalArgumentException as {@link SyncDelta}'s constructor does. */
  build(): SyncDelta {
    return new SyncDelta({
      token: this.#token as SyncToken,
      deltaType: this.#deltaType as SyncDeltaType,
      previousUid: this.#previousUid,
      objectClass: this.#objectClass,
      uid: this.#uid as Uid,
      object: this.#object,
    });
  }
}
