/**
 * Small in-memory connectors for the runtime tests:
 *
 * - `memoryConnector(state)`: non-poolable; Create, Update (no UpdateAttributeValuesOp), Delete, Search (its
 *   translator translates nothing, so it returns every object and the framework filters), Sync, Schema, Test.
 * - `poolableConnector(state)`: poolable with a switchable `checkAlive`; Search plus UpdateAttributeValuesOp.
 * - `orQueryConnector(state)`: a translator that turns each `mail` equality into its own query (no OR), to see the
 *   framework's de-duplication.
 *
 * Every connector class closes over a {@link ConnectorState}, so each test has its own store and counters.
 */
import {
  AbstractFilterTranslator,
  type APIConfiguration,
  type Attribute,
  AttributeBuilder,
  type Configuration,
  type ConnectorClass,
  ConnectorIOException,
  type ConnectorMessages,
  ConnectorObject,
  ConnectorObjectBuilder,
  defineConfiguration,
  defineConnector,
  type EqualsFilter,
  type FilterTranslator,
  GuardedString,
  Name,
  type ObjectClass,
  ObjectClassInfoBuilder,
  type OperationOptions,
  SchemaBuilder,
  type SearchResultsHandler,
  SyncDeltaBuilder,
  type SyncResultsHandler,
  SyncToken,
  Uid,
  UnknownUidException,
  validateRequired,
} from '@rcskit/core';
import { connectorInfoOf } from '../src/runtime/connector-info.js';
import {
  LocalConnectorFacade,
  type LocalConnectorFacadeOptions,
} from '../src/runtime/local-connector-facade.js';

export interface ConnectorState {
  /** Objects by uid: attribute name → values. */
  readonly store: Map<string, Map<string, unknown[] | null>>;
  inits: number;
  disposes: number;
  checkAlives: number;
  releases: number;
  /** Configurations seen by init, in order. */
  readonly configurations: Configuration[];
  /** When true, checkAlive throws. */
  dead: boolean;
  /** Delay of create, in ms. */
  createDelayMs: number;
  /** Calls of update / addAttributeValues / removeAttributeValues, for assertions. */
  readonly calls: { method: string; uid: string; attributes: Attribute[] }[];
  /** Search results to report (one per executeQuery call, cycling), or none. */
  searchResults: import('@rcskit/core').SearchResult[];
  /** Queries executeQuery received. */
  readonly queries: unknown[];
  /** Connector instances created (probes included). */
  created: number;
  /** checkAlive fails for instances whose serial is at most this. */
  deadBefore: number;
}

export function newState(): ConnectorState {
  return {
    store: new Map(),
    inits: 0,
    disposes: 0,
    checkAlives: 0,
    releases: 0,
    configurations: [],
    dead: false,
    createDelayMs: 0,
    calls: [],
    searchResults: [],
    queries: [],
    created: 0,
    deadBefore: 0,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function put(state: ConnectorState, uid: string, attributes: Record<string, unknown[] | null>): void {
  state.store.set(uid, new Map(Object.entries({ __NAME__: [uid], ...attributes })));
}

export function toObject(
  oc: ObjectClass,
  uid: string,
  attributes: Map<string, unknown[] | null>,
): ConnectorObject {
  const builder = new ConnectorObjectBuilder().setObjectClass(oc).setUid(uid).setName(uid);
  for (const [name, values] of attributes) {
    if (name === '__NAME__') builder.setName(String(values?.[0]));
    else builder.addAttribute(AttributeBuilder.fromList(name, values as never));
  }
  return builder.build();
}

// ---------------------------------------------------------------------------------------------------------------
// Configurations

export class MemoryConfiguration implements Configuration {
  prefix = 'mem';
  secret: GuardedString | null = null;
  connectorMessages?: ConnectorMessages | undefined;
  validations = 0;

  validate(): void {
    this.validations++;
    validateRequired(MEMORY_CONFIGURATION, this);
    if (this.prefix === 'invalid') throw new ConnectorIOException('prefix must not be invalid');
  }
}

export const MEMORY_CONFIGURATION = defineConfiguration({
  create: () => new MemoryConfiguration(),
  properties: [
    { name: 'prefix', type: 'String', required: true },
    { name: 'secret', type: 'GuardedString', confidential: true },
  ],
});

/** A stateful configuration: counts releases in the state passed to the class factory. */
export function statefulConfigurationClass(state: ConnectorState) {
  class StatefulMemoryConfiguration extends MemoryConfiguration {
    release(): void {
      state.releases++;
    }
  }
  return defineConfiguration({
    create: () => new StatefulMemoryConfiguration(),
    properties: [
      { name: 'prefix', type: 'String', required: true },
      { name: 'secret', type: 'GuardedString', confidential: true },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Connectors

class EverythingTranslator extends AbstractFilterTranslator<never> {}

/** Base with the lifecycle, search over the store and counting. */
abstract class MemoryBase {
  configuration: Configuration | undefined;
  constructor(protected readonly state: ConnectorState) {}

  init(configuration: Configuration): void {
    this.state.inits++;
    this.state.configurations.push(configuration);
    this.configuration = configuration;
  }

  dispose(): void {
    this.state.disposes++;
  }

  getConfiguration(): Configuration {
    return this.configuration!;
  }

  createFilterTranslator(_oc: ObjectClass, _options: OperationOptions): FilterTranslator<unknown> {
    return new EverythingTranslator();
  }

  async executeQuery(
    oc: ObjectClass,
    query: unknown,
    handler: SearchResultsHandler,
    _options: OperationOptions,
  ): Promise<void> {
    this.state.queries.push(query);
    for (const [uid, attributes] of [...this.state.store]) {
      if (!(await handler.handle(toObject(oc, uid, attributes)))) break;
    }
    const result = this.state.searchResults.shift();
    if (result) await handler.handleResult(result);
  }

  update(_oc: ObjectClass, uid: Uid, attributes: readonly Attribute[], _options: OperationOptions): Uid {
    this.state.calls.push({ method: 'update', uid: uid.uidValue, attributes: [...attributes] });
    const row = this.state.store.get(uid.uidValue);
    if (!row) throw new UnknownUidException(`no ${uid.uidValue}`);
    for (const attribute of attributes)
      row.set(attribute.name, attribute.value === null ? null : [...attribute.value]);
    return uid;
  }
}

class MemoryConnector extends MemoryBase {
  async create(_oc: ObjectClass, attributes: readonly Attribute[], _options: OperationOptions): Promise<Uid> {
    if (this.state.createDelayMs > 0) await sleep(this.state.createDelayMs);
    const name = attributes.find((a) => a.is(Name.NAME))?.value?.[0] as string;
    const row = new Map<string, unknown[] | null>();
    for (const a of attributes) row.set(a.name, a.value === null ? null : [...a.value]);
    this.state.store.set(name, row);
    return new Uid(name);
  }

  delete(_oc: ObjectClass, uid: Uid): void {
    if (!this.state.store.delete(uid.uidValue)) throw new UnknownUidException(`no ${uid.uidValue}`);
  }

  async sync(oc: ObjectClass, token: SyncToken | null, handler: SyncResultsHandler): Promise<void> {
    const from = token === null ? 0 : Number(token.value);
    let n = 0;
    for (const [uid, attributes] of this.state.store) {
      n++;
      if (n <= from) continue;
      const delta = new SyncDeltaBuilder()
        .setToken(new SyncToken(String(n)))
        .setDeltaType('CREATE_OR_UPDATE')
        .setObject(toObject(oc, uid, attributes))
        .build();
      if (!(await handler.handle(delta))) break;
    }
    await handler.handleResult?.(new SyncToken(String(n)));
  }

  getLatestSyncToken(): SyncToken {
    return new SyncToken(String(this.state.store.size));
  }

  schema() {
    return new SchemaBuilder(['SchemaOp']).defineObjectClass(new ObjectClassInfoBuilder().build()).build();
  }

  test(): void {
    this.configuration!.validate();
  }
}

class PoolableMemoryConnector extends MemoryBase {
  readonly serial = ++this.state.created;

  checkAlive(): void {
    this.state.checkAlives++;
    if (this.state.dead || this.serial <= this.state.deadBefore) throw new ConnectorIOException('dead');
  }

  addAttributeValues(_oc: ObjectClass, uid: Uid, attributes: readonly Attribute[]): Uid {
    this.state.calls.push({ method: 'addAttributeValues', uid: uid.uidValue, attributes: [...attributes] });
    return uid;
  }

  removeAttributeValues(_oc: ObjectClass, uid: Uid, attributes: readonly Attribute[]): Uid {
    this.state.calls.push({
      method: 'removeAttributeValues',
      uid: uid.uidValue,
      attributes: [...attributes],
    });
    return uid;
  }
}

/** Each `mail` equality is its own query; OR is not combined, so `a OR b` runs two queries. */
class MailTranslator extends AbstractFilterTranslator<string> {
  protected override createEqualsExpression(filter: EqualsFilter, not: boolean): string | null {
    if (not || !filter.attribute.is('mail')) return null;
    return String(filter.attribute.value?.[0]);
  }
}

class OrQueryConnector extends MemoryBase {
  override createFilterTranslator(): FilterTranslator<unknown> {
    return new MailTranslator();
  }

  override async executeQuery(oc: ObjectClass, query: unknown, handler: SearchResultsHandler): Promise<void> {
    this.state.queries.push(query);
    for (const [uid, attributes] of this.state.store) {
      const mails = (attributes.get('mail') ?? []) as unknown[];
      if (query !== null && !mails.includes(query)) continue;
      if (!(await handler.handle(toObject(oc, uid, attributes)))) return;
    }
    const result = this.state.searchResults.shift();
    if (result) await handler.handleResult(result);
  }
}

export function memoryConnector(state: ConnectorState, name = 'test.MemoryConnector'): ConnectorClass {
  return defineConnector({
    connectorName: name,
    configurationClass: MEMORY_CONFIGURATION,
    displayNameKey: 'memory.display',
    messages: { '': { 'memory.display': 'Memory' } },
    create: () => new MemoryConnector(state),
  }) as ConnectorClass;
}

export function poolableConnector(state: ConnectorState, stateful = false): ConnectorClass {
  return defineConnector({
    connectorName: 'test.PoolableConnector',
    configurationClass: stateful ? statefulConfigurationClass(state) : MEMORY_CONFIGURATION,
    displayNameKey: 'poolable.display',
    create: () => new PoolableMemoryConnector(state),
  }) as ConnectorClass;
}

export function statefulConnector(state: ConnectorState): ConnectorClass {
  return defineConnector({
    connectorName: 'test.StatefulConnector',
    configurationClass: statefulConfigurationClass(state),
    displayNameKey: 'stateful.display',
    create: () => new MemoryConnector(state),
  }) as ConnectorClass;
}

export function orQueryConnector(state: ConnectorState): ConnectorClass {
  return defineConnector({
    connectorName: 'test.OrQueryConnector',
    configurationClass: MEMORY_CONFIGURATION,
    displayNameKey: 'or.display',
    create: () => new OrQueryConnector(state),
  }) as ConnectorClass;
}

/** A connector class from an object factory, with the memory configuration. */
export function customConnector(name: string, create: () => object): ConnectorClass {
  return defineConnector({
    connectorName: name,
    configurationClass: MEMORY_CONFIGURATION,
    displayNameKey: 'custom.display',
    create: create as never,
  }) as ConnectorClass;
}

export const BUNDLE = { bundleName: 'test.bundle', bundleVersion: '1.0.0' } as const;

/** The default API configuration of a connector class with `prefix` set, edited by `edit`. */
export function apiConfigurationFor(
  cls: ConnectorClass,
  edit?: (c: APIConfiguration) => void,
): APIConfiguration {
  const configuration = connectorInfoOf(cls, BUNDLE).createDefaultAPIConfiguration();
  configuration.configurationProperties.setValue('prefix', 'p');
  edit?.(configuration);
  return configuration;
}

/** A facade over a connector class with {@link apiConfigurationFor}'s configuration. */
export function facadeFor(
  cls: ConnectorClass,
  edit?: (c: APIConfiguration) => void,
  options?: LocalConnectorFacadeOptions,
): LocalConnectorFacade {
  return new LocalConnectorFacade(cls, apiConfigurationFor(cls, edit), options);
}

/** Collects the objects of a search. */
export function collector<T>() {
  const items: T[] = [];
  return {
    items,
    handler: (item: T) => {
      items.push(item);
      return true;
    },
  };
}

export { ConnectorObject, GuardedString };
