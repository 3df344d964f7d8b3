/**
 * The script engine of a scripted connector (spec framework.md D.2, D.3): given a {@link ScriptedConfiguration},
 * it runs the script of an operation with that operation's bindings and converts the script's return value into
 * what the SPI method returns. A connector class (ScriptedConnector, ScriptedPoolableConnector, …) only forwards
 * its SPI calls:
 *
 * ```ts
 * class ScriptedConnector implements Connector<ScriptedConfiguration>, CreateOp, SearchOp<Filter> {
 *   #engine!: ScriptEngine;
 *   init(configuration: ScriptedConfiguration) { this.#engine = configuration.getScriptEngine({ logger }); }
 *   create(objectClass, attributes, options) { return this.#engine.create({ objectClass, attributes, options }); }
 *   createFilterTranslator() { return new ScriptedFilterTranslator(); }
 *   executeQuery(objectClass, filter, handler, options) {
 *     return this.#engine.search({ objectClass, filter, handler, options });
 *   }
 *   …
 * }
 * ```
 *
 * Bindings and results per operation (D.3):
 *
 * | Operation | Bindings (besides `operation`, `configuration`, `log`) | Result |
 * |---|---|---|
 * | AUTHENTICATE | `objectClass`, `options`, `username`, `password` | Uid or string, else ConnectorException |
 * | CREATE | `objectClass`, `options`, `attributes` (without `__NAME__`), `id` | Uid or string |
 * | UPDATE | `objectClass`, `options`, `uid`, `attributes`, `id` | Uid or string |
 * | DELETE | `objectClass`, `options`, `uid` | ignored |
 * | RESOLVE_USERNAME | `objectClass`, `options`, `username` | Uid or string |
 * | SCHEMA | `builder` | a Schema, else "SchemaScript must return with Schema object" |
 * | SEARCH | `objectClass`, `options`, `filter`, `query`, `handler` | SearchResult / cookie string / paging object → `handleResult` |
 * | SYNC | `objectClass`, `options`, `token`, `handler` | final token (any non-null value is wrapped) → `handleResult` |
 * | GET_LATEST_SYNC_TOKEN | `objectClass` | SyncToken or value; null → null |
 * | TEST | – (configuration validated first) | ignored |
 * | RUNSCRIPTONRESOURCE | `options`, `scriptArguments`, `scriptText`, `scriptLanguage` | any serialisable value |
 * | RUNSCRIPTONCONNECTOR | the request's arguments by name, `options` | any serialisable value |
 *
 * Errors: exceptions of the framework hierarchy (`UnsupportedOperationException`, `UnknownUidException`, any
 * `ConnectorException`…) thrown by a script reach the caller unchanged; anything else becomes a
 * `ConnectorException` with the same message (the original, with its stack mapped to the script's lines, is the
 * `cause` and is logged). A run longer than `scriptTimeoutMillis` fails with `OperationTimeoutException` and
 * aborts the `signal` binding. An operation whose script is not configured throws `UnsupportedOperationException`
 * (TEST excepted: it succeeds without a script); {@link ScriptEngine.availableOperations} lists the operations a
 * connector should implement for the configured scripts.
 *
 * @packageDocumentation
 */
import { dirname } from 'node:path';
import { Script as VmScript } from 'node:vm';
import * as core from '@rcskit/core';
import {
  type Attribute,
  type Awaitable,
  asSearchResultsHandler,
  ConnectorException,
  type Filter,
  type GuardedString,
  InvalidAttributeValueException,
  JavaException,
  type ObjectClass,
  OperationOptions,
  OperationTimeoutException,
  type ResultsHandler,
  Schema,
  type ScriptContext,
  SearchResult,
  type SearchResultsHandler,
  SPI_OPERATIONS,
  type SpiOperation,
  type SyncResultsHandler,
  type SyncToken,
  toQueryMap,
  Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import { ScriptAttributes } from './attributes.js';
import {
  COMMONJS_PARAMETERS,
  compileWrapper,
  loadTypeScript,
  mapErrorStack,
  type ScriptLanguage,
  transpileScript,
  unregisterSourceMap,
} from './compiler.js';
import { mergeConfig, parseConfigSlurper, stringLeaves } from './config-slurper.js';
import type { ScriptedConfiguration } from './configuration.js';
import type { CustomizerHooks } from './contexts.js';
import { buildConnectorObject, type ConnectorObjectInput } from './dsl/connector-object.js';
import { ScriptSchemaBuilder } from './dsl/schema.js';
import { buildSyncDelta, type SyncDeltaInput, toSyncToken } from './dsl/sync-delta.js';
import * as scripting from './index.js';
import { type LoadedScript, resolveScriptExtensions, resolveScriptRoots, ScriptLoader } from './loader.js';
import { describeLogValue, ScriptLog, type ScriptLogger, SecretRedactor, silentScriptLogger } from './log.js';
import {
  OPERATION_SCRIPT_PROPERTIES,
  type OperationType,
  SCRIPT_PROPERTY_OF,
  type ScriptFileProperty,
  SPI_OPERATION_OF,
} from './operation-type.js';
import { classNameOf, isPlainRecord, toScriptValue, toWireValue } from './values.js';

/** Extra bindings for one script run and how to release them (e.g. a pooled connection). */
export interface ProvidedBindings {
  readonly bindings: Readonly<Record<string, unknown>>;
  /** Called after the run, even when it failed. */
  release?(): Awaitable<void>;
}

/** Options of a {@link ScriptEngine}. */
export interface ScriptEngineOptions {
  /** Where script logs and engine diagnostics go (pino-compatible). Default: dropped. */
  readonly logger?: ScriptLogger | undefined;
  /** Tags every log line (e.g. the connector name). */
  readonly connectorName?: string | undefined;
  /** Overrides the configuration's `scriptTimeoutMillis` (ms; 0 = none). */
  readonly timeoutMs?: number | undefined;
  /**
   * The SPI operations the connector implements, for the schema builder's per-operation support. Default:
   * {@link ScriptEngine.availableOperations}.
   */
  readonly spiOperations?: readonly SpiOperation[] | undefined;
  /**
   * Extra bindings per script run (ScriptedSQL's `connection`, ScriptedREST's `customizedConnection`, …), with
   * an optional release after the run. Added after the operation's own bindings.
   */
  readonly bindingsProvider?:
    | ((operation: OperationType) => Awaitable<ProvidedBindings | undefined>)
    | undefined;
}

/** Fields every operation request may carry. */
interface RequestBase {
  /** Extra bindings for this call only (e.g. a poolable connector's `schema`). */
  readonly bindings?: Readonly<Record<string, unknown>> | undefined;
}

export interface AuthenticateRequest extends RequestBase {
  readonly objectClass: ObjectClass;
  readonly username: string;
  readonly password: GuardedString;
  readonly options?: OperationOptions | undefined;
}

export interface CreateRequest extends RequestBase {
  readonly objectClass: ObjectClass;
  readonly attributes: Iterable<Attribute>;
  readonly options?: OperationOptions | undefined;
}

export interface UpdateRequest extends RequestBase {
  readonly objectClass: ObjectClass;
  readonly uid: Uid;
  readonly attributes: Iterable<Attribute>;
  readonly options?: OperationOptions | undefined;
  /** Default UPDATE; ADD_/REMOVE_ATTRIBUTE_VALUES run the same script. */
  readonly operation?: 'UPDATE' | 'ADD_ATTRIBUTE_VALUES' | 'REMOVE_ATTRIBUTE_VALUES' | undefined;
}

export interface DeleteRequest extends RequestBase {
  readonly objectClass: ObjectClass;
  readonly uid: Uid;
  readonly options?: OperationOptions | undefined;
}

export interface ResolveUsernameRequest extends RequestBase {
  readonly objectClass: ObjectClass;
  readonly username: string;
  readonly options?: OperationOptions | undefined;
}

export interface SearchRequest extends RequestBase {
  readonly objectClass: ObjectClass;
  /** The translated filter (see `ScriptedFilterTranslator`), or null. */
  readonly filter: Filter | null;
  readonly handler: SearchResultsHandler | ResultsHandler;
  readonly options?: OperationOptions | undefined;
}

export interface SyncRequest extends RequestBase {
  readonly objectClass: ObjectClass;
  readonly token: SyncToken | null;
  readonly handler: SyncResultsHandler;
  readonly options?: OperationOptions | undefined;
}

export interface GetLatestSyncTokenRequest extends RequestBase {
  readonly objectClass: ObjectClass;
}

/** Names scripts cannot get as variables (CommonJS wrapper parameters and the engine's own). */
const RESERVED_VARIABLES = new Set([...COMMONJS_PARAMETERS, 'bindings', 'signal']);

const JS_RESERVED_WORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while ' +
    'with yield let static implements interface package private protected public await arguments eval'
  ).split(' '),
);

/** Whether a binding name can be a variable of a statement script. */
export function isVariableName(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !JS_RESERVED_WORDS.has(name) && !RESERVED_VARIABLES.has(name);
}

/**
 * Names statement scripts get without importing them, as Groovy scripts got the framework's classes
 * (`org.identityconnectors.framework.common.objects.*`): the common classes, value constructors and exceptions
 * of `@rcskit/core`, and `OperationType`. A script's own declarations and the bindings take precedence.
 */
export const AUTO_IMPORTS: readonly string[] = Object.freeze([
  'Attribute',
  'AttributeBuilder',
  'AttributeInfo',
  'AttributeInfoBuilder',
  'AttributeUtil',
  'AttributesAccessor',
  'ConnectorObject',
  'ConnectorObjectBuilder',
  'FilterBuilder',
  'Flags',
  'GuardedByteArray',
  'GuardedString',
  'Name',
  'ObjectClass',
  'ObjectClassInfo',
  'ObjectClassInfoBuilder',
  'OperationOptionInfo',
  'OperationOptionInfoBuilder',
  'OperationOptions',
  'OperationOptionsBuilder',
  'OperationalAttributeInfos',
  'OperationalAttributes',
  'PredefinedAttributeInfos',
  'PredefinedAttributes',
  'SearchResult',
  'SortKey',
  'SyncDelta',
  'SyncDeltaBuilder',
  'SyncToken',
  'Uid',
  'getUidIfGetOperation',
  'bigDecimal',
  'bigInteger',
  'byte',
  'char',
  'double',
  'float',
  'int',
  'long',
  'AlreadyExistsException',
  'ConfigurationException',
  'ConnectionBrokenException',
  'ConnectionFailedException',
  'ConnectorException',
  'ConnectorIOException',
  'ConnectorSecurityException',
  'IllegalArgumentException',
  'IllegalStateException',
  'InvalidAttributeValueException',
  'InvalidCredentialException',
  'InvalidPasswordException',
  'NullPointerException',
  'OperationTimeoutException',
  'PasswordExpiredException',
  'PermissionDeniedException',
  'PreconditionFailedException',
  'PreconditionRequiredException',
  'RetryableException',
  'UnknownUidException',
  'UnsupportedOperationException',
  'OperationType',
]);

function autoImportValue(name: string): unknown {
  if (name === 'OperationType') return OPERATION_TYPE_VALUE;
  return (core as Record<string, unknown>)[name];
}

const OPERATION_TYPE_VALUE = Object.freeze({
  AUTHENTICATE: 'AUTHENTICATE',
  CREATE: 'CREATE',
  UPDATE: 'UPDATE',
  ADD_ATTRIBUTE_VALUES: 'ADD_ATTRIBUTE_VALUES',
  REMOVE_ATTRIBUTE_VALUES: 'REMOVE_ATTRIBUTE_VALUES',
  DELETE: 'DELETE',
  RESOLVE_USERNAME: 'RESOLVE_USERNAME',
  SCHEMA: 'SCHEMA',
  SEARCH: 'SEARCH',
  SYNC: 'SYNC',
  GET_LATEST_SYNC_TOKEN: 'GET_LATEST_SYNC_TOKEN',
  TEST: 'TEST',
  RUNSCRIPTONRESOURCE: 'RUNSCRIPTONRESOURCE',
  RUNSCRIPTONCONNECTOR: 'RUNSCRIPTONCONNECTOR',
});

/** The bindings object of one run: the named bindings, plus non-enumerable `bindings`, `signal`, `toString`. */
function makeBindings(
  entries: readonly (readonly [string, unknown])[],
  signal: AbortSignal,
): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    Object.defineProperty(object, name, { value, enumerable: true, writable: false, configurable: false });
  }
  const text = () => `[${entries.map(([k, v]) => `${k}:${describeLogValue(v)}`).join(', ')}]`;
  Object.defineProperty(object, 'bindings', { value: object, enumerable: false });
  Object.defineProperty(object, 'signal', { value: signal, enumerable: false });
  Object.defineProperty(object, 'toString', { value: text, enumerable: false });
  return Object.freeze(object);
}

/** Ordered binding entries: later names replace earlier ones in place of the first occurrence. */
function mergeEntries(...groups: readonly (readonly (readonly [string, unknown])[])[]): [string, unknown][] {
  const map = new Map<string, unknown>();
  for (const group of groups) for (const [k, v] of group) map.set(k, v);
  return [...map];
}

const INVOKE_KEY = Symbol.for('rcskit.scripting.invoke');
let invoker: VmScript | undefined;

/**
 * Calls `thunk`, with V8's watchdog on its synchronous part when `timeoutMs` > 0 (so a `while (true) {}` before
 * the first `await` is stopped too).
 */
function callWithWatchdog(thunk: () => unknown, timeoutMs: number): unknown {
  if (!(timeoutMs > 0)) return thunk();
  invoker ??= new VmScript(`globalThis[Symbol.for('rcskit.scripting.invoke')]()`, {
    filename: 'rcskit-scripting-invoke',
  });
  const global = globalThis as Record<symbol, unknown>;
  global[INVOKE_KEY] = thunk;
  try {
    return invoker.runInThisContext({ timeout: timeoutMs });
  } finally {
    delete global[INVOKE_KEY];
  }
}

function isWatchdogTimeout(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * Delivers handler calls to the caller's handler in order, one at a time, even when the script does not await
 * them; after the caller says stop (false), later calls resolve to false without delivering. A failure of the
 * caller's handler stops delivery and is rethrown by {@link drain}.
 */
class HandlerQueue<T> {
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;
  #failure: { error: unknown } | undefined;
  readonly #deliver: (item: T) => Awaitable<boolean>;

  constructor(deliver: (item: T) => Awaitable<boolean>) {
    this.#deliver = deliver;
  }

  push(item: T): Promise<boolean> {
    const result = this.#chain.then(async () => {
      if (this.#stopped) return false;
      try {
        const more = await this.#deliver(item);
        if (more === false) this.#stopped = true;
        return more !== false;
      } catch (error) {
        this.#failure ??= { error };
        this.#stopped = true;
        return false;
      }
    });
    this.#chain = result.then(() => undefined);
    return result;
  }

  async drain(): Promise<void> {
    await this.#chain;
    if (this.#failure) throw this.#failure.error;
  }
}

function toUidResult(operation: OperationType, value: unknown): Uid {
  if (value instanceof Uid) return value;
  if (typeof value === 'string') return new Uid(value);
  if (value === null || value === undefined) {
    throw new ConnectorException(`${operation} script didn't return with the uid(__UID__) value`);
  }
  throw new ConnectorException(
    `${operation} script returned with an unsupported uid(__UID__) value type: ${classNameOf(value)}`,
  );
}

/** A search script's result as a SearchResult, or null when it reports none (spec D.3). */
export function toSearchResult(value: unknown): SearchResult | null {
  if (value instanceof SearchResult) return value;
  if (typeof value === 'string') return new SearchResult(value, -1);
  if (isPlainRecord(value)) {
    const keys = [
      'pagedResultsCookie',
      'remainingPagedResults',
      'totalPagedResults',
      'totalPagedResultsPolicy',
    ];
    if (!keys.some((k) => k in value)) return null;
    const cookie = value.pagedResultsCookie;
    return new SearchResult(
      cookie === undefined || cookie === null ? null : String(cookie),
      (value.totalPagedResultsPolicy as 'NONE' | 'ESTIMATE' | 'EXACT' | undefined) ?? 'NONE',
      (value.totalPagedResults as number | undefined) ?? -1,
      (value.remainingPagedResults as number | undefined) ?? -1,
    );
  }
  return null;
}

/** What the engine runs: a configured script file, or request text. */
type ScriptSource =
  | { readonly kind: 'file'; readonly property: ScriptFileProperty }
  | { readonly kind: 'inline'; readonly text: string; readonly language: ScriptLanguage };

let inlineCounter = 0;

/**
 * Runs the scripts of one {@link ScriptedConfiguration} (see the module notes). Get it with
 * `configuration.getScriptEngine(options)`; every method may be called concurrently.
 */
export class ScriptEngine {
  readonly #configuration: ScriptedConfiguration;
  #options: ScriptEngineOptions;
  #logger: ScriptLogger;
  /** Whether options were given (to the constructor or {@link adoptOptions}); then they are fixed. */
  #hasOptions: boolean;
  readonly #redactor = new SecretRedactor();
  #ready: Promise<ScriptLoader> | undefined;
  #customizer: CustomizerHooks = {};
  #released = false;

  constructor(configuration: ScriptedConfiguration, options?: ScriptEngineOptions) {
    this.#configuration = configuration;
    this.#options = options ?? {};
    this.#hasOptions = options !== undefined;
    this.#logger = this.#options.logger ?? silentScriptLogger;
  }

  /**
   * Gives an engine that was created without options the options of the first caller that has some, and ignores
   * them afterwards. `ScriptedConfiguration.validate()` creates the engine without options when the framework
   * validates a configuration before any connector `init` (which passes the logger and the connector name); the
   * engine then takes them at that `init` instead of staying silent for its whole life. For
   * {@link ScriptedConfiguration.getScriptEngine}.
   */
  adoptOptions(options: ScriptEngineOptions): void {
    if (this.#hasOptions) return;
    this.#hasOptions = true;
    this.#options = options;
    this.#logger = options.logger ?? silentScriptLogger;
  }

  /** The configuration whose scripts this engine runs. */
  get configuration(): ScriptedConfiguration {
    return this.#configuration;
  }

  /** The hooks the customizer script registered (empty until the engine started, or without a customizer). */
  get customizer(): Readonly<CustomizerHooks> {
    return this.#customizer;
  }

  /** The secret strings redacted from script logs (from `customSensitiveConfiguration`). */
  get redactor(): SecretRedactor {
    return this.#redactor;
  }

  /** Whether a script file is configured for an operation (RUNSCRIPTONCONNECTOR: whether it is enabled). */
  hasScript(operation: OperationType): boolean {
    if (operation === 'RUNSCRIPTONCONNECTOR') return this.#configuration.enableScriptOnConnector !== false;
    return this.#scriptName(SCRIPT_PROPERTY_OF[operation]) !== null;
  }

  /**
   * The SPI operations a connector should implement for the configured scripts: each operation whose script is
   * configured, plus `TestOp` (it succeeds without a script) and `ScriptOnConnectorOp` (the request brings the
   * script; when disabled by `enableScriptOnConnector` the connector must still implement it and reject the call,
   * or the framework would run the script itself). Ordered as `SPI_OPERATIONS`.
   */
  availableOperations(): SpiOperation[] {
    const found = new Set<SpiOperation>(['TestOp', 'ScriptOnConnectorOp']);
    for (const property of OPERATION_SCRIPT_PROPERTIES) {
      if (this.#scriptName(property) !== null) {
        found.add(SPI_OPERATION_OF[property as Exclude<ScriptFileProperty, 'customizerScriptFileName'>]);
      }
    }
    return SPI_OPERATIONS.filter((op) => found.has(op));
  }

  /**
   * Checks the roots (existing directories), extensions and custom configuration, and loads and compiles every
   * configured operation script (spec D.2 `validate()`).
   *
   * @throws ConfigurationException / ConnectorException naming the problem.
   */
  async validate(): Promise<void> {
    resolveScriptRoots(this.#configuration.scriptRoots, true);
    const loader = await this.#start();
    for (const property of OPERATION_SCRIPT_PROPERTIES) {
      const name = this.#scriptName(property);
      if (name === null) continue;
      loader.load(loader.resolve(name, property)).check();
    }
  }

  // ---- operations ------------------------------------------------------------------------------------------

  /** AUTHENTICATE: the account's Uid. */
  authenticate(request: AuthenticateRequest): Promise<Uid> {
    return this.#operation(
      'AUTHENTICATE',
      [
        ['objectClass', request.objectClass],
        ['options', request.options ?? OperationOptions.EMPTY],
        ['username', request.username],
        ['password', request.password],
      ],
      request.bindings,
      (result) => toUidResult('AUTHENTICATE', result),
    );
  }

  /** CREATE: the new object's Uid. */
  create(request: CreateRequest): Promise<Uid> {
    const attributes = [...request.attributes];
    return this.#operation(
      'CREATE',
      [
        ['objectClass', request.objectClass],
        ['options', request.options ?? OperationOptions.EMPTY],
        ['attributes', new ScriptAttributes(attributes)],
        ['id', nameOf(attributes)],
      ],
      request.bindings,
      (result) => toUidResult('CREATE', result),
    );
  }

  /** UPDATE (or ADD_/REMOVE_ATTRIBUTE_VALUES): the object's Uid. */
  update(request: UpdateRequest): Promise<Uid> {
    const attributes = [...request.attributes];
    const operation = request.operation ?? 'UPDATE';
    return this.#operation(
      operation,
      [
        ['objectClass', request.objectClass],
        ['options', request.options ?? OperationOptions.EMPTY],
        ['uid', request.uid],
        ['attributes', new ScriptAttributes(attributes)],
        ['id', nameOf(attributes)],
      ],
      request.bindings,
      (result) => toUidResult(operation, result),
    );
  }

  /** DELETE. */
  async delete(request: DeleteRequest): Promise<void> {
    await this.#operation(
      'DELETE',
      [
        ['objectClass', request.objectClass],
        ['options', request.options ?? OperationOptions.EMPTY],
        ['uid', request.uid],
      ],
      request.bindings,
      () => undefined,
    );
  }

  /** RESOLVE_USERNAME: the account's Uid. */
  resolveUsername(request: ResolveUsernameRequest): Promise<Uid> {
    return this.#operation(
      'RESOLVE_USERNAME',
      [
        ['objectClass', request.objectClass],
        ['options', request.options ?? OperationOptions.EMPTY],
        ['username', request.username],
      ],
      request.bindings,
      (result) => toUidResult('RESOLVE_USERNAME', result),
    );
  }

  /**
   * SCHEMA: runs the schema script (no caching here: the toolkit caches per connector instance, so the
   * connector does).
   */
  schema(request: RequestBase = {}): Promise<Schema> {
    const builder = new ScriptSchemaBuilder(this.#options.spiOperations ?? this.availableOperations());
    return this.#operation('SCHEMA', [['builder', builder]], request.bindings, (result) => {
      if (result instanceof Schema) return result;
      const hint =
        result === undefined ? ' (the script returned nothing: end it with `return builder.schema(…)`)' : '';
      throw new ConnectorException(`SchemaScript must return with Schema object${hint}`);
    });
  }

  /**
   * SEARCH: runs the search script, delivering its objects to `handler`, then reports the script's
   * SearchResult (if any) with `handleResult`.
   */
  async search(request: SearchRequest): Promise<void> {
    const handler = asSearchResultsHandler(request.handler);
    const queue = new HandlerQueue<core.ConnectorObject>((object) => handler.handle(object));
    const objectClass = request.objectClass;
    const filter = request.filter ?? null;
    const scriptHandler = (input: ConnectorObjectInput): Promise<boolean> =>
      queue.push(buildConnectorObject(input, objectClass));
    const result = await this.#operation(
      'SEARCH',
      [
        ['objectClass', objectClass],
        ['options', request.options ?? OperationOptions.EMPTY],
        ['filter', filter],
        ['query', () => toQueryMap(filter)],
        ['handler', scriptHandler],
      ],
      request.bindings,
      async (value) => {
        await queue.drain();
        return toSearchResult(value);
      },
    );
    if (result) await handler.handleResult(result);
  }

  /**
   * SYNC: runs the sync script, delivering its deltas to `handler`, then reports the script's final token with
   * `handleResult` when it returned one.
   */
  async sync(request: SyncRequest): Promise<void> {
    const handler = request.handler;
    const queue = new HandlerQueue<core.SyncDelta>((delta) => handler.handle(delta));
    const objectClass = request.objectClass;
    const scriptHandler = (input: SyncDeltaInput): Promise<boolean> =>
      queue.push(buildSyncDelta(input, objectClass));
    const token = await this.#operation(
      'SYNC',
      [
        ['objectClass', objectClass],
        ['options', request.options ?? OperationOptions.EMPTY],
        ['token', request.token ? toScriptValue(request.token.value) : null],
        ['handler', scriptHandler],
      ],
      request.bindings,
      async (value) => {
        await queue.drain();
        return value === null || value === undefined ? null : toSyncToken(value);
      },
    );
    if (token && handler.handleResult) await handler.handleResult(token);
  }

  /** GET_LATEST_SYNC_TOKEN (the sync script): the token, or null. */
  getLatestSyncToken(request: GetLatestSyncTokenRequest): Promise<SyncToken | null> {
    return this.#operation(
      'GET_LATEST_SYNC_TOKEN',
      [['objectClass', request.objectClass]],
      request.bindings,
      (value) => (value === null || value === undefined ? null : toSyncToken(value)),
    );
  }

  /** TEST: validates the configuration, then runs the test script when one is configured. */
  async test(request: RequestBase = {}): Promise<void> {
    if (this.#released) throw new core.IllegalStateException('The script engine has been released');
    await this.#configuration.validate();
    if (!this.hasScript('TEST')) return;
    await this.#operation('TEST', [], request.bindings, () => undefined);
  }

  /**
   * RUNSCRIPTONRESOURCE: runs the configured script-on-resource script with the request's text, language and
   * arguments as bindings (the text is not run by the engine); the result is converted for the wire.
   */
  runScriptOnResource(
    request: ScriptContext,
    options: OperationOptions = OperationOptions.EMPTY,
    extra?: Readonly<Record<string, unknown>>,
  ): Promise<unknown> {
    const args: Record<string, unknown> = {};
    for (const [name, value] of request.scriptArguments) {
      Object.defineProperty(args, name, { value: toScriptValue(value), enumerable: true });
    }
    return this.#operation(
      'RUNSCRIPTONRESOURCE',
      [
        ['scriptArguments', Object.freeze(args)],
        ['scriptText', request.scriptText],
        ['scriptLanguage', request.scriptLanguage],
        ['options', options],
      ],
      extra,
      (value) => toWireValue(value),
    );
  }

  /**
   * RUNSCRIPTONCONNECTOR: runs the request's own text as a statement script (languages `javascript`/`js` and
   * `typescript`/`ts`, any case), with each request argument as a variable plus `operation`, `options`,
   * `configuration` and `log`; the value of its last expression is converted for the wire.
   *
   * @throws UnsupportedOperationException when `enableScriptOnConnector` is false.
   * @throws InvalidAttributeValueException for another language (e.g. `groovy`).
   * @throws ConnectorException "No serializer for class: …" when the result cannot cross the wire.
   */
  runScriptOnConnector(
    request: ScriptContext,
    options: OperationOptions = OperationOptions.EMPTY,
    extra?: Readonly<Record<string, unknown>>,
  ): Promise<unknown> {
    if (this.#configuration.enableScriptOnConnector === false) {
      return Promise.reject(
        new UnsupportedOperationException(
          "runScriptOnConnector is disabled for this connector (configuration property 'enableScriptOnConnector' is false)",
        ),
      );
    }
    let language: ScriptLanguage;
    try {
      language = scriptLanguageOf(request.scriptLanguage);
    } catch (error) {
      return Promise.reject(error);
    }
    const args: [string, unknown][] = [...request.scriptArguments].map(([k, v]) => [k, toScriptValue(v)]);
    return this.#run(
      'RUNSCRIPTONCONNECTOR',
      { kind: 'inline', text: request.scriptText, language },
      mergeEntries(args, [
        ['operation', 'RUNSCRIPTONCONNECTOR'],
        ['options', options],
        ['configuration', this.#configuration],
      ]),
      extra,
      (value) => toWireValue(value),
    );
  }

  /**
   * Runs the script configured for an operation with the given bindings (after `operation`, `configuration` and
   * `log`) and returns its raw result: the building block of the typed methods, for connectors with operations
   * of their own.
   *
   * @throws UnsupportedOperationException when no script is configured for the operation.
   */
  runOperationScript(
    operation: Exclude<OperationType, 'RUNSCRIPTONCONNECTOR'>,
    bindings: Readonly<Record<string, unknown>> = {},
  ): Promise<unknown> {
    return this.#operation(operation, Object.entries(bindings), undefined, (value) => value);
  }

  /**
   * Releases the engine: calls the customizer's `release` hook, forgets the compiled scripts and the redacted
   * secrets. The configuration's `release()` calls it.
   */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    const hooks = this.#customizer;
    this.#customizer = {};
    try {
      if (this.#ready && typeof hooks.release === 'function') {
        await hooks.release(this.#configuration);
      }
    } finally {
      const ready = this.#ready;
      this.#ready = undefined;
      if (ready) {
        try {
          (await ready).clear();
        } catch {
          // The engine never started.
        }
      }
      this.#redactor.clear();
    }
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  #scriptName(property: ScriptFileProperty): string | null {
    const value = (this.#configuration as unknown as Record<string, unknown>)[property];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  }

  get #timeoutMs(): number {
    const value = this.#options.timeoutMs ?? this.#configuration.scriptTimeoutMillis;
    return typeof value === 'number' && value > 0 ? value : 0;
  }

  #log(script: string, operation?: OperationType): ScriptLog {
    return new ScriptLog(
      this.#logger,
      { connector: this.#options.connectorName, script, operation },
      this.#redactor,
    );
  }

  /** Starts the engine once: TypeScript, roots, custom configuration, customizer. */
  #start(): Promise<ScriptLoader> {
    if (this.#released) {
      return Promise.reject(new core.IllegalStateException('The script engine has been released'));
    }
    this.#ready ??= (async () => {
      const ts = await loadTypeScript();
      const configuration = this.#configuration;
      const loader = new ScriptLoader(ts, {
        roots: resolveScriptRoots(configuration.scriptRoots),
        extensions: resolveScriptExtensions(configuration.scriptExtensions),
        recompile: configuration.recompileGroovySource === true,
        interval: Math.max(0, Number(configuration.minimumRecompilationInterval) || 0),
      });
      this.#applyCustomConfiguration();
      const customizer = this.#scriptName('customizerScriptFileName');
      if (customizer !== null) await this.#runCustomizer(loader, customizer);
      return loader;
    })();
    this.#ready.catch(() => {
      this.#ready = undefined;
    });
    return this.#ready;
  }

  #applyCustomConfiguration(): void {
    const configuration = this.#configuration;
    const bag = configuration.propertyBag as Record<string, unknown>;
    if (
      typeof configuration.customConfiguration === 'string' &&
      configuration.customConfiguration.trim() !== ''
    ) {
      const parsed = parseConfigSlurper(configuration.customConfiguration, { label: 'customConfiguration' });
      mergeConfig(bag, parsed, false);
    }
    const sensitive = configuration.customSensitiveConfiguration;
    if (sensitive) {
      const parsed = sensitive.access((clear) =>
        clear.trim() === ''
          ? {}
          : parseConfigSlurper(clear, { label: 'customSensitiveConfiguration', revealText: false }),
      );
      this.#redactor.add(...stringLeaves(parsed));
      mergeConfig(bag, parsed, true);
    }
  }

  async #runCustomizer(loader: ScriptLoader, name: string): Promise<void> {
    const path = loader.resolve(name, 'customizerScriptFileName');
    const script = loader.load(path);
    const hooks: CustomizerHooks = {};
    const customize = (given: CustomizerHooks): void => {
      if (!given || typeof given !== 'object') {
        throw new core.IllegalArgumentException('customize(…) takes { init, decorate, release } hooks');
      }
      Object.assign(hooks, given);
    };
    const log = this.#log(name);
    const controller = new AbortController();
    const bindings = makeBindings(
      [
        ['configuration', this.#configuration],
        ['log', log],
        ['customize', customize],
      ],
      controller.signal,
    );
    try {
      const result = await this.#invoke(script, bindings, this.#timeoutMs);
      if (result && typeof result === 'object') customize(result as CustomizerHooks);
    } catch (error) {
      throw this.#failure(error, 'customizer', name);
    }
    this.#customizer = hooks;
  }

  /** Runs the configured script of an operation (UnsupportedOperationException when there is none). */
  #operation<R>(
    operation: Exclude<OperationType, 'RUNSCRIPTONCONNECTOR'>,
    specific: readonly (readonly [string, unknown])[],
    extra: Readonly<Record<string, unknown>> | undefined,
    finish: (value: unknown) => Awaitable<R>,
  ): Promise<R> {
    const property = SCRIPT_PROPERTY_OF[operation];
    if (this.#scriptName(property) === null) {
      return Promise.reject(
        new UnsupportedOperationException(
          `${operation} is not supported: no script is configured ('${property}' is blank)`,
        ),
      );
    }
    // `log` is a placeholder here, so it keeps its place after `configuration` (spec D.3 order).
    const common: [string, unknown][] = [
      ['operation', operation],
      ['configuration', this.#configuration],
      ['log', undefined],
    ];
    return this.#run(operation, { kind: 'file', property }, mergeEntries(common, specific), extra, finish);
  }

  async #run<R>(
    operation: OperationType,
    source: ScriptSource,
    entries: readonly (readonly [string, unknown])[],
    extra: Readonly<Record<string, unknown>> | undefined,
    finish: (value: unknown) => Awaitable<R>,
  ): Promise<R> {
    const loader = await this.#start();
    let script: LoadedScript;
    let label: string;
    if (source.kind === 'file') {
      const name = this.#scriptName(source.property)!;
      script = loader.load(loader.resolve(name, source.property));
      label = name;
    } else {
      label = 'runScriptOnConnector';
      script = loader.inline(
        source.text,
        `runScriptOnConnector-${++inlineCounter}.${source.language}`,
        source.language,
      );
    }
    const log = this.#log(label, operation);
    const provided = this.#options.bindingsProvider
      ? await this.#options.bindingsProvider(operation)
      : undefined;
    const controller = new AbortController();
    const timeoutMs = this.#timeoutMs;
    try {
      const bindings = makeBindings(
        mergeEntries(
          entries,
          [['log', log]],
          Object.entries(provided?.bindings ?? {}),
          Object.entries(extra ?? {}),
        ),
        controller.signal,
      );
      const work = (async () => finish(await this.#invoke(script, bindings, timeoutMs)))();
      return await withTimeout(work, timeoutMs, () => {
        controller.abort(new OperationTimeoutException(`${operation} script ${label} timed out`));
        return new OperationTimeoutException(
          `${operation} script ${label} did not complete within ${timeoutMs} ms`,
        );
      });
    } catch (error) {
      throw this.#failure(error, operation, label);
    } finally {
      if (source.kind === 'inline') unregisterSourceMap(script.path);
      if (provided?.release) await provided.release();
    }
  }

  /** Calls a loaded script with a bindings object (module: the default export; statement: variables). */
  async #invoke(
    script: LoadedScript,
    bindings: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<unknown> {
    if (script.form === 'module') {
      const fn = await script.moduleFunction();
      return await callWithWatchdog(() => fn(bindings), timeoutMs);
    }
    const names: string[] = [];
    const values: unknown[] = [];
    for (const [name, value] of Object.entries(bindings)) {
      if (!isVariableName(name)) continue;
      names.push(name);
      values.push(value);
    }
    names.push('bindings', 'signal');
    values.push(bindings, bindings.signal);
    const taken = new Set(names);
    for (const name of AUTO_IMPORTS) {
      if (taken.has(name)) continue;
      names.push(name);
      values.push(autoImportValue(name));
    }
    const fn = script.statementFunction(names);
    const module = { exports: {} as unknown };
    return await callWithWatchdog(
      () => fn(module.exports, script.require, module, script.path, dirname(script.path), ...values),
      timeoutMs,
    );
  }

  /** The error a failed run reports (see the module notes); logs it with the script's stack. */
  #failure(error: unknown, operation: string, label: string): Error {
    const mapped = mapErrorStack(error);
    const fields = { connector: this.#options.connectorName, script: label, operation };
    if (mapped instanceof JavaException) {
      this.#logger.debug(
        { ...fields, err: errorFields(mapped, this.#redactor) },
        `${operation} script failed: ${this.#redactor.redact(mapped.message)}`,
      );
      return mapped;
    }
    if (isWatchdogTimeout(mapped)) {
      return new OperationTimeoutException(
        `${operation} script ${label} did not complete within ${this.#timeoutMs} ms`,
        {
          cause: mapped,
        },
      );
    }
    const message = mapped instanceof Error ? mapped.message : describeLogValue(mapped);
    this.#logger.error(
      { ...fields, err: errorFields(mapped, this.#redactor) },
      `${operation} script failed: ${this.#redactor.redact(message)}`,
    );
    return new ConnectorException(message, { cause: mapped });
  }
}

function errorFields(error: unknown, redactor: SecretRedactor): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redactor.redact(describeLogValue(error)) };
  return {
    type: error.name,
    message: redactor.redact(error.message),
    stack: redactor.redact(String(error.stack ?? '')),
  };
}

function nameOf(attributes: readonly Attribute[]): string | null {
  const name = attributes.find((a) => a.is(core.Name.NAME));
  const value = name?.value?.[0];
  return typeof value === 'string' ? value : null;
}

/**
 * The language of request text: `js` for `javascript`/`js`/`ecmascript`, `ts` for `typescript`/`ts` (any case).
 *
 * @throws InvalidAttributeValueException for anything else, naming the accepted languages.
 */
export function scriptLanguageOf(language: string): ScriptLanguage {
  const key = String(language ?? '')
    .trim()
    .toLowerCase();
  if (key === 'javascript' || key === 'js' || key === 'ecmascript') return 'js';
  if (key === 'typescript' || key === 'ts') return 'ts';
  const groovy = key === 'groovy' ? ' (Groovy scripts cannot run in rcskit)' : '';
  throw new InvalidAttributeValueException(
    `Script language '${language}' is not supported${groovy}: use javascript (js) or typescript (ts)`,
  );
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  if (!(timeoutMs > 0)) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  work.catch(() => {});
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Options of {@link evaluateScript}. */
export interface EvaluateScriptOptions {
  /** `javascript`/`js` (default) or `typescript`/`ts`. */
  readonly language?: string;
  /** Variables of the script (names that are not identifiers are reachable through `bindings`). */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** The name stack traces show. Default `evaluateScript`. */
  readonly filename?: string;
}

/**
 * Evaluates script text as a statement script (variables as top-level names, value of the last expression) —
 * what Groovy's `new GroovyShell(binding).evaluate(scriptText)` does, e.g. in a script-on-resource script. The
 * result is returned as the script produced it (not converted for the wire).
 */
export async function evaluateScript(text: string, options: EvaluateScriptOptions = {}): Promise<unknown> {
  const ts = await loadTypeScript();
  const language = scriptLanguageOf(options.language ?? 'javascript');
  const filename = `${options.filename ?? 'evaluateScript'}-${++inlineCounter}.${language}`;
  const transpiled = transpileScript(ts, text, { filename, language, form: 'statement', cache: false });
  const entries = Object.entries(options.variables ?? {});
  const names = entries.map(([k]) => k).filter(isVariableName);
  const bindings = makeBindings(entries, new AbortController().signal);
  const fn = compileWrapper(transpiled, { async: true, strict: false, parameters: [...names, 'bindings'] });
  const module = { exports: {} as unknown };
  const scriptRequire = (id: string): unknown => {
    if (id === '@rcskit/core') return core;
    if (id === '@rcskit/scripting') return scripting;
    throw new ConnectorException(`evaluateScript cannot import '${id}'`);
  };
  try {
    return await fn(
      module.exports,
      scriptRequire,
      module,
      filename,
      process.cwd(),
      ...names.map((n) => bindings[n]),
      bindings,
    );
  } catch (error) {
    throw mapErrorStack(error);
  } finally {
    unregisterSourceMap(filename);
  }
}
