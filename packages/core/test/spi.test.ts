import { describe, expect, it } from 'vitest';
import { ConfigurationProperties, ConnectorMessages } from '../src/api/index.js';
import { ConfigurationException, IllegalArgumentException } from '../src/errors.js';
import type { FilterTranslator } from '../src/filter/translator.js';
import { type Attribute, AttributeBuilder, Uid } from '../src/objects/attribute.js';
import { ConnectorObject, ConnectorObjectBuilder } from '../src/objects/connector-object.js';
import { ObjectClass } from '../src/objects/object-class.js';
import { OperationOptions } from '../src/objects/operation-options.js';
import { Script } from '../src/objects/script.js';
import { SearchResult } from '../src/objects/search-result.js';
import { SyncDeltaBuilder, SyncToken } from '../src/objects/sync.js';
import {
  applyConfigurationProperties,
  asSearchResultsHandler,
  type Configuration,
  type ConfigurationClass,
  type CreateOp,
  collectSearchResults,
  collectSyncDeltas,
  configurationPropertiesFrom,
  configurationPropertiesOf,
  type DeleteOp,
  defineConfiguration,
  defineConnector,
  implementsOperation,
  isAttributeNormalizer,
  isPoolable,
  isStatefulConfiguration,
  type PoolableConnector,
  type SearchOp,
  type SearchResultsHandler,
  type StatefulConfiguration,
  type SyncOp,
  type SyncResultsHandler,
  searchResultsHandler,
  syncResultsHandler,
  type TestOp,
  toPlainConfigValue,
  validateRequired,
} from '../src/spi/index.js';
import { char, double, int, long } from '../src/values/boxed.js';
import { GuardedString } from '../src/values/guarded.js';
import { arrayOf, type JavaArray, JavaURI } from '../src/values/value.js';

/** A sample configuration: plain fields with the connector's own defaults. */
class SampleConfiguration implements StatefulConfiguration {
  host = '';
  port = 389;
  timeout = 30000;
  ratio = 0.5;
  ssl = false;
  delimiter = ',';
  password: GuardedString | null = null;
  baseContexts: string[] = [];
  url: string | null = null;
  customizer: Script | null = null;
  connectorMessages?: ConnectorMessages | undefined;
  released = false;

  validate(): void {
    validateRequired(SAMPLE_CONFIGURATION, this);
  }

  release(): void {
    this.released = true;
  }
}

const SAMPLE_CONFIGURATION: ConfigurationClass<SampleConfiguration> = defineConfiguration({
  create: () => new SampleConfiguration(),
  properties: [
    { name: 'host', type: 'String', required: true, order: 1, groupMessageKey: 'basic.group' },
    { name: 'port', type: 'int', order: 2 },
    { name: 'timeout', type: 'long', operations: ['SearchOp', 'SyncOp'] },
    { name: 'ratio', type: 'double' },
    { name: 'ssl', type: 'boolean', order: 2, displayMessageKey: 'ssl.label' },
    { name: 'delimiter', type: 'char' },
    { name: 'password', type: 'GuardedString', confidential: true, required: true, order: 3 },
    { name: 'baseContexts', type: 'String[]', defaultValue: ['dc=example,dc=com'] },
    { name: 'url', type: 'URI' },
    { name: 'customizer', type: 'Script', helpMessageKey: '' },
  ],
});

interface Row {
  id: string;
  name: string;
}

/** A sample connector implementing several operations, async and sync. */
class SampleConnector
  implements PoolableConnector<SampleConfiguration>, CreateOp, DeleteOp, SearchOp<string>, SyncOp, TestOp
{
  #configuration: SampleConfiguration | undefined;
  readonly rows = new Map<string, Row>();
  disposed = false;

  async init(configuration: SampleConfiguration): Promise<void> {
    this.#configuration = configuration;
  }

  dispose(): void {
    this.disposed = true;
  }

  getConfiguration(): SampleConfiguration {
    if (!this.#configuration) throw new Error('not initialized');
    return this.#configuration;
  }

  checkAlive(): void {}

  async test(): Promise<void> {
    this.getConfiguration().validate();
  }

  async create(_oc: ObjectClass, attributes: readonly Attribute[], _options: OperationOptions): Promise<Uid> {
    const name = attributes.find((a) => a.is('__NAME__'))?.value?.[0] as string;
    const id = String(this.rows.size + 1);
    this.rows.set(id, { id, name });
    return new Uid(id);
  }

  delete(_oc: ObjectClass, uid: Uid, _options: OperationOptions): void {
    this.rows.delete(uid.uidValue);
  }

  createFilterTranslator(): FilterTranslator<string> {
    return { translate: () => [] };
  }

  async executeQuery(
    oc: ObjectClass,
    query: string | null,
    handler: SearchResultsHandler,
    _options: OperationOptions,
  ): Promise<void> {
    for (const row of this.rows.values()) {
      if (query !== null && row.name !== query) continue;
      const object = new ConnectorObjectBuilder().setObjectClass(oc).setUid(row.id).setName(row.name).build();
      if (!(await handler.handle(object))) return;
    }
    await handler.handleResult(new SearchResult());
  }

  async sync(oc: ObjectClass, token: SyncToken | null, handler: SyncResultsHandler): Promise<void> {
    const start = token === null ? 0 : Number((token.value as { value: number }).value);
    for (const row of this.rows.values()) {
      if (Number(row.id) <= start) continue;
      const object = new ConnectorObjectBuilder().setObjectClass(oc).setUid(row.id).setName(row.name).build();
      const delta = new SyncDeltaBuilder()
        .setDeltaType('CREATE_OR_UPDATE')
        .setToken(new SyncToken(int(Number(row.id))))
        .setObject(object)
        .build();
      if (!(await handler.handle(delta))) break;
    }
    await handler.handleResult?.(new SyncToken(int(this.rows.size)));
  }

  getLatestSyncToken(): SyncToken {
    return new SyncToken(int(this.rows.size));
  }
}

describe('defineConfiguration', () => {
  it('freezes the descriptor and copies the metadata', () => {
    expect(Object.isFrozen(SAMPLE_CONFIGURATION)).toBe(true);
    expect(Object.isFrozen(SAMPLE_CONFIGURATION.properties)).toBe(true);
    expect(SAMPLE_CONFIGURATION.create()).toBeInstanceOf(SampleConfiguration);
    expect(SAMPLE_CONFIGURATION.create()).not.toBe(SAMPLE_CONFIGURATION.create());
  });

  it.each([
    [[{ name: ' ', type: 'String' }], /must not be blank/],
    [[{ name: 'connectorMessages', type: 'String' }], /reserved/],
    [
      [
        { name: 'a', type: 'String' },
        { name: 'a', type: 'int' },
      ],
      /Duplicate configuration property 'a'/,
    ],
    [[{ name: 'm', type: 'Map' }], /'m' has type Map, which is not a supported configuration type/],
    [[{ name: 'b', type: 'byte[]' }], /not a supported configuration type/],
    [[{ name: 'o', type: 'int', order: 0.5 }], /order must be an integer/],
    [[{ name: 'x', type: 'int', operations: ['CreateApiOp'] }], /unknown SPI operation: CreateApiOp/],
    [[{ name: 'p', type: 'int', defaultValue: 'abc' }], /'p' of type int/],
  ])('rejects %j', (properties, message) => {
    expect(() =>
      defineConfiguration({ properties: properties as never, create: () => new SampleConfiguration() }),
    ).toThrow(message);
  });

  it('needs a create function', () => {
    expect(() => defineConfiguration({ properties: [], create: undefined as never })).toThrow(
      IllegalArgumentException,
    );
  });
});

describe('configurationPropertiesOf', () => {
  const messages = new ConnectorMessages({ '': { 'host.display': 'Host' } });
  const props = configurationPropertiesOf(SAMPLE_CONFIGURATION, messages);

  it('sorts by order, keeping declaration order for ties', () => {
    // order -1 (default) first, in declaration order; then 1, then the two 2s in declaration order, then 3.
    expect(props.names).toEqual([
      'timeout',
      'ratio',
      'delimiter',
      'baseContexts',
      'url',
      'customizer',
      'host',
      'port',
      'ssl',
      'password',
    ]);
  });

  it('fills the metadata defaults of spec C.2', () => {
    const timeout = props.get('timeout')!;
    expect(timeout.order).toBe(-1);
    expect(timeout.displayMessageKey).toBe('timeout.display');
    expect(timeout.helpMessageKey).toBe('timeout.help');
    expect(timeout.groupMessageKey).toBe('timeout.group');
    expect(timeout.confidential).toBe(false);
    expect(timeout.required).toBe(false);
    expect(props.get('customizer')!.helpMessageKey).toBe('customizer.help');
    expect(props.get('ratio')!.operations.size).toBe(0);
  });

  it('keeps explicit metadata and maps SPI operations to API operations', () => {
    const host = props.get('host')!;
    expect(host.order).toBe(1);
    expect(host.required).toBe(true);
    expect(host.groupMessageKey).toBe('basic.group');
    expect(props.get('ssl')!.displayMessageKey).toBe('ssl.label');
    const password = props.get('password')!;
    expect(password.confidential && password.required).toBe(true);
    expect(password.type).toBe('GuardedString');
    expect([...props.get('timeout')!.operations].sort()).toEqual(['GetApiOp', 'SearchApiOp', 'SyncApiOp']);
    expect(props.get('timeout')!.appliesTo('CreateApiOp')).toBe(false);
  });

  it("takes values from a fresh instance's fields, or the declared defaultValue, typed", () => {
    expect(props.getValue('host')).toBe('');
    expect(props.getValue('port')).toEqual(int(389));
    expect(props.getValue('timeout')).toEqual(long(30000));
    expect(props.getValue('ratio')).toEqual(double(0.5));
    expect(props.getValue('ssl')).toBe(false);
    expect(props.getValue('delimiter')).toEqual(char(','));
    expect(props.getValue('password')).toBeNull();
    expect(props.getValue('baseContexts')).toEqual(arrayOf('String', ['dc=example,dc=com']));
    expect(props.getValue('url')).toBeNull();
  });

  it('reads the current values of a configured instance with configurationPropertiesFrom', () => {
    const instance = new SampleConfiguration();
    instance.host = 'changed';
    instance.baseContexts = ['o=a', 'o=b'];
    const current = configurationPropertiesFrom(SAMPLE_CONFIGURATION, instance);
    expect(current.getValue('host')).toBe('changed');
    expect((current.getValue('baseContexts') as JavaArray).items).toEqual(['o=a', 'o=b']);
  });

  it('reports an instance field of the wrong type, naming the property', () => {
    const broken = defineConfiguration({
      properties: [{ name: 'port', type: 'int' }],
      create: () => Object.assign(new SampleConfiguration(), { port: 'eighty' }),
    });
    expect(() => configurationPropertiesOf(broken)).toThrow(/'port' of type int/);
  });
});

describe('applyConfigurationProperties', () => {
  function configured(): ConfigurationProperties {
    return configurationPropertiesOf(SAMPLE_CONFIGURATION)
      .setValue('host', 'ldap.example.com')
      .setValue('port', '636')
      .setValue('timeout', 5000)
      .setValue('ssl', true)
      .setValue('delimiter', ';')
      .setValue('password', 'secret')
      .setValue('baseContexts', ['o=a', 'o=b'])
      .setValue('url', 'ldaps://ldap.example.com')
      .setValue('customizer', { scriptLanguage: 'Groovy', scriptText: 'x' });
  }

  it('produces a configured instance with plain values and guarded secrets', () => {
    const messages = new ConnectorMessages();
    const props = configured();
    const config = applyConfigurationProperties(SAMPLE_CONFIGURATION, props, messages);
    expect(config).toBeInstanceOf(SampleConfiguration);
    expect(config.host).toBe('ldap.example.com');
    expect(config.port).toBe(636);
    expect(config.timeout).toBe(5000);
    expect(config.ratio).toBe(0.5);
    expect(config.ssl).toBe(true);
    expect(config.delimiter).toBe(';');
    expect(config.password).toBeInstanceOf(GuardedString);
    expect(config.password?.access((s) => s)).toBe('secret');
    expect(config.password).not.toBe(props.getValue('password'));
    expect(config.baseContexts).toEqual(['o=a', 'o=b']);
    expect(config.url).toBe('ldaps://ldap.example.com');
    expect(config.customizer).toEqual(new Script('Groovy', 'x'));
    expect(config.connectorMessages).toBe(messages);
    expect(() => config.validate()).not.toThrow();
  });

  it('keeps the instance default for null primitive values and absent properties', () => {
    const props = new ConfigurationProperties([
      { name: 'port', type: 'int', value: null },
      { name: 'host', type: 'String', value: 'h' },
    ]);
    const config = applyConfigurationProperties(SAMPLE_CONFIGURATION, props);
    expect(config.port).toBe(389);
    expect(config.host).toBe('h');
    expect(config.timeout).toBe(30000);
  });

  it('converts values received with another but compatible type (e.g. from a remote peer)', () => {
    const props = new ConfigurationProperties([
      { name: 'timeout', type: 'int', value: 42 },
      { name: 'url', type: 'URI', value: new JavaURI('urn:x') },
    ]);
    const config = applyConfigurationProperties(SAMPLE_CONFIGURATION, props);
    expect(config.timeout).toBe(42);
    expect(config.url).toBe('urn:x');
  });

  it('throws ConfigurationException for unknown properties or unconvertible values', () => {
    const unknown = new ConfigurationProperties([{ name: 'hostname', type: 'String', value: 'x' }]);
    expect(() => applyConfigurationProperties(SAMPLE_CONFIGURATION, unknown)).toThrow(ConfigurationException);
    expect(() => applyConfigurationProperties(SAMPLE_CONFIGURATION, unknown)).toThrow(
      /Unknown configuration property 'hostname'; valid properties are: host, port/,
    );
    const wrong = new ConfigurationProperties([{ name: 'port', type: 'String', value: 'eighty' }]);
    expect(() => applyConfigurationProperties(SAMPLE_CONFIGURATION, wrong)).toThrow(ConfigurationException);
    expect(() => applyConfigurationProperties(SAMPLE_CONFIGURATION, wrong)).toThrow(/'port' of type int/);
  });
});

describe('toPlainConfigValue', () => {
  it('gives plain JS values and refuses unsafe longs', () => {
    expect(toPlainConfigValue(long(5))).toBe(5);
    expect(toPlainConfigValue(arrayOf('int', [int(1), int(2)]))).toEqual([1, 2]);
    expect(toPlainConfigValue(null)).toBeNull();
    expect(() => toPlainConfigValue(long(2n ** 60n), 'big')).toThrow(ConfigurationException);
    expect(() => toPlainConfigValue(long(2n ** 60n), 'big')).toThrow(/'big'/);
  });
});

describe('validateRequired', () => {
  it('throws ConfigurationException naming the missing required property', () => {
    const config = new SampleConfiguration();
    config.password = new GuardedString('pw');
    expect(() => config.validate()).toThrow(ConfigurationException);
    expect(() => config.validate()).toThrow("Missing required configuration property: 'host'");
    config.host = 'h';
    expect(() => config.validate()).not.toThrow();
  });

  it('names every missing property and treats blank and empty values as missing', () => {
    const config = new SampleConfiguration();
    config.host = '   ';
    config.password = new GuardedString('');
    expect(() => validateRequired(SAMPLE_CONFIGURATION, config)).toThrow(
      "Missing required configuration properties: 'host', 'password'",
    );
    const arrays = defineConfiguration({
      properties: [{ name: 'baseContexts', type: 'String[]', required: true }],
      create: () => new SampleConfiguration(),
    });
    expect(() => validateRequired(arrays, new SampleConfiguration())).toThrow(/'baseContexts'/);
  });

  it('also checks application-side properties', () => {
    const props = configurationPropertiesOf(SAMPLE_CONFIGURATION);
    expect(() => validateRequired(SAMPLE_CONFIGURATION, props)).toThrow(/'host', 'password'/);
    props.setValue('host', 'h').setValue('password', 'p');
    expect(() => validateRequired(SAMPLE_CONFIGURATION, props)).not.toThrow();
  });
});

describe('connector lifecycle and guards', () => {
  it('detects poolable connectors, stateful configurations and normalizers', () => {
    const connector = new SampleConnector();
    expect(isPoolable(connector)).toBe(true);
    const plain = { init() {}, dispose() {}, getConfiguration: () => new SampleConfiguration() };
    expect(isPoolable(plain)).toBe(false);
    expect(isStatefulConfiguration(new SampleConfiguration())).toBe(true);
    const stateless: Configuration = { validate() {} };
    expect(isStatefulConfiguration(stateless)).toBe(false);
    expect(isAttributeNormalizer(connector)).toBe(false);
    expect(isAttributeNormalizer({ normalizeAttribute: (_oc: ObjectClass, a: Attribute) => a })).toBe(true);
  });

  it('detects implemented operations and narrows the type', () => {
    const connector: object = new SampleConnector();
    expect(implementsOperation(connector, 'CreateOp')).toBe(true);
    expect(implementsOperation(connector, 'SearchOp')).toBe(true);
    expect(implementsOperation(connector, 'SyncOp')).toBe(true);
    expect(implementsOperation(connector, 'UpdateOp')).toBe(false);
    expect(implementsOperation(connector, 'SchemaOp')).toBe(false);
  });

  it('runs create, search, sync and delete through the SPI with async and sync methods', async () => {
    const descriptor = defineConnector({
      connectorName: 'org.example.SampleConnector',
      configurationClass: SAMPLE_CONFIGURATION,
      displayNameKey: 'sample.display',
      messages: { '': { 'sample.display': 'Sample' } },
      create: () => new SampleConnector(),
    });
    expect(descriptor.messages.format('sample.display')).toBe('Sample');
    expect(descriptor.categoryKey).toBeUndefined();

    const props = configurationPropertiesOf(SAMPLE_CONFIGURATION)
      .setValue('host', 'h')
      .setValue('password', 'p');
    const connector = descriptor.create() as SampleConnector;
    await connector.init(applyConfigurationProperties(SAMPLE_CONFIGURATION, props, descriptor.messages));
    await connector.test();
    const options = new OperationOptions();
    const uid = await connector.create(
      ObjectClass.ACCOUNT,
      [AttributeBuilder.build('__NAME__', 'alice')],
      options,
    );
    await connector.create(ObjectClass.ACCOUNT, [AttributeBuilder.build('__NAME__', 'bob')], options);
    expect(uid.uidValue).toBe('1');

    const all = collectSearchResults();
    await connector.executeQuery(ObjectClass.ACCOUNT, null, all, options);
    expect(all.objects.map((o) => o.name.nameValue)).toEqual(['alice', 'bob']);
    expect(all.result).toBeInstanceOf(SearchResult);

    const first = collectSearchResults(1);
    await connector.executeQuery(ObjectClass.ACCOUNT, null, first, options);
    expect(first.objects).toHaveLength(1);
    expect(first.result).toBeNull();

    const sync = collectSyncDeltas();
    await connector.sync(ObjectClass.ACCOUNT, new SyncToken(int(1)), sync);
    expect(sync.deltas.map((d) => d.uid.uidValue)).toEqual(['2']);
    expect(sync.token?.equals(new SyncToken(int(2)))).toBe(true);
    expect(connector.getLatestSyncToken().equals(new SyncToken(int(2)))).toBe(true);

    connector.delete(ObjectClass.ACCOUNT, uid, options);
    expect(connector.rows.size).toBe(1);
    await connector.dispose();
    expect(connector.disposed).toBe(true);
    connector.getConfiguration().release();
    expect(connector.getConfiguration().released).toBe(true);
  });

  it('rejects an incomplete connector definition', () => {
    expect(() =>
      defineConnector({
        connectorName: ' ',
        configurationClass: SAMPLE_CONFIGURATION,
        displayNameKey: 'x',
        create: () => new SampleConnector(),
      }),
    ).toThrow(IllegalArgumentException);
    expect(() =>
      defineConnector({
        connectorName: 'c',
        configurationClass: SAMPLE_CONFIGURATION,
        displayNameKey: 'x',
        create: undefined as never,
      }),
    ).toThrow(/create/);
  });
});

describe('handler helpers', () => {
  const object = new ConnectorObject(ObjectClass.ACCOUNT, [
    new Uid('1'),
    AttributeBuilder.build('__NAME__', 'a'),
  ]);

  it('builds search handlers from callbacks and wraps plain functions', async () => {
    const seen: string[] = [];
    let result: SearchResult | undefined;
    const handler = searchResultsHandler(
      (o) => {
        seen.push(o.uid.uidValue);
        return false;
      },
      (r) => {
        result = r;
      },
    );
    expect(await handler.handle(object)).toBe(false);
    await handler.handleResult(new SearchResult('cookie', 3));
    expect(seen).toEqual(['1']);
    expect(result?.pagedResultsCookie).toBe('cookie');

    const wrapped = asSearchResultsHandler(async () => true);
    expect(await wrapped.handle(object)).toBe(true);
    await expect(Promise.resolve(wrapped.handleResult(new SearchResult()))).resolves.toBeUndefined();
    expect(asSearchResultsHandler(handler)).toBe(handler);
  });

  it('builds sync handlers with and without a token callback', async () => {
    const delta = new SyncDeltaBuilder()
      .setDeltaType('DELETE')
      .setToken(new SyncToken('t1'))
      .setUid(new Uid('1'))
      .setObjectClass(ObjectClass.ACCOUNT)
      .build();
    const tokens: (SyncToken | null)[] = [];
    const withToken = syncResultsHandler(
      () => true,
      (t) => {
        tokens.push(t);
      },
    );
    expect(await withToken.handle(delta)).toBe(true);
    await withToken.handleResult?.(new SyncToken('t2'));
    expect(tokens.map((t) => t?.value)).toEqual(['t2']);
    expect(syncResultsHandler(() => false).handleResult).toBeUndefined();
  });
});
