/**
 * The bindings of each operation script (spec framework.md D.3), as types. A module script receives them as one
 * object — annotate the parameter to get completion in an editor:
 *
 * ```ts
 * import type { SearchContext } from '@rcskit/scripting';
 *
 * export default async function search({ objectClass, options, query, handler, log }: SearchContext) {
 *   log.info('page size {0}', options.pageSize);
 *   …
 * }
 * ```
 *
 * A statement script sees the same names as top-level variables, and the whole object as `bindings`.
 *
 * @packageDocumentation
 */
import type {
  Filter,
  GuardedString,
  ObjectClass,
  OperationOptions,
  QueryMap,
  SearchResult,
  SyncToken,
  Uid,
} from '@rcskit/core';
import type { ScriptAttributes } from './attributes.js';
import type { ScriptedConfiguration } from './configuration.js';
import type { ConnectorObjectInput } from './dsl/connector-object.js';
import type { ScriptSchemaBuilder } from './dsl/schema.js';
import type { SyncDeltaInput } from './dsl/sync-delta.js';
import type { ScriptLog } from './log.js';
import type { OperationType } from './operation-type.js';

/** Bindings every script gets. */
export interface OperationContext<Op extends OperationType = OperationType> {
  /** The operation the script runs for. */
  readonly operation: Op;
  /** The connector configuration (`configuration.propertyBag` is shared by the scripts of the configuration). */
  readonly configuration: ScriptedConfiguration;
  /** The script's logger (see `ScriptLog`). */
  readonly log: ScriptLog;
  /**
   * Every binding by name (this object). Statement scripts reach it as the variable `bindings`; it lists the
   * bindings as Groovy's `binding.variables` did (`String(bindings)`, `Object.keys(bindings)`). Not enumerable.
   */
  readonly bindings: Readonly<Record<string, unknown>>;
  /**
   * Aborted when the script's time limit (`scriptTimeoutMillis`) is exceeded: pass it to `fetch` and other
   * cancellable calls. Not enumerable.
   */
  readonly signal: AbortSignal;
}

/**
 * The search handler: sends one object to the caller and resolves to false when the caller wants no more
 * (stop then). Calls are delivered in order even when not awaited; after a stop, further objects are dropped.
 */
export type SearchHandler = (object: ConnectorObjectInput) => Promise<boolean>;

/** The sync handler: sends one delta, resolves to false when the caller wants no more. */
export type SyncHandler = (delta: SyncDeltaInput) => Promise<boolean>;

/** AUTHENTICATE: return the account's Uid (or its value as a string). */
export interface AuthenticateContext extends OperationContext<'AUTHENTICATE'> {
  readonly objectClass: ObjectClass;
  readonly options: OperationOptions;
  readonly username: string;
  readonly password: GuardedString;
}

/** CREATE: return the new object's Uid (or its value as a string). */
export interface CreateContext extends OperationContext<'CREATE'> {
  readonly objectClass: ObjectClass;
  readonly options: OperationOptions;
  /** The attributes without `__NAME__`. */
  readonly attributes: ScriptAttributes;
  /** The `__NAME__` value, or null. */
  readonly id: string | null;
}

/** UPDATE (also ADD_/REMOVE_ATTRIBUTE_VALUES, unreachable through the framework): return the Uid. */
export interface UpdateContext
  extends OperationContext<'UPDATE' | 'ADD_ATTRIBUTE_VALUES' | 'REMOVE_ATTRIBUTE_VALUES'> {
  readonly objectClass: ObjectClass;
  readonly options: OperationOptions;
  readonly uid: Uid;
  /** The attributes without `__NAME__`. */
  readonly attributes: ScriptAttributes;
  /** The new `__NAME__` when the update renames, else null. */
  readonly id: string | null;
}

/** DELETE: the return value is ignored. */
export interface DeleteContext extends OperationContext<'DELETE'> {
  readonly objectClass: ObjectClass;
  readonly options: OperationOptions;
  readonly uid: Uid;
}

/** RESOLVE_USERNAME: return the Uid (or its value as a string). */
export interface ResolveUsernameContext extends OperationContext<'RESOLVE_USERNAME'> {
  readonly objectClass: ObjectClass;
  readonly options: OperationOptions;
  readonly username: string;
}

/** SCHEMA: return `builder.schema(…)`. */
export interface SchemaContext extends OperationContext<'SCHEMA'> {
  readonly builder: ScriptSchemaBuilder;
}

/**
 * SEARCH: send objects with `handler`; return a `SearchResult`, a paged-results cookie string, a
 * `{ pagedResultsCookie, remainingPagedResults, totalPagedResults, totalPagedResultsPolicy }` object, or nothing.
 */
export interface SearchContext extends OperationContext<'SEARCH'> {
  readonly objectClass: ObjectClass;
  readonly options: OperationOptions;
  /** The translated filter (NOT pushed to the leaves), or null for "everything". */
  readonly filter: Filter | null;
  /** The filter as nested maps (spec D.7; `PRESENT` included), or null for "everything". */
  readonly query: () => QueryMap | null;
  readonly handler: SearchHandler;
}

/** What a search script may return. */
export type SearchScriptResult =
  | SearchResult
  | string
  | {
      readonly pagedResultsCookie?: string | null;
      readonly remainingPagedResults?: number;
      readonly totalPagedResults?: number;
      readonly totalPagedResultsPolicy?: 'NONE' | 'ESTIMATE' | 'EXACT';
    }
  | null
  | undefined;

/** SYNC: send deltas with `handler`; return the final token (a SyncToken or a value). */
export interface SyncContext extends OperationContext<'SYNC'> {
  readonly objectClass: ObjectClass;
  readonly options: OperationOptions;
  /** The token value to resume from (a plain value, not a SyncToken); null on the first sync. */
  readonly token: unknown;
  readonly handler: SyncHandler;
}

/** GET_LATEST_SYNC_TOKEN (same script file as SYNC): return the current token (a SyncToken or a value). */
export interface GetLatestSyncTokenContext extends OperationContext<'GET_LATEST_SYNC_TOKEN'> {
  readonly objectClass: ObjectClass;
}

/** What a sync script returns: the token (wrapped in a SyncToken unless it is one), or nothing. */
export type SyncScriptResult = SyncToken | string | number | bigint | null | undefined;

/** The context of the sync script file, which runs for both SYNC and GET_LATEST_SYNC_TOKEN. */
export type SyncScriptContext = SyncContext | GetLatestSyncTokenContext;

/** TEST: throw to fail the test; the return value is ignored. */
export type TestContext = OperationContext<'TEST'>;

/** RUNSCRIPTONRESOURCE: return any serialisable value. */
export interface ScriptOnResourceContext extends OperationContext<'RUNSCRIPTONRESOURCE'> {
  readonly options: OperationOptions;
  /** The request's arguments as plain values (read-only). */
  readonly scriptArguments: Readonly<Record<string, unknown>>;
  /** The request's script text (not run by the engine). */
  readonly scriptText: string;
  readonly scriptLanguage: string;
}

/** RUNSCRIPTONCONNECTOR: the request's arguments are extra bindings by name. */
export interface ScriptOnConnectorContext extends OperationContext<'RUNSCRIPTONCONNECTOR'> {
  readonly options: OperationOptions;
  readonly [argument: string]: unknown;
}

/** Hooks a customizer script registers with `customize({ … })` or returns from its default export. */
export interface CustomizerHooks {
  /** Called once by connectors that build a shared client (e.g. a REST connector), with their builder. */
  init?(builder: unknown, configuration: ScriptedConfiguration): unknown;
  /** Called per script run by such connectors; the result becomes a binding (e.g. `customizedConnection`). */
  decorate?(client: unknown, configuration: ScriptedConfiguration): unknown;
  /** Called when the configuration is released. */
  release?(configuration: ScriptedConfiguration): unknown;
}

/** The customizer script's bindings: `configuration`, `log` and `customize(hooks)`. */
export interface CustomizerContext {
  readonly configuration: ScriptedConfiguration;
  readonly log: ScriptLog;
  readonly customize: (hooks: CustomizerHooks) => void;
  readonly bindings: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal;
}

/** The context type of each operation, by operation type. */
export interface ContextByOperation {
  AUTHENTICATE: AuthenticateContext;
  CREATE: CreateContext;
  UPDATE: UpdateContext;
  ADD_ATTRIBUTE_VALUES: UpdateContext;
  REMOVE_ATTRIBUTE_VALUES: UpdateContext;
  DELETE: DeleteContext;
  RESOLVE_USERNAME: ResolveUsernameContext;
  SCHEMA: SchemaContext;
  SEARCH: SearchContext;
  SYNC: SyncContext;
  GET_LATEST_SYNC_TOKEN: GetLatestSyncTokenContext;
  TEST: TestContext;
  RUNSCRIPTONRESOURCE: ScriptOnResourceContext;
  RUNSCRIPTONCONNECTOR: ScriptOnConnectorContext;
}

/** A module script's default export for a context type. */
export type ScriptFunction<C, R = unknown> = (context: C) => R | Promise<R>;
