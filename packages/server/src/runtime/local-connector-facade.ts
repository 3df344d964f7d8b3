/**
 * The local connector facade (spec framework.md B.5–B.7, C.1, C.5–C.7): transport's asynchronous
 * {@link ConnectorFacade} over one {@link ConnectorClass} and one {@link APIConfiguration}. This is what an RCS
 * serves operation requests from.
 *
 * Per call, from the outside in:
 *
 * 1. The **supported-operation** check (`UnsupportedOperationException("Operation '<ApiOp>' not supported.")`),
 *    then the **argument checks** of `@rcskit/core`'s `argument-checks` (`checkCreateArguments`, …: null checks,
 *    `__ALL__`, `__UID__` in a create or update set, duplicate names, add/remove restrictions), the same ones the
 *    remote facade makes.
 * 2. **Timeout** (C.7): non-streaming operations with a timeout other than -1 fail with
 *    `OperationTimeoutException`; search and sync run the connector behind a bounded queue of
 *    `producerBufferSize` items (back-pressure) and time out per item. An `AbortSignal` rejects the call with its
 *    reason; a streaming connector then gets `false` from its handler.
 * 3. **Lifecycle** (C.1): a non-poolable connector gets a new instance per call, `create → init(configuration,
 *    context) → operation → dispose()`; a poolable one is borrowed from the facade's {@link ConnectorPool}
 *    (checked with `checkAlive`) and returned after the call. A configuration that is a `StatefulConfiguration`
 *    is built once per facade, shared by every instance and released when the facade is disposed; a stateless one
 *    is rebuilt from the property values for every instance. Every instance of the facade gets the same
 *    `ConnectorContext`, whose `log` is a child of the `connectorLogger` option bound with the connector's bundle
 *    name, bundle version and connector name.
 * 4. **Operation implementation**: search through the connector's filter translator (several queries are
 *    de-duplicated by Uid) and the results-handler chain of {@link buildSearchChain}; get as a search by Uid;
 *    add/remove values emulated through get + update when the connector lacks `UpdateAttributeValuesOp`; the sync
 *    wrapper; scripts on the connector run by the framework itself when the connector lacks `ScriptOnConnectorOp`.
 *
 * Decisions where the spec leaves room:
 *
 * - The supported operations are those the connector class really implements (plus Validate and
 *   ScriptOnConnector), narrowed to the configuration's `supportedOperations` when that set is non-empty. Pooling
 *   follows the connector class (`checkAlive` present), not the configuration's flag, which only mirrors it.
 * - An update (replace, add or remove) is checked like a create: no `__ALL__`, no `__UID__`, no duplicate names
 *   (a decision of the shared checks).
 * - An emulated add/remove that changes nothing (every attribute to remove is absent) does not call `update` and
 *   returns the given Uid.
 * - A connector whose `init` fails is disposed (errors of that dispose are ignored).
 * - Argument checks run before a connector instance is created or borrowed.
 *
 * @packageDocumentation
 */
import {
  type APIConfiguration,
  type ApiOperation,
  type Attribute,
  AttributeBuilder,
  type AttributeNormalizer,
  type AuthenticateOp,
  apiOperationsFor,
  applyConfigurationProperties,
  type Configuration,
  type Connector,
  type ConnectorClass,
  type ConnectorContext,
  ConnectorException,
  type ConnectorKey,
  ConnectorObject,
  type CreateOp,
  checkAuthenticateArguments,
  checkCreateArguments,
  checkDeleteArguments,
  checkGetArguments,
  checkGetLatestSyncTokenArguments,
  checkResolveUsernameArguments,
  checkScriptArguments,
  checkSearchArguments,
  checkSyncArguments,
  checkUpdateArguments,
  DEFAULT_PRODUCER_BUFFER_SIZE,
  type DeleteOp,
  EqualsFilter,
  type Filter,
  type GuardedString,
  IllegalStateException,
  isAttributeNormalizer,
  isPoolable,
  isStatefulConfiguration,
  NO_TIMEOUT,
  NullPointerException,
  ObjectClass,
  OperationOptions,
  OperationOptionsBuilder,
  type PoolableConnector,
  type ResolveUsernameOp,
  type Schema,
  type SchemaOp,
  type ScriptContext,
  type ScriptOnConnectorOp,
  type ScriptOnResourceOp,
  type SearchOp,
  type SearchResult,
  type SpiOperation,
  type SearchResultsHandler as SpiSearchResultsHandler,
  type StatefulConfiguration,
  type SyncDelta,
  type SyncOp,
  type SyncToken,
  spiOperationsOf,
  type TestOp,
  type Uid,
  UnknownUidException,
  UnsupportedOperationException,
  type UpdateAttributeValuesOp,
  valueEquals,
} from '@rcskit/core';
import type {
  ConnectorFacade,
  OperationOptionsArg,
  SearchResultsHandler,
  SyncResultsHandler,
} from '@rcskit/transport';
import { BoundedQueue } from './bounded-queue.js';
import { ConnectorPool } from './connector-pool.js';
import {
  childLogger,
  describeConfiguration,
  describeError,
  type RuntimeLogger,
  silentRuntimeLogger,
} from './logger.js';
import {
  attributesToGetOf,
  buildSearchChain,
  duplicateFilteringHandler,
  normalizeAttributes,
  normalizeSyncDelta,
  normalizeUid,
  type ObjectHandler,
  reduceDeltaToAttributesToGet,
} from './results-handlers.js';
import { assertFrameworkScriptLanguage, runFrameworkScript } from './script-executor.js';
import { abortReason, awaitWithin, streamItemTimeout, throwIfAborted } from './timeouts.js';

/** Options of a {@link LocalConnectorFacade}. */
export interface LocalConnectorFacadeOptions {
  /** The connector's key, for log lines. */
  readonly connectorKey?: ConnectorKey | undefined;
  /** Logger; the facade logs through a child tagged with the connector. Default: silent. */
  readonly logger?: RuntimeLogger | undefined;
  /**
   * The logger connector instances write to: each gets, as `init`'s `context.log`, a child of it bound with
   * `bundleName`, `bundleVersion` and `connectorName` (only `connectorName` without a {@link connectorKey}).
   * Default: {@link logger}.
   */
  readonly connectorLogger?: RuntimeLogger | undefined;
  /**
   * How long {@link LocalConnectorFacade.dispose} waits for operations in progress before closing the pool and
   * releasing the configuration, in ms. Default 10 s.
   */
  readonly disposeGraceMs?: number | undefined;
}

/** Any connector, seen with every optional operation. */
type AnyConnector = Connector &
  Partial<PoolableConnector> &
  Partial<
    CreateOp &
      UpdateAttributeValuesOp &
      DeleteOp &
      SearchOp<unknown> &
      SyncOp &
      SchemaOp &
      TestOp &
      AuthenticateOp &
      ResolveUsernameOp &
      ScriptOnConnectorOp &
      ScriptOnResourceOp
  >;

const SYNC_ALL_DELETE_MESSAGE =
  "Sync '__ALL__' operation requires the connector to set 'objectClass' parameter for sync event.";

const DEFAULT_DISPOSE_GRACE_MS = 10_000;

function optionsOf(options: OperationOptionsArg): OperationOptions {
  return options ?? OperationOptions.EMPTY;
}

function normalizerOf(connector: object): AttributeNormalizer | null {
  return isAttributeNormalizer(connector) ? connector : null;
}

/** The values of `current` with `change`'s values appended (duplicates kept). */
function mergeAdd(current: Attribute | undefined, change: Attribute): Attribute {
  return AttributeBuilder.fromList(change.name, [...(current?.value ?? []), ...(change.value ?? [])]);
}

/**
 * The values of `current` without the first occurrence of each of `change`'s values; a list that ends up empty
 * becomes a null value list. Undefined when the attribute is absent (nothing to remove).
 */
function mergeRemove(current: Attribute | undefined, change: Attribute): Attribute | undefined {
  if (current === undefined || current.value === null) return undefined;
  const values = [...current.value];
  for (const value of change.value ?? []) {
    const i = values.findIndex((v) => valueEquals(v, value));
    if (i >= 0) values.splice(i, 1);
  }
  return AttributeBuilder.fromList(change.name, values.length === 0 ? null : values);
}

/**
 * The fields that tag a connector's own log lines (not `connector`: connectors commonly add that field to their
 * records themselves, and pino would then print it twice).
 */
function connectorIdentity(
  connectorClass: ConnectorClass,
  key: ConnectorKey | undefined,
): Record<string, string> {
  if (key === undefined) return { connectorName: connectorClass.connectorName };
  return { bundleName: key.bundleName, bundleVersion: key.bundleVersion, connectorName: key.connectorName };
}

/** The local facade; see the module notes. */
export class LocalConnectorFacade implements ConnectorFacade {
  /** The connector class served. */
  readonly connectorClass: ConnectorClass;
  /** The facade's own copy of the configuration it was made with. */
  readonly apiConfiguration: APIConfiguration;
  /** The API operations this facade serves. */
  readonly supportedOperations: ReadonlySet<ApiOperation>;
  /** Whether instances are pooled (the connector is a PoolableConnector). */
  readonly pooling: boolean;

  readonly #spiOperations: ReadonlySet<SpiOperation>;
  readonly #logger: RuntimeLogger;
  readonly #context: ConnectorContext;
  readonly #pool: ConnectorPool<AnyConnector> | undefined;
  readonly #disposeGraceMs: number;
  readonly #inflight = new Set<Promise<unknown>>();
  #stateful: StatefulConfiguration | undefined;
  #active = 0;
  #lastUsed = Date.now();
  #disposing: Promise<void> | undefined;

  /**
   * @throws IllegalArgumentException for an invalid pool configuration of a poolable connector.
   */
  constructor(
    connectorClass: ConnectorClass,
    apiConfiguration: APIConfiguration,
    options: LocalConnectorFacadeOptions = {},
  ) {
    this.connectorClass = connectorClass;
    this.apiConfiguration = apiConfiguration.clone();
    const probe = connectorClass.create();
    this.#spiOperations = new Set(spiOperationsOf(probe));
    const implemented = apiOperationsFor(this.#spiOperations);
    const requested = this.apiConfiguration.supportedOperations;
    this.supportedOperations = new Set(
      [...implemented].filter(
        (op) =>
          requested.size === 0 ||
          requested.has(op) ||
          op === 'ValidateApiOp' ||
          op === 'ScriptOnConnectorApiOp',
      ),
    );
    this.pooling = isPoolable(probe);
    const tag = options.connectorKey?.toString() ?? connectorClass.connectorName;
    this.#logger = childLogger(options.logger ?? silentRuntimeLogger, { connector: tag });
    this.#context = Object.freeze({
      log: childLogger(
        options.connectorLogger ?? options.logger ?? silentRuntimeLogger,
        connectorIdentity(connectorClass, options.connectorKey),
      ),
    });
    this.#disposeGraceMs = options.disposeGraceMs ?? DEFAULT_DISPOSE_GRACE_MS;
    if (this.pooling) {
      this.#pool = new ConnectorPool<AnyConnector>(
        this.apiConfiguration.connectorPoolConfiguration,
        {
          create: () => this.#newConnector(),
          checkAlive: async (connector) => {
            await connector.checkAlive?.();
          },
          dispose: async (connector) => {
            await connector.dispose();
          },
        },
        { logger: this.#logger },
      );
    }
    this.#logger.debug(
      {
        pooling: this.pooling,
        supportedOperations: [...this.supportedOperations],
        configuration: describeConfiguration(this.apiConfiguration),
      },
      'Connector facade created',
    );
  }

  /** Operations in progress (including connector work still running after a timeout). */
  get activeOperations(): number {
    return this.#active;
  }

  /** When an operation last started or ended (epoch ms). */
  get lastUsed(): number {
    return this.#lastUsed;
  }

  /** Whether {@link dispose} was called. */
  get disposed(): boolean {
    return this.#disposing !== undefined;
  }

  /** Pool statistics, or undefined for a non-poolable connector. */
  get poolStatistics() {
    return this.#pool?.statistics;
  }

  /** Whether the facade serves `op`. */
  isSupported(op: ApiOperation): boolean {
    return this.supportedOperations.has(op);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Operations

  create(
    objectClass: ObjectClass,
    createAttributes: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#call('CreateApiOp', signal, () => {
      const { objectClass: oc, attributes } = checkCreateArguments(objectClass, createAttributes);
      const opts = optionsOf(options);
      return async (connector) => {
        const normalizer = normalizerOf(connector);
        const create = this.#method(connector, 'create', 'CreateApiOp');
        const uid = await create.call(connector, oc, normalizeAttributes(normalizer, oc, attributes), opts);
        return uid === null || uid === undefined ? null : normalizeUid(normalizer, oc, uid);
      };
    });
  }

  update(
    objectClass: ObjectClass,
    uid: Uid,
    replaceAttributes: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#call('UpdateApiOp', signal, () => {
      const args = checkUpdateArguments('update', objectClass, uid, replaceAttributes);
      const opts = optionsOf(options);
      return (connector) => this.#replace(connector, args.objectClass, args.uid, args.attributes, opts);
    });
  }

  addAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToAdd: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#changeValues('add', objectClass, uid, valuesToAdd, options, signal);
  }

  removeAttributeValues(
    objectClass: ObjectClass,
    uid: Uid,
    valuesToRemove: Iterable<Attribute>,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#changeValues('remove', objectClass, uid, valuesToRemove, options, signal);
  }

  delete(
    objectClass: ObjectClass,
    uid: Uid,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<void> {
    return this.#call('DeleteApiOp', signal, () => {
      const { objectClass: oc, uid: target } = checkDeleteArguments(objectClass, uid);
      const opts = optionsOf(options);
      return async (connector) => {
        const del = this.#method(connector, 'delete', 'DeleteApiOp');
        await del.call(connector, oc, normalizeUid(normalizerOf(connector), oc, target), opts);
      };
    });
  }

  getObject(
    objectClass: ObjectClass,
    uid: Uid,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<ConnectorObject | null> {
    return this.#call('GetApiOp', signal, () => {
      const { objectClass: oc, uid: target } = checkGetArguments(objectClass, uid);
      const opts = optionsOf(options);
      return (connector) => this.#get(connector, oc, target, opts);
    });
  }

  search(
    objectClass: ObjectClass,
    filter: Filter | null | undefined,
    handler: SearchResultsHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<SearchResult | null> {
    let result: SearchResult | null = null;
    return this.#stream<ConnectorObject>('SearchApiOp', signal, () => {
      const { objectClass: oc, handler: consumer } = checkSearchArguments(objectClass, handler);
      const opts = optionsOf(options);
      return {
        consumer,
        produce: (connector, emit) =>
          this.#search(connector, oc, filter ?? null, opts, {
            handle: emit,
            handleResult: (r) => {
              result = r;
            },
          }),
      };
    }).then(() => result);
  }

  sync(
    objectClass: ObjectClass,
    token: SyncToken,
    handler: SyncResultsHandler,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<SyncToken | null> {
    let finalToken: SyncToken | null = null;
    return this.#stream<SyncDelta>('SyncApiOp', signal, () => {
      const { objectClass: oc, handler: consumer } = checkSyncArguments(objectClass, handler);
      const opts = optionsOf(options);
      const names = attributesToGetOf(opts);
      const all = oc.is(ObjectClass.ALL_NAME);
      return {
        consumer,
        produce: async (connector, emit) => {
          const sync = this.#method(connector, 'sync', 'SyncApiOp');
          const normalizer = normalizerOf(connector);
          let stopped = false;
          await sync.call(
            connector,
            oc,
            token ?? null,
            {
              handle: async (delta: SyncDelta) => {
                if (stopped) return false;
                if (all && delta.deltaType === 'DELETE' && delta.objectClass === null) {
                  throw new ConnectorException(SYNC_ALL_DELETE_MESSAGE);
                }
                let out = names === null ? delta : reduceDeltaToAttributesToGet(delta, names);
                if (normalizer !== null) out = normalizeSyncDelta(normalizer, out);
                const keep = await emit(out);
                if (!keep) stopped = true;
                return keep;
              },
              handleResult: (t: SyncToken | null) => {
                if (finalToken === null) finalToken = t ?? null;
              },
            },
            opts,
          );
        },
      };
    }).then(() => finalToken);
  }

  getLatestSyncToken(objectClass: ObjectClass, signal?: AbortSignal): Promise<SyncToken | null> {
    return this.#call('SyncApiOp', signal, () => {
      const oc = checkGetLatestSyncTokenArguments(objectClass);
      return async (connector) => {
        const latest = this.#method(connector, 'getLatestSyncToken', 'SyncApiOp');
        return (await latest.call(connector, oc)) ?? null;
      };
    });
  }

  schema(signal?: AbortSignal): Promise<Schema | null> {
    return this.#call('SchemaApiOp', signal, () => async (connector) => {
      const schema = this.#method(connector, 'schema', 'SchemaApiOp');
      return (await schema.call(connector)) ?? null;
    });
  }

  test(signal?: AbortSignal): Promise<void> {
    return this.#call('TestApiOp', signal, () => async (connector) => {
      const test = this.#method(connector, 'test', 'TestApiOp');
      await test.call(connector);
    });
  }

  /** Runs the configuration's `validate()` (spec C.1: only through this operation); no connector instance. */
  validate(signal?: AbortSignal): Promise<void> {
    const op: ApiOperation = 'ValidateApiOp';
    try {
      this.#checkOpen();
      throwIfAborted(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const work = this.#track(async () => {
      await this.#configuration().validate();
    });
    return awaitWithin(work, { timeoutMs: this.apiConfiguration.getTimeout(op), operation: op, signal });
  }

  authenticate(
    objectClass: ObjectClass,
    username: string,
    password: GuardedString,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#call('AuthenticationApiOp', signal, () => {
      const {
        objectClass: oc,
        username: user,
        password: secret,
      } = checkAuthenticateArguments(objectClass, username, password);
      const opts = optionsOf(options);
      return async (connector) => {
        const authenticate = this.#method(connector, 'authenticate', 'AuthenticationApiOp');
        return (await authenticate.call(connector, oc, user, secret, opts)) ?? null;
      };
    });
  }

  resolveUsername(
    objectClass: ObjectClass,
    username: string,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<Uid | null> {
    return this.#call('ResolveUsernameApiOp', signal, () => {
      const { objectClass: oc, username: user } = checkResolveUsernameArguments(objectClass, username);
      const opts = optionsOf(options);
      return async (connector) => {
        const resolve = this.#method(connector, 'resolveUsername', 'ResolveUsernameApiOp');
        return (await resolve.call(connector, oc, user, opts)) ?? null;
      };
    });
  }

  /**
   * Runs a script on the connector: the connector's own `runScriptOnConnector`, or, when it has none, the
   * framework's JavaScript runner with the arguments and `connector` bound (see `script-executor.ts`).
   */
  runScriptOnConnector(
    request: ScriptContext,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const op: ApiOperation = 'ScriptOnConnectorApiOp';
    return this.#call(op, signal, () => {
      const context = checkScriptArguments(request);
      const opts = optionsOf(options);
      const own = this.#spiOperations.has('ScriptOnConnectorOp');
      // An unsupported language fails before any connector instance is made.
      if (!own) assertFrameworkScriptLanguage(context.scriptLanguage);
      const timeoutMs = this.apiConfiguration.getTimeout(op);
      return async (connector) => {
        if (typeof connector.runScriptOnConnector === 'function') {
          return connector.runScriptOnConnector(context, opts);
        }
        return runFrameworkScript(context, connector, {
          syncTimeoutMs: timeoutMs > 0 ? timeoutMs : undefined,
        });
      };
    });
  }

  runScriptOnResource(
    request: ScriptContext,
    options?: OperationOptionsArg,
    signal?: AbortSignal,
  ): Promise<unknown> {
    return this.#call('ScriptOnResourceApiOp', signal, () => {
      const context = checkScriptArguments(request);
      const opts = optionsOf(options);
      return async (connector) => {
        const run = this.#method(connector, 'runScriptOnResource', 'ScriptOnResourceApiOp');
        return run.call(connector, context, opts);
      };
    });
  }

  /**
   * Disposes the facade: new calls fail with IllegalStateException; operations in progress get up to
   * `disposeGraceMs` to finish; then pooled instances are disposed (borrowed ones when they come back) and a
   * stateful configuration is released. Idempotent.
   */
  dispose(): Promise<void> {
    this.#disposing ??= this.#disposeNow();
    return this.#disposing;
  }

  async #disposeNow(): Promise<void> {
    if (this.#inflight.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.#disposeGraceMs);
        timer.unref?.();
      });
      await Promise.race([Promise.allSettled([...this.#inflight]), grace]);
      clearTimeout(timer);
    }
    await this.#pool?.close();
    const stateful = this.#stateful;
    this.#stateful = undefined;
    if (stateful !== undefined) {
      try {
        await stateful.release();
      } catch (error) {
        this.#logger.warn({ error: describeError(error) }, 'Releasing the stateful configuration failed');
      }
    }
    this.#logger.debug('Connector facade disposed');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Operation implementations (with a connector instance)

  async #replace(
    connector: AnyConnector,
    oc: ObjectClass,
    uid: Uid,
    attributes: readonly Attribute[],
    options: OperationOptions,
  ): Promise<Uid | null> {
    const normalizer = normalizerOf(connector);
    const update = this.#method(connector, 'update', 'UpdateApiOp');
    const result = await update.call(
      connector,
      oc,
      normalizeUid(normalizer, oc, uid),
      normalizeAttributes(normalizer, oc, attributes),
      options,
    );
    return result === null || result === undefined ? null : normalizeUid(normalizer, oc, result);
  }

  #changeValues(
    kind: 'add' | 'remove',
    objectClass: ObjectClass,
    uid: Uid,
    values: Iterable<Attribute>,
    options: OperationOptionsArg,
    signal: AbortSignal | undefined,
  ): Promise<Uid | null> {
    return this.#call('UpdateApiOp', signal, () => {
      const apiMethod = kind === 'add' ? 'addAttributeValues' : 'removeAttributeValues';
      const checked = checkUpdateArguments(apiMethod, objectClass, uid, values);
      const { objectClass: oc, uid: target, attributes } = checked;
      const opts = optionsOf(options);
      const native = this.#spiOperations.has('UpdateAttributeValuesOp');
      if (!native && !this.#spiOperations.has('SearchOp')) {
        throw new UnsupportedOperationException(
          `The connector implements neither UpdateAttributeValuesOp nor SearchOp, so ${apiMethod} cannot be emulated.`,
        );
      }
      return async (connector) => {
        const normalizer = normalizerOf(connector);
        if (native) {
          const method = kind === 'add' ? connector.addAttributeValues : connector.removeAttributeValues;
          if (typeof method !== 'function')
            throw new UnsupportedOperationException("Operation 'UpdateApiOp' not supported.");
          const result = await method.call(
            connector,
            oc,
            normalizeUid(normalizer, oc, target),
            normalizeAttributes(normalizer, oc, attributes),
            opts,
          );
          return result === null || result === undefined ? null : normalizeUid(normalizer, oc, result);
        }
        return this.#emulateChangeValues(kind, connector, oc, target, attributes, opts);
      };
    });
  }

  /** Spec B.6: get the current values of the changed attributes, merge, and replace. */
  async #emulateChangeValues(
    kind: 'add' | 'remove',
    connector: AnyConnector,
    oc: ObjectClass,
    uid: Uid,
    attributes: readonly Attribute[],
    options: OperationOptions,
  ): Promise<Uid | null> {
    const getOptions = new OperationOptionsBuilder(options)
      .setAttributesToGet(attributes.map((a) => a.name))
      .build();
    const current = await this.#get(connector, oc, uid, getOptions);
    if (current === null) {
      throw new UnknownUidException(
        `Object with Uid '${uid.uidValue}' and ObjectClass '${oc.type}' does not exist!`,
      );
    }
    const merged: Attribute[] = [];
    for (const change of attributes) {
      const existing = current.getAttributeByName(change.name);
      const next = kind === 'add' ? mergeAdd(existing, change) : mergeRemove(existing, change);
      if (next !== undefined) merged.push(next);
    }
    if (merged.length === 0) return uid;
    return this.#replace(connector, oc, uid, merged, options);
  }

  /** Spec B.5: get = search with `EqualsFilter(uid)`, keeping the first object; null when there is none. */
  async #get(
    connector: AnyConnector,
    oc: ObjectClass,
    uid: Uid,
    options: OperationOptions,
  ): Promise<ConnectorObject | null> {
    let found: ConnectorObject | null = null;
    await this.#search(connector, oc, new EqualsFilter(uid), options, {
      handle: (object) => {
        found ??= object;
        return false;
      },
      handleResult: () => {},
    });
    return found;
  }

  /**
   * Spec B.3 + B.5: the results-handler chain, the translator's queries (none → one query with null; several →
   * de-duplicated by Uid, stopping once the consumer stops), each SearchResult passed on.
   */
  async #search(
    connector: AnyConnector,
    oc: ObjectClass,
    filter: Filter | null,
    options: OperationOptions,
    consumer: { handle: ObjectHandler; handleResult: (result: SearchResult) => void },
  ): Promise<void> {
    const createFilterTranslator = this.#method(connector, 'createFilterTranslator', 'SearchApiOp');
    const executeQuery = this.#method(connector, 'executeQuery', 'SearchApiOp');
    let stopped = false;
    const chain = buildSearchChain({
      objectClass: oc,
      filter,
      options,
      configuration: this.apiConfiguration.resultsHandlerConfiguration,
      normalizer: normalizerOf(connector),
      handler: async (object) => {
        if (stopped) return false;
        const keep = (await consumer.handle(object)) !== false;
        if (!keep) stopped = true;
        return keep;
      },
    });
    const translator = await createFilterTranslator.call(connector, oc, options);
    if (translator === null || translator === undefined) {
      throw new NullPointerException('The connector returned a null FilterTranslator.');
    }
    const queries = translator.translate(chain.filter);
    const handler = queries.length > 1 ? duplicateFilteringHandler(chain.handler) : chain.handler;
    const spiHandler: SpiSearchResultsHandler = {
      handle: async (object) => {
        if (stopped) return false;
        if (!(object instanceof ConnectorObject)) {
          throw new ConnectorException('The connector passed a search result that is not a ConnectorObject.');
        }
        return (await handler(object)) !== false && !stopped;
      },
      handleResult: (result) => {
        if (result !== null && result !== undefined) consumer.handleResult(result);
      },
    };
    if (queries.length === 0) {
      await executeQuery.call(connector, oc, null, spiHandler, options);
      return;
    }
    for (const query of queries) {
      if (stopped) break;
      await executeQuery.call(connector, oc, query, spiHandler, options);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Call machinery

  /**
   * A non-streaming call: `prepare` checks the arguments (synchronously, before any connector is made) and returns
   * the work to do with a connector instance; the work runs under the lifecycle and the operation's timeout.
   */
  #call<T>(
    op: ApiOperation,
    signal: AbortSignal | undefined,
    prepare: () => (connector: AnyConnector) => Promise<T>,
  ): Promise<T> {
    let work: (connector: AnyConnector) => Promise<T>;
    try {
      this.#checkOpen();
      throwIfAborted(signal);
      this.#requireSupported(op);
      work = prepare();
    } catch (error) {
      return Promise.reject(error);
    }
    const running = this.#track(() => this.#withConnector(op, work));
    return awaitWithin(running, { timeoutMs: this.apiConfiguration.getTimeout(op), operation: op, signal });
  }

  /**
   * A streaming call (search, sync). With a timeout or a non-zero `producerBufferSize`, the connector produces
   * into a {@link BoundedQueue} (capacity `producerBufferSize`, values below 1 mean 100) and the consumer drains
   * it, waiting at most the per-item timeout for each item; otherwise the consumer is called directly from the
   * connector's handler. Resolves once the connector has finished (or, after the consumer stopped, once it has
   * noticed; at most one item timeout when one is set).
   */
  async #stream<I>(
    op: ApiOperation,
    signal: AbortSignal | undefined,
    prepare: () => {
      consumer: (item: I) => boolean | Promise<boolean>;
      produce: (connector: AnyConnector, emit: (item: I) => Promise<boolean>) => Promise<void>;
    },
  ): Promise<void> {
    this.#checkOpen();
    throwIfAborted(signal);
    this.#requireSupported(op);
    const { consumer, produce } = prepare();
    const timeoutMs = this.apiConfiguration.getTimeout(op);
    const bufferSize = this.apiConfiguration.producerBufferSize;

    if (bufferSize === 0 && timeoutMs <= NO_TIMEOUT) {
      const emit = async (item: I): Promise<boolean> => {
        if (signal?.aborted) return false;
        return (await consumer(item)) !== false && !signal?.aborted;
      };
      const running = this.#track(() => this.#withConnector(op, (connector) => produce(connector, emit)));
      await awaitWithin(running, { timeoutMs: NO_TIMEOUT, operation: op, signal });
      return;
    }

    const queue = new BoundedQueue<I>(bufferSize < 1 ? DEFAULT_PRODUCER_BUFFER_SIZE : bufferSize);
    const producer = this.#track(() =>
      this.#withConnector(op, (connector) => produce(connector, (item) => queue.push(item))),
    );
    producer.then(
      () => queue.end(),
      (error: unknown) => queue.fail(error),
    );
    const itemTimeout = streamItemTimeout(timeoutMs);
    const onAbort = () => queue.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const next = await queue.next(itemTimeout, `Operation '${op}'`);
        if (signal?.aborted) throw abortReason(signal);
        if (next.done) break;
        if ((await consumer(next.value)) === false) {
          queue.cancel();
          break;
        }
        if (signal?.aborted) throw abortReason(signal);
      }
    } catch (error) {
      queue.cancel();
      producer.catch(() => {});
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    await awaitWithin(producer, { timeoutMs: itemTimeout ?? NO_TIMEOUT, operation: op }).catch(
      (error: unknown) => {
        if (!queue.cancelled) throw error;
        // The consumer stopped: a producer failing or lingering after that no longer matters to the caller.
        this.#logger.debug(
          { operation: op, error: describeError(error) },
          'Connector ended after the consumer stopped',
        );
      },
    );
  }

  /** Runs `work`, counting it as an operation in progress until it settles. */
  #track<T>(work: () => Promise<T>): Promise<T> {
    this.#active++;
    this.#lastUsed = Date.now();
    const running = work();
    const settled = running.then(
      () => {},
      () => {},
    );
    this.#inflight.add(settled);
    void settled.then(() => {
      this.#inflight.delete(settled);
      this.#active--;
      this.#lastUsed = Date.now();
    });
    return running;
  }

  /** The lifecycle of spec C.1 around `work`: a pooled instance, or a new one for this call only. */
  async #withConnector<T>(op: ApiOperation, work: (connector: AnyConnector) => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      if (this.#pool !== undefined) {
        const connector = await this.#pool.borrow();
        try {
          return await work(connector);
        } finally {
          await this.#pool.release(connector);
        }
      }
      const connector = await this.#newConnector();
      try {
        return await work(connector);
      } finally {
        try {
          await connector.dispose();
        } catch (error) {
          this.#logger.warn({ operation: op, error: describeError(error) }, 'Disposing the connector failed');
        }
      }
    } catch (error) {
      this.#logger.debug(
        { operation: op, ms: Date.now() - started, error: describeError(error) },
        'Operation failed',
      );
      throw error;
    }
  }

  /** A new connector instance, initialized with the facade's configuration. */
  async #newConnector(): Promise<AnyConnector> {
    const connector = this.connectorClass.create() as AnyConnector;
    const configuration = this.#configuration();
    try {
      await connector.init(configuration, this.#context);
    } catch (error) {
      try {
        await connector.dispose();
      } catch {
        // The init failure is what the caller needs to see.
      }
      throw error;
    }
    return connector;
  }

  /**
   * The configuration for a new instance: the shared stateful one once built, else a fresh one from the property
   * values (which becomes the shared one when it turns out to be stateful).
   */
  #configuration(): Configuration {
    if (this.#stateful !== undefined) return this.#stateful;
    const configuration = applyConfigurationProperties(
      this.connectorClass.configurationClass,
      this.apiConfiguration.configurationProperties,
      this.connectorClass.messages,
    );
    if (isStatefulConfiguration(configuration)) this.#stateful = configuration;
    return configuration;
  }

  #checkOpen(): void {
    if (this.#disposing !== undefined)
      throw new IllegalStateException('The connector facade has been disposed');
  }

  #requireSupported(op: ApiOperation): void {
    if (!this.supportedOperations.has(op))
      throw new UnsupportedOperationException(`Operation '${op}' not supported.`);
  }

  /** A method of the connector, or UnsupportedOperationException when the instance lacks it. */
  #method<K extends keyof AnyConnector>(
    connector: AnyConnector,
    name: K,
    op: ApiOperation,
  ): NonNullable<AnyConnector[K]> {
    const method = connector[name];
    if (typeof method !== 'function')
      throw new UnsupportedOperationException(`Operation '${op}' not supported.`);
    return method as NonNullable<AnyConnector[K]>;
  }
}
