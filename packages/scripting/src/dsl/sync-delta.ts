/**
 * The sync-delta DSL of sync scripts (spec framework.md D.6). Groovy's
 * `handler { syncToken t; CREATE_OR_UPDATE(); object { … } }` becomes one of:
 *
 * ```ts
 * handler({ syncToken: row.changeNumber, deltaType: 'CREATE_OR_UPDATE', object: { uid: row.id, attributes: {…} } });
 * handler(({ syncToken, CREATE_OR_UPDATE, object }) => {
 *   syncToken(row.changeNumber);
 *   CREATE_OR_UPDATE();
 *   object(({ uid, attribute }) => { uid(row.id); attribute('mail', row.mail); });
 * });
 * handler({ syncToken: 42, deltaType: 'DELETE', uid: 'gone-id' });
 * handler(syncDelta);
 * ```
 *
 * Rules:
 *
 * - Every delta needs a token (the framework's SyncDelta requires one); a value that is not a `SyncToken` is
 *   wrapped in one.
 * - `object` takes the connector-object DSL of `./connector-object.ts` and also sets the delta's uid and class.
 * - `DELETE(uid)` (or `{ deltaType: 'DELETE', uid }`) reports a deletion without an object.
 * - The delta's class is the object's class; without an object it is the one set with `objectClass(…)` (an rcskit
 *   addition — the Groovy delegate had none), else the synced class, or null under a sync of `__ALL__` (the
 *   framework then rejects the delta, spec A.13).
 *
 * @packageDocumentation
 */
import {
  type AttributeValueInput,
  IllegalArgumentException,
  isSyncDeltaType,
  JavaLong,
  ObjectClass,
  SyncDelta,
  SyncDeltaBuilder,
  type SyncDeltaType,
  SyncToken,
  Uid,
} from '@rcskit/core';
import { buildConnectorObject, type ConnectorObjectInput } from './connector-object.js';

/** The declarative form of a sync delta. */
export interface SyncDeltaSpec {
  /** The token of this change (a value or a SyncToken). `token` is accepted as an alias. */
  readonly syncToken?: unknown;
  readonly token?: unknown;
  /** Default `CREATE_OR_UPDATE` when an object is given, `DELETE` when only a uid is. */
  readonly deltaType?: SyncDeltaType | undefined;
  /** The uid before a rename. */
  readonly previousUid?: string | Uid | null | undefined;
  /** The uid of a deleted object (when there is no object). */
  readonly uid?: string | number | Uid | null | undefined;
  /** The class of a deletion without an object. */
  readonly objectClass?: string | ObjectClass | null | undefined;
  /** The changed object. */
  readonly object?: ConnectorObjectInput | null | undefined;
}

/** The delegate of a sync builder callback; every method also works destructured. */
export interface SyncDeltaDelegate {
  /** Sets the delta's token (a SyncToken or any token value). */
  syncToken(token: unknown): void;
  CREATE_OR_UPDATE(): void;
  CREATE(): void;
  UPDATE(): void;
  /** A deletion; with a uid when no object follows. */
  DELETE(uid?: string | number | Uid): void;
  /** Sets the delta type by name. */
  setDeltaType(type: SyncDeltaType): void;
  /** The uid before a rename. */
  previousUid(uid: string | Uid): void;
  /** The changed object (connector-object DSL). */
  object(object: ConnectorObjectInput): void;
  /** The class of a deletion without an object (rcskit addition). */
  objectClass(objectClass: string | ObjectClass): void;
  /** The underlying framework builder. */
  readonly builder: SyncDeltaBuilder;
}

/** What a sync `handler(…)` accepts. */
export type SyncDeltaInput = SyncDelta | SyncDeltaSpec | ((delegate: SyncDeltaDelegate) => void);

/**
 * A SyncToken from a script value: a SyncToken is kept; a JS integer becomes a **Long** (tokens are usually
 * timestamps or change numbers, and a Long keeps its type when the token comes back), other numbers a Double;
 * other values follow the framework's value rules (`int(…)` forces an Integer).
 */
export function toSyncToken(value: unknown): SyncToken {
  if (value instanceof SyncToken) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value))
    return new SyncToken(new JavaLong(BigInt(value)));
  return new SyncToken(value as AttributeValueInput);
}

function toUid(value: unknown, what: string): Uid {
  if (value instanceof Uid) return value;
  if (typeof value === 'string') return new Uid(value);
  if (typeof value === 'number' || typeof value === 'bigint') return new Uid(String(value));
  throw new IllegalArgumentException(`${what} must be a string or a Uid`);
}

/**
 * Builds a sync delta from any {@link SyncDeltaInput}; a ready {@link SyncDelta} is returned as it is.
 *
 * @param syncedClass the class of the sync (the default class of objects and of deletions, see the module notes).
 * @throws NullPointerException / IllegalArgumentException as the framework's SyncDelta does (no token, a
 *   non-DELETE delta without an object…).
 */
export function buildSyncDelta(input: SyncDeltaInput, syncedClass?: ObjectClass | null): SyncDelta {
  if (input instanceof SyncDelta) return input;
  const builder = new SyncDeltaBuilder();
  const state: { objectClass: ObjectClass | null; object: ConnectorObjectInput | null; uid: Uid | null } = {
    objectClass: null,
    object: null,
    uid: null,
  };
  const setClass = (oc: unknown) => {
    if (oc === null || oc === undefined) return;
    state.objectClass = oc instanceof ObjectClass ? oc : new ObjectClass(String(oc));
  };
  if (typeof input === 'function') {
    const delegate: SyncDeltaDelegate = {
      syncToken: (token) => {
        builder.setToken(toSyncToken(token));
      },
      CREATE_OR_UPDATE: () => {
        builder.setDeltaType('CREATE_OR_UPDATE');
      },
      CREATE: () => {
        builder.setDeltaType('CREATE');
      },
      UPDATE: () => {
        builder.setDeltaType('UPDATE');
      },
      DELETE: (deleted) => {
        builder.setDeltaType('DELETE');
        if (deleted !== undefined && deleted !== null) state.uid = toUid(deleted, 'DELETE(uid)');
      },
      setDeltaType: (type) => {
        if (!isSyncDeltaType(type))
          throw new IllegalArgumentException(`Unknown sync delta type: ${String(type)}`);
        builder.setDeltaType(type);
      },
      previousUid: (previous) => {
        builder.setPreviousUid(toUid(previous, 'previousUid'));
      },
      object: (o) => {
        state.object = o;
      },
      objectClass: (oc) => setClass(oc),
      builder,
    };
    const result = (input as (d: SyncDeltaDelegate) => unknown)(delegate);
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      throw new IllegalArgumentException('The sync delta builder callback must be synchronous');
    }
  } else if (input && typeof input === 'object') {
    const spec = input as SyncDeltaSpec;
    const token = spec.syncToken !== undefined ? spec.syncToken : spec.token;
    if (token !== undefined && token !== null) builder.setToken(toSyncToken(token));
    if (spec.deltaType !== undefined) {
      if (!isSyncDeltaType(spec.deltaType)) {
        throw new IllegalArgumentException(`Unknown sync delta type: ${String(spec.deltaType)}`);
      }
      builder.setDeltaType(spec.deltaType);
    } else {
      builder.setDeltaType(spec.object ? 'CREATE_OR_UPDATE' : 'DELETE');
    }
    if (spec.previousUid !== undefined && spec.previousUid !== null) {
      builder.setPreviousUid(toUid(spec.previousUid, 'previousUid'));
    }
    if (spec.uid !== undefined && spec.uid !== null) state.uid = toUid(spec.uid, 'uid');
    setClass(spec.objectClass);
    state.object = spec.object ?? null;
  } else {
    throw new IllegalArgumentException('handler(…) takes a SyncDelta, a delta object or a builder callback');
  }
  const fallbackClass: ObjectClass | null =
    state.objectClass ?? (syncedClass && !syncedClass.is(ObjectClass.ALL_NAME) ? syncedClass : null);
  if (state.object !== null) {
    builder.setObject(buildConnectorObject(state.object, fallbackClass));
  } else {
    if (state.uid !== null) builder.setUid(state.uid);
    builder.setObjectClass(fallbackClass);
  }
  return builder.build();
}
