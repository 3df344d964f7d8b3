/**
 * The SPI operations a connector may implement (spec framework.md C.4). A connector implements an operation by
 * having its methods; the framework detects them by name (`spiOperationsOf` in `api/operations.ts`) and maps them
 * to API operations (spec C.5). Every method may return its result or a Promise of it.
 *
 * The framework guarantees that every `options` argument is non-null (empty options when the caller gave none).
 *
 * @packageDocumentation
 */
import { type SpiOperation, spiOperationsOf } from '../api/operations.js';
import type { FilterTranslator } from '../filter/translator.js';
import type { Attribute, Uid } from '../objects/attribute.js';
import type { ObjectClass } from '../objects/object-class.js';
import type { OperationOptions } from '../objects/operation-options.js';
import type { Schema } from '../objects/schema.js';
import type { ScriptContext } from '../objects/script.js';
import type { SyncToken } from '../objects/sync.js';
import type { GuardedString } from '../values/guarded.js';
import type { Awaitable } from './connector.js';
import type { SearchResultsHandler, SyncResultsHandler } from './handlers.js';

/** Creates objects (API: CreateApiOp). */
export interface CreateOp {
  /**
   * Creates an object and returns its Uid.
   *
   * @param attributes the new object's attributes, names unique (a Java Set). Never contains `__UID__`;
   *   `__NAME__` is usually present.
   * @returns the Uid of the new object (mandatory).
   * @throws AlreadyExistsException when the object already exists.
   */
  create(
    objectClass: ObjectClass,
    attributes: readonly Attribute[],
    options: OperationOptions,
  ): Awaitable<Uid>;
}

/** Replaces attribute values (API: UpdateApiOp). */
export interface UpdateOp {
  /**
   * Replace semantics: each given attribute's values replace the current ones, and a missing attribute is added.
   * An attribute with a **null value list** means remove the attribute (or set a single null when it cannot be
   * removed). May include operational attributes (`__ENABLE__`, `__PASSWORD__`, …).
   *
   * @returns the object's Uid, which may be new after a rename.
   * @throws UnknownUidException when no object has `uid`.
   */
  update(
    objectClass: ObjectClass,
    uid: Uid,
    replaceAttributes: readonly Attribute[],
    options: OperationOptions,
  ): Awaitable<Uid>;
}

/** Adds and removes individual values (API: UpdateApiOp's addAttributeValues / removeAttributeValues). */
export interface UpdateAttributeValuesOp extends UpdateOp {
  /**
   * Appends the given values to the current ones (duplicates allowed). Never receives operational attributes.
   *
   * @returns the object's Uid, which may be new.
   * @throws UnknownUidException when no object has `uid`.
   */
  addAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToAdd: readonly Attribute[],
    options: OperationOptions,
  ): Awaitable<Uid>;
  /**
   * Removes the given values; values that are not present are ignored, so removing an unmatched value always
   * succeeds. Never receives operational attributes.
   *
   * @returns the object's Uid, which may be new.
   * @throws UnknownUidException when no object has `uid`.
   */
  removeAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToRemove: readonly Attribute[],
    options: OperationOptions,
  ): Awaitable<Uid>;
}

/** Deletes objects (API: DeleteApiOp). */
export interface DeleteOp {
  /** @throws UnknownUidException when no object has `uid`. */
  delete(objectClass: ObjectClass, uid: Uid, options: OperationOptions): Awaitable<void>;
}

/**
 * Searches (API: SearchApiOp **and** GetApiOp). The framework turns the caller's filter into native queries with
 * the connector's translator (spec B.3) and calls {@link executeQuery} once per query, or once with `null` when
 * the filter cannot or need not be translated (fetch everything; the framework filters afterwards, spec B.5).
 */
export interface SearchOp<T> {
  /** The translator from framework filters to native queries of type `T`. */
  createFilterTranslator(objectClass: ObjectClass, options: OperationOptions): Awaitable<FilterTranslator<T>>;
  /**
   * Runs one native query and feeds every match to `handler`, stopping as soon as `handle` returns false. Paging
   * options (page size, cookie, offset, sort) are passed through untouched; a connector that pages reports the
   * cookie and counts through `handler.handleResult(SearchResult)`.
   *
   * @param query a translated query, or null for "all objects of the class".
   */
  executeQuery(
    objectClass: ObjectClass,
    query: T | null,
    handler: SearchResultsHandler,
    options: OperationOptions,
  ): Awaitable<void>;
}

/** Reports changes (API: SyncApiOp). */
export interface SyncOp {
  /**
   * Sends every change after `token` to `handler`, oldest first, stopping when `handle` returns false; then calls
   * `handler.handleResult(finalToken)`. A null token means "first call". `objectClass` may be `__ALL__`.
   */
  sync(
    objectClass: ObjectClass,
    token: SyncToken | null,
    handler: SyncResultsHandler,
    options: OperationOptions,
  ): Awaitable<void>;
  /** The token of "now": a later sync from it reports only later changes. Null when there is none. */
  getLatestSyncToken(objectClass: ObjectClass): Awaitable<SyncToken | null>;
}

/** Describes the resource (API: SchemaApiOp). */
export interface SchemaOp {
  /** The object classes, attributes and options the connector supports. */
  schema(): Awaitable<Schema>;
}

/** Checks the connection (API: TestApiOp). */
export interface TestOp {
  /**
   * Checks connectivity and credentials. May be called before `validate()`, so implementations usually validate
   * the configuration first. Throws the most specific exception (e.g. ConnectionFailedException,
   * InvalidCredentialException), or ConnectorException.
   */
  test(): Awaitable<void>;
}

/** Checks credentials (API: AuthenticationApiOp). */
export interface AuthenticateOp {
  /**
   * @returns the Uid of the authenticated account.
   * @throws InvalidCredentialException, InvalidPasswordException or PasswordExpiredException on failure.
   */
  authenticate(
    objectClass: ObjectClass,
    username: string,
    password: GuardedString,
    options: OperationOptions,
  ): Awaitable<Uid>;
}

/** Finds an account's Uid by user name (API: ResolveUsernameApiOp). */
export interface ResolveUsernameOp {
  /**
   * @returns the Uid of the account named `username`.
   * @throws UnknownUidException (typically) when the user is unknown: this operation must throw, never return
   *   nothing.
   */
  resolveUsername(objectClass: ObjectClass, username: string, options: OperationOptions): Awaitable<Uid>;
}

/** Runs a script inside the connector (API: ScriptOnConnectorApiOp). */
export interface ScriptOnConnectorOp {
  /**
   * Runs the script in the connector's own environment. The result must be serialisable (the framework
   * deep-copies it).
   */
  runScriptOnConnector(request: ScriptContext, options: OperationOptions): Awaitable<unknown>;
}

/** Runs a script on the target resource (API: ScriptOnResourceApiOp). */
export interface ScriptOnResourceOp {
  /** Runs the script on the resource (e.g. a shell command). The result must be serialisable. */
  runScriptOnResource(request: ScriptContext, options: OperationOptions): Awaitable<unknown>;
}

/** The operation interfaces of this module by SPI operation name. */
export interface SpiOperationInterfaces {
  CreateOp: CreateOp;
  UpdateOp: UpdateOp;
  UpdateAttributeValuesOp: UpdateAttributeValuesOp;
  DeleteOp: DeleteOp;
  SearchOp: SearchOp<unknown>;
  SyncOp: SyncOp;
  SchemaOp: SchemaOp;
  TestOp: TestOp;
  AuthenticateOp: AuthenticateOp;
  ResolveUsernameOp: ResolveUsernameOp;
  ScriptOnConnectorOp: ScriptOnConnectorOp;
  ScriptOnResourceOp: ScriptOnResourceOp;
}

/**
 * Whether `connector` implements the SPI operation `op` (by its method names, as `spiOperationsOf` detects it),
 * narrowing its type to the operation's interface.
 */
export function implementsOperation<K extends keyof SpiOperationInterfaces & SpiOperation>(
  connector: object,
  op: K,
): connector is SpiOperationInterfaces[K] {
  return spiOperationsOf(connector).includes(op);
}
