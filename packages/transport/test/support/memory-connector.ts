/**
 * An in-memory test connector served through {@link LocalConnectorProvider}: objects in a Map, every API
 * operation, a generated object class for streaming tests (with a per-object delay and a produced-objects
 * counter), sync over a change log, scripts that echo their arguments, and errors on demand.
 *
 * Test-only (not shipped).
 */
import {
  AlreadyExistsException,
  APIConfiguration,
  type Attribute,
  AttributeBuilder,
  AttributeInfoBuilder,
  ConfigurationException,
  ConfigurationProperties,
  ConnectorInfo,
  ConnectorIOException,
  ConnectorKey,
  type ConnectorObject,
  ConnectorObjectBuilder,
  type Filter,
  filterAccepts,
  type GuardedString,
  InvalidAttributeValueException,
  InvalidCredentialException,
  InvalidPasswordException,
  int,
  JavaInteger,
  Name,
  ObjectClass,
  ObjectClassInfoBuilder,
  type OperationOptions,
  PermissionDeniedException,
  type Schema,
  SchemaBuilder,
  type ScriptContext,
  SearchResult,
  SyncDeltaBuilder,
  type SyncDeltaType,
  SyncToken,
  Uid,
  UnknownUidException,
} from '@rcskit/core';
import { apiConfigurationFromFacadeKey } from '../../src/operations/blobs.js';
import type {
  ConnectorEventHandler,
  ConnectorFacade,
  SearchResultsHandler,
  SubscriptionFacade,
  SyncEventHandler,
  SyncResultsHandler,
} from '../../src/operations/facade-api.js';
import type { LocalConnectorProvider, RequestContext } from '../../src/operations/server-dispatch.js';

export const MEMORY_BUNDLE = 'org.rcskit.test.memory-connector';
export const MEMORY_CONNECTOR = 'org.rcskit.test.MemoryConnector';
/**
 * Object class whose search yields `count` generated objects (option `count`, default 10 000), sleeping `delayMs`
 * before every `delayEvery`-th object (options, default no delay).
 */
export const GENERATED = new ObjectClass('Generated');

const ALL_API_OPS = [
  'AuthenticationApiOp',
  'ResolveUsernameApiOp',
  'SearchApiOp',
  'ValidateApiOp',
  'CreateApiOp',
  'SchemaApiOp',
  'UpdateApiOp',
  'DeleteApiOp',
  'GetApiOp',
  'TestApiOp',
  'ScriptOnResourceApiOp',
  'ScriptOnConnectorApiOp',
  'SyncApiOp',
  'ConnectorEventSubscriptionApiOp',
  'SyncEventSubscriptionApiOp',
] as const;

/** The default configuration the connector advertises. */
export function memoryDefaultConfiguration(): APIConfiguration {
  return new APIConfiguration({
    configurationProperties: new ConfigurationProperties([
      { name: 'host', type: 'String', value: 'localhost', order: 1, required: true },
      { name: 'port', type: 'int', value: 389, order: 2 },
      { name: 'password', type: 'GuardedString', order: 3, confidential: true },
      { name: 'tags', type: 'String[]', order: 4 },
      { name: 'failTest', type: 'boolean', value: false, order: 5 },
      { name: 'testDelayMs', type: 'int', value: 0, order: 6 },
    ]),
    supportedOperations: ALL_API_OPS,
  });
}

/** A ConnectorInfo of the memory connector at `version`. */
export function memoryConnectorInfo(version = '1.0.0.0'): ConnectorInfo {
  return new ConnectorInfo({
    connectorKey: new ConnectorKey(MEMORY_BUNDLE, version, MEMORY_CONNECTOR),
    connectorDisplayNameKey: 'memory.display',
    defaultApiConfiguration: memoryDefaultConfiguration(),
  });
}

/** Counters the tests look at. */
export interface MemoryStats {
  /** Objects the generated search produced (handed to the dispatch's handler). */
  produced: number;
  /** Searches/syncs that ended because the handler returned false. */
  stoppedByHandler: number;
  /** Facades built (one per distinct facade key). */
  facadesBuilt: number;
  /** The configuration decoded from the last facade key. */
  lastConfiguration: APIConfiguration | undefined;
  /** The locale of the last request. */
  lastLocale: string | undefined;
  /** Option values of the last search. */
  lastSearchOptions: OperationOptions | null | undefined;
}

function intOption(options: OperationOptions | null | undefined, name: string, dflt: number): number {
  const v = options?.get(name);
  return v instanceof JavaInteger ? v.value : dflt;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Change {
  readonly index: number;
  readonly type: SyncDeltaType;
  readonly objectClass: ObjectClass;
  readonly uid: Uid;
  readonly object: ConnectorObject | null;
}

/** One connector instance: the objects and the change log, shared by all facades of a provider. */
export class MemoryStore {
  readonly objects = new Map<string, Map<string, ConnectorObject>>();
  readonly changes: Change[] = [];
  #nextId = 1;

  classMap(objectClass: ObjectClass): Map<string, ConnectorObject> {
    const key = objectClass.type.toUpperCase();
    let map = this.objects.get(key);
    if (map === undefined) {
      map = new Map();
      this.objects.set(key, map);
    }
    return map;
  }

  newId(): string {
    return String(this.#nextId++);
  }

  record(type: SyncDeltaType, objectClass: ObjectClass, uid: Uid, object: ConnectorObject | null): void {
    this.changes.push({ index: this.changes.length + 1, type, objectClass, uid, object });
  }
}

function failOnDemand(attributes: readonly Attribute[]): void {
  const fail = attributes.find((a) => a.is('failWith'));
  const kind = fail?.value?.[0];
  switch (kind) {
    case undefined:
      return;
    case 'InvalidAttributeValue':
      throw new InvalidAttributeValueException(
        'Attribute failWith asked for an InvalidAttributeValueException',
      );
    case 'PermissionDenied':
      throw new PermissionDeniedException('Not allowed, as requested');
    case 'Error':
      throw new Error('A plain JavaScript error');
    default:
      throw new TypeError(`Unknown failWith value ${String(kind)}`);
  }
}

/** The facade of one configuration. */
export class MemoryFacade implements ConnectorFacade, SubscriptionFacade {
  constructor(
    readonly store: MemoryStore,
    readonly configuration: APIConfiguration,
    readonly stats: MemoryStats,
  ) {}

  #require(objectClass: ObjectClass, uid: Uid): ConnectorObject {
    const object = this.store.classMap(objectClass).get(uid.uidValue);
    if (object === undefined)
      throw new UnknownUidException(`Object ${uid.uidValue} of ${objectClass.type} not found`);
    return object;
  }

  async create(objectClass: ObjectClass, attrs: Iterable<Attribute>): Promise<Uid> {
    const attributes = [...attrs];
    failOnDemand(attributes);
    const name = attributes.find((a) => a instanceof Name) as Name | undefined;
    if (name === undefined) throw new InvalidAttributeValueException('__NAME__ is required');
    const map = this.store.classMap(objectClass);
    for (const existing of map.values()) {
      if (existing.name.nameValue === name.nameValue) {
        throw new AlreadyExistsException(`Object with name ${name.nameValue} already exists`);
      }
    }
    const uid = new Uid(this.store.newId());
    const object = new ConnectorObjectBuilder()
      .setObjectClass(objectClass)
      .addAttributes(attributes.filter((a) => !a.is('failWith')))
      .setUid(uid)
      .build();
    map.set(uid.uidValue, object);
    this.store.record('CREATE', objectClass, uid, object);
    return uid;
  }

  async update(objectClass: ObjectClass, uid: Uid, attrs: Iterable<Attribute>): Promise<Uid> {
    const attributes = [...attrs];
    failOnDemand(attributes);
    const current = this.#require(objectClass, uid);
    const object = new ConnectorObjectBuilder().add(current).addAttributes(attributes).build();
    this.store.classMap(objectClass).set(uid.uidValue, object);
    this.store.record('UPDATE', objectClass, uid, object);
    return uid;
  }

  async #changeValues(objectClass: ObjectClass, uid: Uid, attrs: Iterable<Attribute>, add: boolean) {
    const current = this.#require(objectClass, uid);
    const builder = new ConnectorObjectBuilder().add(current);
    for (const attr of attrs) {
      const existing = current.getAttributeByName(attr.name)?.value ?? [];
      const delta = attr.value ?? [];
      const values = add
        ? [...existing, ...delta]
        : existing.filter(
            (v) => !delta.some((d) => d === v || (d as { equals?(o: unknown): boolean })?.equals?.(v)),
          );
      builder.addAttribute(AttributeBuilder.fromList(attr.name, values));
    }
    const object = builder.build();
    this.store.classMap(objectClass).set(uid.uidValue, object);
    this.store.record('UPDATE', objectClass, uid, object);
    return uid;
  }

  addAttributeValues(objectClass: ObjectClass, uid: Uid, attrs: Iterable<Attribute>): Promise<Uid> {
    return this.#changeValues(objectClass, uid, attrs, true);
  }

  removeAttributeValues(objectClass: ObjectClass, uid: Uid, attrs: Iterable<Attribute>): Promise<Uid> {
    return this.#changeValues(objectClass, uid, attrs, false);
  }

  async delete(objectClass: ObjectClass, uid: Uid): Promise<void> {
    this.#require(objectClass, uid);
    this.store.classMap(objectClass).delete(uid.uidValue);
    this.store.record('DELETE', objectClass, uid, null);
  }

  async getObject(objectClass: ObjectClass, uid: Uid): Promise<ConnectorObject | null> {
    return this.store.classMap(objectClass).get(uid.uidValue) ?? null;
  }

  async search(
    objectClass: ObjectClass,
    filter: Filter | null | undefined,
    handler: SearchResultsHandler,
    options?: OperationOptions | null,
    signal?: AbortSignal,
  ): Promise<SearchResult | null> {
    this.stats.lastSearchOptions = options;
    if (objectClass.equals(GENERATED)) {
      const count = intOption(options, 'count', 10_000);
      const delayMs = intOption(options, 'delayMs', 0);
      const delayEvery = Math.max(1, intOption(options, 'delayEvery', 1));
      for (let i = 1; i <= count; i++) {
        if (signal?.aborted) break;
        if (delayMs > 0 && i % delayEvery === 0) await sleep(delayMs);
        const object = new ConnectorObjectBuilder()
          .setObjectClass(GENERATED)
          .setUid(`g${i}`)
          .setName(`generated-${i}`)
          .addAttribute('index', int(i))
          .build();
        this.stats.produced++;
        if ((await handler(object)) === false) {
          this.stats.stoppedByHandler++;
          return null;
        }
      }
      return new SearchResult('cookie-end', 'EXACT', count, 0);
    }
    const pageSize = options?.pageSize ?? 0;
    let returned = 0;
    for (const object of this.store.classMap(objectClass).values()) {
      if (!filterAccepts(filter, object)) continue;
      if (pageSize > 0 && returned >= pageSize) return new SearchResult('more', 1);
      returned++;
      if ((await handler(object)) === false) {
        this.stats.stoppedByHandler++;
        return null;
      }
    }
    return pageSize > 0 ? new SearchResult(null, 0) : null;
  }

  async sync(
    objectClass: ObjectClass,
    token: SyncToken,
    handler: SyncResultsHandler,
  ): Promise<SyncToken | null> {
    const from = token.value instanceof JavaInteger ? token.value.value : 0;
    let last = from;
    for (const change of this.store.changes) {
      if (change.index <= from) continue;
      if (!objectClass.is(ObjectClass.ALL_NAME) && !objectClass.equals(change.objectClass)) continue;
      const builder = new SyncDeltaBuilder()
        .setToken(new SyncToken(int(change.index)))
        .setDeltaType(change.type)
        .setUid(change.uid)
        .setObjectClass(change.objectClass);
      if (change.object !== null) builder.setObject(change.object);
      last = change.index;
      if ((await handler(builder.build())) === false) {
        this.stats.stoppedByHandler++;
        break;
      }
    }
    return new SyncToken(int(last));
  }

  async getLatestSyncToken(): Promise<SyncToken | null> {
    return new SyncToken(int(this.store.changes.length));
  }

  async schema(): Promise<Schema> {
    const account = new ObjectClassInfoBuilder()
      .setType(ObjectClass.ACCOUNT_NAME)
      .addAttributeInfo(AttributeInfoBuilder.build('__NAME__', 'String', ['REQUIRED']))
      .addAttributeInfo(AttributeInfoBuilder.build('mail', 'String', ['MULTIVALUED']))
      .addAttributeInfo(AttributeInfoBuilder.build('age', 'int'))
      .build();
    return new SchemaBuilder(['CreateOp', 'SearchOp', 'UpdateOp', 'DeleteOp', 'SyncOp', 'SchemaOp', 'TestOp'])
      .defineObjectClass(account)
      .build();
  }

  async test(signal?: AbortSignal): Promise<void> {
    const delay = this.configuration.configurationProperties.getValue('testDelayMs');
    if (delay instanceof JavaInteger && delay.value > 0) {
      await sleep(delay.value);
      signal?.throwIfAborted();
    }
    if (this.configuration.configurationProperties.getValue('failTest') === true) {
      throw new ConnectorIOException('Test failed as configured');
    }
  }

  async validate(): Promise<void> {
    const host = this.configuration.configurationProperties.getValue('host');
    if (typeof host !== 'string' || host.trim() === '')
      throw new ConfigurationException('host must not be blank');
  }

  async authenticate(objectClass: ObjectClass, username: string, password: GuardedString): Promise<Uid> {
    for (const object of this.store.classMap(objectClass).values()) {
      if (object.name.nameValue !== username) continue;
      if (password.access((clear) => clear) !== 'secret') {
        throw new InvalidPasswordException(`Wrong password for ${username}`);
      }
      return object.uid;
    }
    throw new InvalidCredentialException(`No account ${username}`);
  }

  async resolveUsername(objectClass: ObjectClass, username: string): Promise<Uid> {
    for (const object of this.store.classMap(objectClass).values()) {
      if (object.name.nameValue === username) return object.uid;
    }
    throw new UnknownUidException(`No account ${username}`);
  }

  async runScriptOnConnector(request: ScriptContext): Promise<unknown> {
    if (request.scriptText === 'throw') throw new Error('Script failed on purpose');
    if (request.scriptText === 'null') return null;
    return new Map<string, unknown>([
      ['language', request.scriptLanguage],
      ['text', request.scriptText],
      ['arguments', new Map(request.scriptArguments)],
    ]);
  }

  async runScriptOnResource(request: ScriptContext): Promise<unknown> {
    if (request.scriptText === 'throw') throw new ConnectorIOException('Resource script failed');
    return `${request.scriptLanguage}:${request.scriptText}:${[...request.scriptArguments.keys()].join(',')}`;
  }

  async subscribeConnectorEvents(
    objectClass: ObjectClass,
    _filter: Filter | null | undefined,
    handler: ConnectorEventHandler,
    options?: OperationOptions | null,
    signal?: AbortSignal,
  ): Promise<void> {
    const count = intOption(options, 'count', 3);
    for (let i = 1; i <= count && !signal?.aborted; i++) {
      const object = new ConnectorObjectBuilder()
        .setObjectClass(objectClass)
        .setUid(`e${i}`)
        .setName(`event-${i}`)
        .build();
      if ((await handler(object)) === false) return;
      await sleep(1);
    }
  }

  async subscribeSyncEvents(
    objectClass: ObjectClass,
    _token: SyncToken | null | undefined,
    handler: SyncEventHandler,
    options?: OperationOptions | null,
    signal?: AbortSignal,
  ): Promise<void> {
    const count = intOption(options, 'count', 3);
    for (let i = 1; i <= count && !signal?.aborted; i++) {
      const delta = new SyncDeltaBuilder()
        .setToken(int(i))
        .setDeltaType('DELETE')
        .setUid(`d${i}`)
        .setObjectClass(objectClass)
        .build();
      if ((await handler(delta)) === false) return;
      await sleep(1);
    }
  }
}

/** The provider: connector infos, facades cached by facade key (decoded from the key, as a real RCS does). */
export class MemoryProvider implements LocalConnectorProvider {
  readonly store = new MemoryStore();
  readonly stats: MemoryStats = {
    produced: 0,
    stoppedByHandler: 0,
    facadesBuilt: 0,
    lastConfiguration: undefined,
    lastLocale: undefined,
    lastSearchOptions: undefined,
  };
  readonly infos: ConnectorInfo[];
  readonly #facades = new Map<string, MemoryFacade>();
  readonly #maxFacades: number;

  /** @param options.maxCachedFacades facades kept (the oldest is dropped beyond it); default unbounded. */
  constructor(versions: readonly string[] = ['1.0.0.0'], options: { maxCachedFacades?: number } = {}) {
    this.infos = versions.map((v) => memoryConnectorInfo(v));
    this.#maxFacades = options.maxCachedFacades ?? Number.POSITIVE_INFINITY;
  }

  connectorInfos(): readonly ConnectorInfo[] {
    return this.infos;
  }

  async facade(_key: ConnectorKey, facadeKey: string, context: RequestContext): Promise<MemoryFacade> {
    this.stats.lastLocale = context.locale;
    let facade = this.#facades.get(facadeKey);
    if (facade === undefined) {
      const configuration = apiConfigurationFromFacadeKey(facadeKey);
      this.stats.facadesBuilt++;
      this.stats.lastConfiguration = configuration;
      facade = new MemoryFacade(this.store, configuration, this.stats);
      if (this.#facades.size >= this.#maxFacades) this.#facades.delete(this.#facades.keys().next().value!);
      this.#facades.set(facadeKey, facade);
    }
    return facade;
  }
}
