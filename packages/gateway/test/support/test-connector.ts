/**
 * An in-memory test connector for the gateway tests, served through a `LocalConnectorProvider` (in-process as
 * `#LOCAL`, or behind `startOpenIcfServer` + `OperationDispatcher` as a remote RCS): objects with revisions,
 * paging (cookie = next offset) and sorting, sync over a change log, scripts that echo what they got, and a call
 * counter per provider (to see which server served a call).
 *
 * Test-only. Modelled on transport's test memory connector.
 */
import {
  AlreadyExistsException,
  APIConfiguration,
  type Attribute,
  AttributeBuilder,
  AttributeInfoBuilder,
  ConfigurationProperties,
  ConnectorException,
  ConnectorInfo,
  ConnectorIOException,
  ConnectorKey,
  ConnectorMessages,
  type ConnectorObject,
  ConnectorObjectBuilder,
  compareValues,
  type Filter,
  filterAccepts,
  type GuardedString,
  InvalidAttributeValueException,
  InvalidPasswordException,
  int,
  JavaInteger,
  Name,
  type ObjectClass,
  ObjectClassInfoBuilder,
  type OperationOptions,
  PreconditionFailedException,
  type Schema,
  SchemaBuilder,
  type ScriptContext,
  SearchResult,
  SyncDeltaBuilder,
  type SyncDeltaType,
  SyncToken,
  Uid,
  UnknownUidException,
  UnsupportedOperationException,
} from '@rcskit/core';
import {
  apiConfigurationFromFacadeKey,
  type ConnectorFacade,
  type LocalConnectorProvider,
  type SearchResultsHandler,
  type SyncResultsHandler,
} from '@rcskit/transport';

export const TEST_BUNDLE = 'org.rcskit.test.memory-connector';
export const TEST_CONNECTOR = 'org.rcskit.test.MemoryConnector';

const OPERATIONS = [
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
] as const;

/** The connector's info at a version. */
export function testConnectorInfo(version = '1.0.0.0'): ConnectorInfo {
  return new ConnectorInfo({
    connectorKey: new ConnectorKey(TEST_BUNDLE, version, TEST_CONNECTOR),
    connectorDisplayNameKey: 'memory.display',
    messages: new ConnectorMessages({ '': { 'memory.display': 'Memory Connector' } }),
    defaultApiConfiguration: new APIConfiguration({
      configurationProperties: new ConfigurationProperties([
        { name: 'host', type: 'String', value: 'localhost', order: 1, required: true },
        { name: 'port', type: 'int', value: 389, order: 2 },
        { name: 'password', type: 'GuardedString', order: 3, confidential: true },
        { name: 'failTest', type: 'boolean', value: false, order: 4 },
        { name: 'searchDelayMs', type: 'int', value: 0, order: 5 },
      ]),
      supportedOperations: OPERATIONS,
    }),
  });
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

/** The data of one "resource", shared by every facade of a provider. */
export class TestStore {
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

function nextRevision(uid: Uid): Uid {
  return new Uid(uid.uidValue, String(Number(uid.revision ?? '0') + 1));
}

function firstValue(object: ConnectorObject, name: string): unknown {
  if (name.toUpperCase() === '__UID__') return object.uid.uidValue;
  return object.getAttributeByName(name)?.value?.[0] ?? null;
}

/** A facade over a {@link TestStore}, configured by one APIConfiguration. */
export class TestFacade implements ConnectorFacade {
  constructor(
    readonly provider: TestProvider,
    readonly configuration: APIConfiguration,
  ) {}

  get store(): TestStore {
    return this.provider.store;
  }

  #count(op: string): void {
    this.provider.calls.push(op);
  }

  #require(objectClass: ObjectClass, uid: Uid): ConnectorObject {
    const object = this.store.classMap(objectClass).get(uid.uidValue);
    if (object === undefined) throw new UnknownUidException(`Object ${uid.uidValue} not found`);
    if (uid.revision !== undefined && uid.revision !== object.uid.revision) {
      throw new PreconditionFailedException(
        `Revision ${uid.revision} of ${uid.uidValue} does not match ${object.uid.revision ?? 'none'}`,
      );
    }
    return object;
  }

  #put(objectClass: ObjectClass, object: ConnectorObject, type: SyncDeltaType): Uid {
    this.store.classMap(objectClass).set(object.uid.uidValue, object);
    this.store.record(type, objectClass, object.uid, object);
    return object.uid;
  }

  async create(objectClass: ObjectClass, attrs: Iterable<Attribute>): Promise<Uid> {
    this.#count('create');
    const attributes = [...attrs];
    const name = attributes.find((a) => a instanceof Name) as Name | undefined;
    if (name === undefined) throw new InvalidAttributeValueException('__NAME__ is required');
    for (const existing of this.store.classMap(objectClass).values()) {
      if (existing.name.nameValue === name.nameValue) {
        throw new AlreadyExistsException(`Object with name ${name.nameValue} already exists`);
      }
    }
    const object = new ConnectorObjectBuilder()
      .setObjectClass(objectClass)
      .addAttributes(attributes.filter((a) => (a.value?.length ?? 0) > 0))
      .setUid(new Uid(this.store.newId(), '1'))
      .build();
    return this.#put(objectClass, object, 'CREATE');
  }

  #rebuild(current: ConnectorObject, attributes: Iterable<Attribute>): ConnectorObject {
    const kept = current.attributes.filter((a) => !(a instanceof Uid));
    const byName = new Map(kept.map((a) => [a.name.toUpperCase(), a]));
    for (const attr of attributes) {
      if ((attr.value?.length ?? 0) === 0) byName.delete(attr.name.toUpperCase());
      else byName.set(attr.name.toUpperCase(), attr);
    }
    return new ConnectorObjectBuilder()
      .setObjectClass(current.objectClass)
      .addAttributes(byName.values())
      .setUid(nextRevision(current.uid))
      .build();
  }

  async update(objectClass: ObjectClass, uid: Uid, attrs: Iterable<Attribute>): Promise<Uid> {
    this.#count('update');
    const current = this.#require(objectClass, uid);
    return this.#put(objectClass, this.#rebuild(current, attrs), 'UPDATE');
  }

  async #changeValues(objectClass: ObjectClass, uid: Uid, attrs: Iterable<Attribute>, add: boolean) {
    const current = this.#require(objectClass, uid);
    const changed: Attribute[] = [];
    for (const attr of attrs) {
      const existing = current.getAttributeByName(attr.name)?.value ?? [];
      const delta = attr.value ?? [];
      const values = add
        ? [...existing, ...delta.filter((d) => !existing.some((e) => compareValues(e, d) === 0))]
        : existing.filter((e) => !delta.some((d) => compareValues(e, d) === 0));
      changed.push(AttributeBuilder.fromList(attr.name, values));
    }
    return this.#put(objectClass, this.#rebuild(current, changed), 'UPDATE');
  }

  addAttributeValues(objectClass: ObjectClass, uid: Uid, attrs: Iterable<Attribute>): Promise<Uid> {
    this.#count('addAttributeValues');
    return this.#changeValues(objectClass, uid, attrs, true);
  }

  removeAttributeValues(objectClass: ObjectClass, uid: Uid, attrs: Iterable<Attribute>): Promise<Uid> {
    this.#count('removeAttributeValues');
    return this.#changeValues(objectClass, uid, attrs, false);
  }

  async delete(objectClass: ObjectClass, uid: Uid): Promise<void> {
    this.#count('delete');
    const current = this.#require(objectClass, uid);
    this.store.classMap(objectClass).delete(uid.uidValue);
    this.store.record('DELETE', objectClass, current.uid, null);
  }

  async getObject(objectClass: ObjectClass, uid: Uid): Promise<ConnectorObject | null> {
    this.#count('getObject');
    return this.store.classMap(objectClass).get(uid.uidValue) ?? null;
  }

  async search(
    objectClass: ObjectClass,
    filter: Filter | null | undefined,
    handler: SearchResultsHandler,
    options?: OperationOptions | null,
  ): Promise<SearchResult | null> {
    this.#count('search');
    this.provider.lastSearchOptions = options ?? null;
    const delay = this.configuration.configurationProperties.getValue('searchDelayMs');
    if (delay instanceof JavaInteger && delay.value > 0) await sleep(delay.value);
    if (filter?.toString().includes('SEARCH-FAILS')) {
      throw new UnsupportedOperationException('Error occurred during SEARCH operation');
    }
    let matches = [...this.store.classMap(objectClass).values()].filter((o) => filterAccepts(filter, o));
    for (const key of [...(options?.sortKeys ?? [])].reverse()) {
      matches = [...matches].sort((a, b) => {
        const c = compareValues(firstValue(a, key.field), firstValue(b, key.field));
        return key.isAscendingOrder ? c : -c;
      });
    }
    const pageSize = options?.pageSize ?? 0;
    const cookie = options?.pagedResultsCookie;
    const start = cookie ? Number(cookie) : (options?.pagedResultsOffset ?? 0);
    const end = pageSize > 0 ? Math.min(start + pageSize, matches.length) : matches.length;
    for (const object of matches.slice(start, end)) {
      if ((await handler(object)) === false) return null;
    }
    const remaining = matches.length - end;
    const next = pageSize > 0 && remaining > 0 ? String(end) : null;
    return new SearchResult(next, 'EXACT', matches.length, remaining);
  }

  async sync(
    objectClass: ObjectClass,
    token: SyncToken,
    handler: SyncResultsHandler,
  ): Promise<SyncToken | null> {
    this.#count('sync');
    const from = token.value instanceof JavaInteger ? token.value.value : 0;
    let last = from;
    for (const change of this.store.changes) {
      if (change.index <= from) continue;
      if (!objectClass.is('__ALL__') && !objectClass.equals(change.objectClass)) continue;
      const builder = new SyncDeltaBuilder()
        .setToken(new SyncToken(int(change.index)))
        .setDeltaType(change.type)
        .setUid(change.uid)
        .setObjectClass(change.objectClass);
      if (change.object !== null) builder.setObject(change.object);
      last = change.index;
      if ((await handler(builder.build())) === false) break;
    }
    return new SyncToken(int(last));
  }

  async getLatestSyncToken(): Promise<SyncToken | null> {
    this.#count('getLatestSyncToken');
    return new SyncToken(int(this.store.changes.length));
  }

  async schema(): Promise<Schema> {
    this.#count('schema');
    const account = new ObjectClassInfoBuilder()
      .setType('__ACCOUNT__')
      .addAttributeInfo(AttributeInfoBuilder.build('__NAME__', 'String', ['REQUIRED']))
      .addAttributeInfo(AttributeInfoBuilder.build('email', 'String', ['MULTIVALUED']))
      .addAttributeInfo(AttributeInfoBuilder.build('age', 'int'))
      .build();
    return new SchemaBuilder(['CreateOp', 'SearchOp', 'UpdateOp', 'DeleteOp', 'SyncOp', 'SchemaOp', 'TestOp'])
      .defineObjectClass(account)
      .build();
  }

  async test(): Promise<void> {
    this.#count('test');
    if (this.configuration.configurationProperties.getValue('failTest') === true) {
      throw new ConnectorIOException('Test failed as configured');
    }
  }

  async validate(): Promise<void> {
    this.#count('validate');
  }

  async authenticate(objectClass: ObjectClass, username: string, password: GuardedString): Promise<Uid> {
    this.#count('authenticate');
    for (const object of this.store.classMap(objectClass).values()) {
      if (object.name.nameValue !== username) continue;
      if (password.access((clear) => clear) !== 'secret')
        throw new InvalidPasswordException('Wrong password');
      return object.uid;
    }
    throw new InvalidPasswordException(`No account ${username}`);
  }

  async resolveUsername(objectClass: ObjectClass, username: string): Promise<Uid> {
    this.#count('resolveUsername');
    for (const object of this.store.classMap(objectClass).values()) {
      if (object.name.nameValue === username) return object.uid;
    }
    throw new UnknownUidException(`No account ${username}`);
  }

  async runScriptOnConnector(request: ScriptContext): Promise<unknown> {
    this.#count('runScriptOnConnector');
    if (request.scriptText === 'throw')
      throw new ConnectorException('No such property: openicf for class: Script1');
    return new Map<string, unknown>([
      ['mode', 'connector'],
      ['language', request.scriptLanguage],
      ['text', request.scriptText],
      ['arguments', new Map(request.scriptArguments)],
      ['server', this.provider.label],
    ]);
  }

  async runScriptOnResource(request: ScriptContext): Promise<unknown> {
    this.#count('runScriptOnResource');
    return new Map<string, unknown>([
      ['mode', 'resource'],
      ['scriptText', request.scriptText],
      ['scriptLanguage', request.scriptLanguage],
      ['scriptArguments', new Map(request.scriptArguments)],
    ]);
  }
}

/** The provider: infos (editable), one store, facades by facade key, a log of the calls served. */
export class TestProvider implements LocalConnectorProvider {
  readonly store = new TestStore();
  /** Every facade call served, in order. */
  readonly calls: string[] = [];
  infos: ConnectorInfo[];
  lastSearchOptions: OperationOptions | null = null;
  /** The connector version the last facade request named. */
  lastVersion: string | undefined;
  readonly #facades = new Map<string, TestFacade>();

  constructor(
    readonly label = 'rcs',
    versions: readonly string[] = ['1.0.0.0'],
  ) {
    this.infos = versions.map((v) => testConnectorInfo(v));
  }

  connectorInfos(): readonly ConnectorInfo[] {
    return this.infos;
  }

  async facade(key: ConnectorKey, facadeKey: string): Promise<TestFacade> {
    this.lastVersion = key.bundleVersion;
    let facade = this.#facades.get(facadeKey);
    if (facade === undefined) {
      facade = new TestFacade(this, apiConfigurationFromFacadeKey(facadeKey));
      this.#facades.set(facadeKey, facade);
    }
    return facade;
  }

  /** Number of calls of an operation (all when omitted). */
  count(op?: string): number {
    return op === undefined ? this.calls.length : this.calls.filter((c) => c === op).length;
  }
}
