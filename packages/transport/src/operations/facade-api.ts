/**
 * The application-level connector facade (spec framework.md C.5), asynchronous: the one interface both a local
 * facade (what an RCS serves operations from) and the {@link RemoteConnectorFacade} implement, so code written
 * against a local facade also works against a connector hosted by a remote server.
 *
 * Conventions of every method:
 *
 * - `options` is optional; `null`/`undefined` means "no options" (nothing is sent on the wire, spec §5.5 notes).
 * - `signal` cancels the call: a remote call sends `CancelOpRequest`, a local one should stop its work. The
 *   returned promise then rejects with `signal.reason`.
 * - Results that the wire can carry as "absent" are typed `| null` (spec §3.4: `uid` absent = null, empty
 *   `GetOpResponse.connectorObject` = not found, …).
 *
 * @packageDocumentation
 */
import type {
  Attribute,
  ConnectorObject,
  Filter,
  GuardedString,
  ObjectClass,
  OperationOptions,
  Schema,
  ScriptContext,
  SearchResult,
  SyncDelta,
  SyncToken,
  Uid,
} from '@rcskit/core';

/**
 * Receives the objects of a search, in order. Return (or resolve to) `false` to stop the search; anything else
 * continues. A handler that throws stops the search too, and the search rejects with that error.
 */
export type SearchResultsHandler = (object: ConnectorObject) => boolean | Promise<boolean>;

/**
 * Receives the deltas of a sync, in order. Return (or resolve to) `false` to stop; a throw stops the sync and
 * rejects it with the error.
 */
export type SyncResultsHandler = (delta: SyncDelta) => boolean | Promise<boolean>;

/** Receives the objects of a connector-event subscription (spec §5.7). Return `false` to close it. */
export type ConnectorEventHandler = (object: ConnectorObject) => boolean | Promise<boolean>;

/** Receives the deltas of a sync-event subscription (spec §5.7). Return `false` to close it. */
export type SyncEventHandler = (delta: SyncDelta) => boolean | Promise<boolean>;

/** Options accepted by every facade method. */
export type OperationOptionsArg = OperationOptions | null | undefined;

/**
 * The asynchronous connector facade: every API operation of spec framework.md C.5.
 *
 * A method for an operation the connector does not support rejects with core's
 * `UnsupportedOperationException`.
 */
export interface ConnectorFacade {
  /**
   * Creates an object (CreateApiOp). The attribute set must not be null, contain null entries, non-attributes,
   * two attributes of the same name (compared case-sensitively) or `__UID__`, and the object class must not be
   * `__ALL__` (core's `checkCreateArguments`).
   *
   * @returns the new object's Uid (null only when a peer answered without one).
   */
  create(
    objectClass: ObjectClass,
    createAttributes: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null>;

  /** Replaces attribute values (UpdateApiOp, `update`). @returns the (possibly new) Uid. */
  update(
    objectClass: ObjectClass,
    uid: Uid,
    replaceAttributes: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null>;

  /** Adds values to multi-valued attributes (UpdateApiOp, `addAttributeValues`). */
  addAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToAdd: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null>;

  /** Removes values from multi-valued attributes (UpdateApiOp, `removeAttributeValues`). */
  removeAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToRemove: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null>;

  /** Deletes an object (DeleteApiOp). */
  delete(
    objectClass: ObjectClass,
    uid: Uid,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<void>;

  /** Reads one object by Uid (GetApiOp). @returns the object, or null when it does not exist. */
  getObject(
    objectClass: ObjectClass,
    uid: Uid,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<ConnectorObject | null>;

  /**
   * Searches (SearchApiOp): `handler` receives every object in order. A null filter means "all objects".
   *
   * @returns the connector's last SearchResult, or null when it reported none (or the handler stopped the search
   *   before the result arrived).
   */
  search(
    objectClass: ObjectClass,
    filter: Filter | null | undefined,
    handler: SearchResultsHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<SearchResult | null>;

  /**
   * Reads the changes since `token` (SyncApiOp): `handler` receives every delta in order.
   *
   * @returns the first token the connector reported at the end, or null.
   */
  sync(
    objectClass: ObjectClass,
    token: SyncToken,
    handler: SyncResultsHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<SyncToken | null>;

  /** The resource's current sync position (SyncApiOp, `getLatestSyncToken`), or null. */
  getLatestSyncToken(objectClass: ObjectClass, signal?: AbortSignal): Promise<SyncToken | null>;

  /** The connector's schema (SchemaApiOp), or null when it has none. */
  schema(signal?: AbortSignal): Promise<Schema | null>;

  /** Checks the connection to the resource (TestApiOp); rejects when it fails. */
  test(signal?: AbortSignal): Promise<void>;

  /** Validates the configuration (ValidateApiOp); rejects when it is invalid. */
  validate(signal?: AbortSignal): Promise<void>;

  /** Authenticates an account (AuthenticationApiOp). @returns the account's Uid. */
  authenticate(
    objectClass: ObjectClass,
    username: string,
    password: GuardedString,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null>;

  /** Finds the Uid of an account by user name (ResolveUsernameApiOp). */
  resolveUsername(
    objectClass: ObjectClass,
    username: string,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null>;

  /** Runs a script in the connector (ScriptOnConnectorApiOp). @returns the script's result (any wire value). */
  runScriptOnConnector(
    request: ScriptContext,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<unknown>;

  /** Runs a script on the resource (ScriptOnResourceApiOp). @returns the script's result (any wire value). */
  runScriptOnResource(
    request: ScriptContext,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<unknown>;
}

/**
 * The optional event-subscription operations (spec §5.7). A local facade that offers them implements this
 * interface too; the RCS dispatch answers "not supported" otherwise.
 */
export interface SubscriptionFacade {
  /**
   * Subscribes to connector events (ConnectorEventSubscriptionApiOp). Resolves when the subscription ends: normally
   * (the connector completed it), because the handler returned false, or because `signal` aborted.
   */
  subscribeConnectorEvents(
    objectClass: ObjectClass,
    eventFilter: Filter | null | undefined,
    handler: ConnectorEventHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<void>;

  /** Subscribes to sync events (SyncEventSubscriptionApiOp); ends as {@link subscribeConnectorEvents}. */
  subscribeSyncEvents(
    objectClass: ObjectClass,
    token: SyncToken | null | undefined,
    handler: SyncEventHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<void>;
}

/** What the server-side dispatch needs from a local facade: the {@link ConnectorFacade} operations. */
export type ConnectorFacadeLike = ConnectorFacade & Partial<SubscriptionFacade>;

/** True when a facade implements the optional {@link SubscriptionFacade} methods. */
export function supportsSubscriptions(
  facade: ConnectorFacadeLike,
): facade is ConnectorFacade & SubscriptionFacade {
  return (
    typeof facade.subscribeConnectorEvents === 'function' && typeof facade.subscribeSyncEvents === 'function'
  );
}
