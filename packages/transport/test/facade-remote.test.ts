import { create } from '@bufbuild/protobuf';
import {
  AlreadyExistsException,
  AttributeBuilder,
  ConfigurationProperty,
  ConnectorException,
  ConnectorIOException,
  type ConnectorObject,
  EqualsFilter,
  GuardedString,
  IllegalArgumentException,
  InvalidAttributeValueException,
  InvalidPasswordException,
  int,
  Name,
  NullPointerException,
  ObjectClass,
  OperationOptionsBuilder,
  OperationTimeoutException,
  Schema,
  ScriptContext,
  type SyncDelta,
  SyncToken,
  Uid,
  UnknownUidException,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { ClientEndpoint } from '../src/facade/client-endpoint.js';
import { RemoteConnectorFacade } from '../src/facade/remote-connector-facade.js';
import { RemoteConnectorInfoManager } from '../src/facade/remote-connector-info-manager.js';
import { SequenceBuffer } from '../src/facade/response-stream.js';
import { OperationRequestSchema } from '../src/gen/OperationMessages_pb.js';
import {
  apiConfigurationFromFacadeKey,
  decodeConnectorInfos,
  encodeBlob,
  encodeConnectorInfos,
} from '../src/operations/blobs.js';
import { OperationDispatcher } from '../src/operations/server-dispatch.js';
import { FakeChannel, type FakeChannelOptions } from './support/fake-channel.js';
import {
  GENERATED,
  MEMORY_BUNDLE,
  MEMORY_CONNECTOR,
  MemoryProvider,
  memoryConnectorInfo,
} from './support/memory-connector.js';

const ACCOUNT = ObjectClass.ACCOUNT;

async function setup(channelOptions: FakeChannelOptions = {}, versions?: string[]) {
  const provider = new MemoryProvider(versions);
  const channel = new FakeChannel(new OperationDispatcher(provider), channelOptions);
  const manager = await RemoteConnectorInfoManager.load(channel);
  const info = manager.connectorInfos[0]!;
  const facade = manager.createFacade(info, { configurationProperties: { host: 'h', password: 'p' } });
  return { provider, channel, manager, facade };
}

function generated(count: number, delayMs = 0) {
  const b = new OperationOptionsBuilder().setOption('count', int(count));
  if (delayMs > 0) b.setOption('delayMs', int(delayMs));
  return b.build();
}

describe('SequenceBuffer', () => {
  it('re-orders, drops duplicates and parts beyond the count', () => {
    const buffer = new SequenceBuffer<string>();
    expect(buffer.offer(2n, 'b')).toBe(true);
    expect(buffer.take()).toBeUndefined();
    expect(buffer.offer(1n, 'a')).toBe(true);
    expect(buffer.offer(2n, 'b again')).toBe(false);
    expect(buffer.take()?.item).toBe('a');
    expect(buffer.offer(1n, 'a again')).toBe(false);
    buffer.setCount(2n);
    expect(buffer.offer(3n, 'c')).toBe(false);
    expect(buffer.isComplete).toBe(false);
    expect(buffer.take()?.item).toBe('b');
    expect(buffer.isComplete).toBe(true);
    expect(buffer.dropped).toBe(3);
  });
});

describe('RemoteConnectorFacade over an in-process channel', () => {
  it('runs every API operation', async () => {
    const { facade, provider } = await setup();
    // validate / test / schema
    await facade.validate();
    await facade.test();
    const schema = await facade.schema();
    expect(schema).toBeInstanceOf(Schema);
    expect(schema?.findObjectClassInfo('__ACCOUNT__')).toBeDefined();
    // create / get
    const uid = await facade.create(ACCOUNT, [new Name('alice'), AttributeBuilder.build('mail', 'a@x')]);
    expect(uid?.uidValue).toBe('1');
    const alice = await facade.getObject(ACCOUNT, uid!);
    expect(alice?.name.nameValue).toBe('alice');
    expect(await facade.getObject(ACCOUNT, new Uid('nope'))).toBeNull();
    // update / add / remove
    await facade.update(ACCOUNT, uid!, [AttributeBuilder.build('mail', 'b@x')]);
    await facade.addAttributeValues(ACCOUNT, uid!, [AttributeBuilder.build('mail', 'c@x')]);
    await facade.removeAttributeValues(ACCOUNT, uid!, [AttributeBuilder.build('mail', 'b@x')]);
    expect((await facade.getObject(ACCOUNT, uid!))?.getAttributeByName('mail')?.value).toEqual(['c@x']);
    // search with filter and options
    await facade.create(ACCOUNT, [new Name('bob')]);
    const found: ConnectorObject[] = [];
    const result = await facade.search(
      ACCOUNT,
      new EqualsFilter(new Name('bob')),
      (o) => {
        found.push(o);
        return true;
      },
      new OperationOptionsBuilder().setPageSize(5).build(),
    );
    expect(found.map((o) => o.name.nameValue)).toEqual(['bob']);
    expect(result?.remainingPagedResults).toBe(0);
    expect(provider.stats.lastSearchOptions?.pageSize).toBe(5);
    // authenticate / resolveUsername
    expect((await facade.authenticate(ACCOUNT, 'alice', new GuardedString('secret')))?.uidValue).toBe('1');
    expect((await facade.resolveUsername(ACCOUNT, 'bob'))?.uidValue).toBe('2');
    // sync
    const token = await facade.getLatestSyncToken(ACCOUNT);
    expect(token?.equals(new SyncToken(int(5)))).toBe(true);
    await facade.delete(ACCOUNT, new Uid('2'));
    const deltas: SyncDelta[] = [];
    const last = await facade.sync(ACCOUNT, new SyncToken(int(0)), (d) => {
      deltas.push(d);
      return true;
    });
    expect(deltas.map((d) => d.deltaType)).toEqual([
      'CREATE',
      'UPDATE',
      'UPDATE',
      'UPDATE',
      'CREATE',
      'DELETE',
    ]);
    expect(deltas[5]?.object).toBeNull();
    expect(deltas[0]?.object?.name.nameValue).toBe('alice');
    expect(last?.equals(new SyncToken(int(6)))).toBe(true);
    // scripts
    const echoed = (await facade.runScriptOnConnector(
      new ScriptContext('Groovy', 'echo', { a: int(1), b: 'two' }),
    )) as Map<string, unknown>;
    expect(echoed.get('language')).toBe('Groovy');
    expect((echoed.get('arguments') as Map<string, unknown>).get('a')).toEqual(int(1));
    expect(await facade.runScriptOnConnector(new ScriptContext('Groovy', 'null'))).toBeNull();
    expect(await facade.runScriptOnResource(new ScriptContext('sh', 'ls', { x: 'y' }))).toBe('sh:ls:x');
    // subscriptions
    const events: ConnectorObject[] = [];
    await facade.subscribeConnectorEvents(ACCOUNT, null, (o) => {
      events.push(o);
      return true;
    });
    expect(events.map((o) => o.uid.uidValue)).toEqual(['e1', 'e2', 'e3']);
    const syncEvents: SyncDelta[] = [];
    await facade.subscribeSyncEvents(ACCOUNT, null, (d) => {
      syncEvents.push(d);
      return syncEvents.length < 2;
    });
    expect(syncEvents).toHaveLength(2);
  });

  it('sends the facade key, connector key and locale with every request', async () => {
    const { channel, facade, provider } = await setup();
    await facade.test();
    const sent = channel.log.requests[0]!;
    expect(new TextDecoder().decode(sent.connectorFacadeKey)).toBe(facade.connectorFacadeKey);
    expect(sent.connectorKey?.bundleVersion).toBe('1.0.0.0');
    expect(sent.locale?.language).not.toBe('');
    const configuration = apiConfigurationFromFacadeKey(facade.connectorFacadeKey);
    expect(configuration.configurationProperties.getValue('host')).toBe('h');
    expect(configuration.configurationProperties.getValue('password')).toBeInstanceOf(GuardedString);
    expect(provider.stats.facadesBuilt).toBe(1);
    const other = new RemoteConnectorFacade(channel, facade.connectorInfo, facade.apiConfiguration, {
      locale: 'fr-CA',
    });
    expect(other.connectorFacadeKey).toBe(facade.connectorFacadeKey);
    expect(other.locale).toBe('fr_CA');
    await other.test();
    expect(provider.stats.lastLocale).toBe('fr_CA');
  });

  it('maps errors both ways to the same core classes with their messages', async () => {
    const { facade } = await setup();
    await facade.create(ACCOUNT, [new Name('alice')]);
    await expect(facade.create(ACCOUNT, [new Name('alice')])).rejects.toSatisfy(
      (e) => e instanceof AlreadyExistsException && e.message === 'Object with name alice already exists',
    );
    await expect(facade.delete(ACCOUNT, new Uid('404'))).rejects.toSatisfy(
      (e) => e instanceof UnknownUidException && e.message === 'Object 404 of __ACCOUNT__ not found',
    );
    await expect(
      facade.create(ACCOUNT, [new Name('x'), AttributeBuilder.build('failWith', 'InvalidAttributeValue')]),
    ).rejects.toBeInstanceOf(InvalidAttributeValueException);
    await expect(
      facade.create(ACCOUNT, [new Name('x'), AttributeBuilder.build('failWith', 'Error')]),
    ).rejects.toSatisfy((e) => e instanceof ConnectorException && e.message === 'A plain JavaScript error');
    await expect(facade.authenticate(ACCOUNT, 'alice', new GuardedString('wrong'))).rejects.toBeInstanceOf(
      InvalidPasswordException,
    );
    await expect(facade.runScriptOnResource(new ScriptContext('sh', 'throw'))).rejects.toBeInstanceOf(
      ConnectorIOException,
    );
  });

  it('refuses locally: unsupported operations, __ALL__ for create/search, __UID__ in a create set', async () => {
    const { channel, manager } = await setup();
    const info = manager.connectorInfos[0]!;
    const configuration = info.createDefaultAPIConfiguration();
    configuration.supportedOperations = new Set(['SearchApiOp']);
    const limited = new RemoteConnectorFacade(channel, info, configuration);
    await expect(limited.create(ACCOUNT, [new Name('x')])).rejects.toThrow(
      new UnsupportedOperationException("Operation 'CreateApiOp' not supported."),
    );
    expect(limited.isSupported('GetApiOp')).toBe(true);
    expect(limited.isSupported('ValidateApiOp')).toBe(true);
    await limited.validate();
    const full = manager.createFacade(info);
    await expect(full.create(ObjectClass.ALL, [new Name('x')])).rejects.toBeInstanceOf(
      UnsupportedOperationException,
    );
    await expect(full.search(ObjectClass.ALL, null, () => true)).rejects.toBeInstanceOf(
      UnsupportedOperationException,
    );
    await expect(full.create(ACCOUNT, [new Name('x'), new Uid('u')])).rejects.toBeInstanceOf(
      InvalidAttributeValueException,
    );
    await expect(full.sync(ACCOUNT, null as unknown as SyncToken, () => true)).rejects.toBeInstanceOf(
      NullPointerException,
    );
    const sentBefore = channel.log.requests.length;
    expect(sentBefore).toBe(1); // only the validate
  });

  it('streams objects in order through re-ordering and duplicated delivery', async () => {
    for (const options of [{}, { reorder: true }, { duplicate: true }, { reorder: true, duplicate: true }]) {
      const { facade } = await setup(options);
      let expected = 1;
      let inOrder = true;
      const result = await facade.search(
        GENERATED,
        null,
        (o) => {
          if (o.uid.uidValue !== `g${expected}`) inOrder = false;
          expected++;
          return true;
        },
        generated(3000),
      );
      expect(inOrder).toBe(true);
      expect(expected - 1).toBe(3000);
      expect(result?.pagedResultsCookie).toBe('cookie-end');
    }
  }, 20_000);

  it('cancels when the handler returns false; the producer stops', async () => {
    const { facade, provider, channel } = await setup({ reorder: true });
    let seen = 0;
    const result = await facade.search(GENERATED, null, () => ++seen < 50, generated(10_000, 1));
    expect(result).toBeNull();
    expect(seen).toBe(50);
    expect(channel.log.cancels).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(provider.stats.produced).toBeLessThan(100);
  });

  it('cancels and rethrows when the handler throws', async () => {
    const { facade, channel } = await setup();
    const boom = new Error('handler failed');
    await expect(
      facade.search(
        GENERATED,
        null,
        () => {
          throw boom;
        },
        generated(100),
      ),
    ).rejects.toBe(boom);
    expect(channel.log.cancels).toHaveLength(1);
  });

  it('cancels on AbortSignal and rejects with its reason', async () => {
    const { facade, provider, channel } = await setup();
    const controller = new AbortController();
    let seen = 0;
    const search = facade.search(
      GENERATED,
      null,
      () => {
        if (++seen === 20) controller.abort(new Error('enough'));
        return true;
      },
      generated(10_000, 1),
      controller.signal,
    );
    await expect(search).rejects.toThrow('enough');
    expect(channel.log.cancels).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(provider.stats.produced).toBeLessThan(100);
    await expect(facade.test(controller.signal)).rejects.toThrow('enough');
  });

  it('times out a stream that stalls (inactivity), and cancels it', async () => {
    const { manager, channel } = await setup();
    const facade = manager.createFacade(manager.connectorInfos[0]!, { timeouts: { SearchApiOp: 50 } });
    const started = Date.now();
    await expect(facade.search(GENERATED, null, () => true, generated(5, 200))).rejects.toBeInstanceOf(
      OperationTimeoutException,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(channel.log.cancels).toHaveLength(1);
    // A slow handler does not count against the timeout: only waiting for the wire does.
    const ok = await facade.search(
      GENERATED,
      null,
      async () => {
        await new Promise((r) => setTimeout(r, 80));
        return true;
      },
      generated(3),
    );
    expect(ok?.totalPagedResults).toBe(3);
  });
});

describe('timeouts of single-answer operations', () => {
  it('rejects with OperationTimeoutException and cancels the request', async () => {
    const { manager, channel } = await setup();
    const slow = manager.createFacade(manager.connectorInfos[0]!, {
      configurationProperties: { testDelayMs: 300 },
      timeouts: { TestApiOp: 30 },
    });
    await expect(slow.test()).rejects.toThrow(
      new OperationTimeoutException('TestApiOp timed out after 30 ms'),
    );
    expect(channel.log.cancels).toHaveLength(1);
    // Without a timeout (-1) the same call completes.
    const patient = manager.createFacade(manager.connectorInfos[0]!, {
      configurationProperties: { testDelayMs: 50 },
    });
    await patient.test();
  });
});

describe('ClientEndpoint', () => {
  it('hosts nothing and routes configuration changes by facade key', async () => {
    const endpoint = new ClientEndpoint();
    expect(decodeConnectorInfos(await endpoint.connectorInfosBlob())).toEqual([]);
    const seen: string[] = [];
    const off = endpoint.onConfigurationChange('key-1', (changes, key) => {
      seen.push(`${key}:${changes.map((c) => c.name).join(',')}`);
    });
    const notify = (key: string) =>
      new Promise<void>((resolve) =>
        endpoint.handleOperation({
          messageId: 0n,
          request: create(OperationRequestSchema, {
            connectorFacadeKey: new TextEncoder().encode(key),
            configurationChangeEvent: {
              configurationPropertyChange: encodeBlob([
                new ConfigurationProperty({ name: 'host', type: 'String', value: 'x' }),
              ]),
            },
          }),
          signal: new AbortController().signal,
          send: () => Promise.reject(new Error('must not answer')),
          fail: () => Promise.reject(new Error('must not answer')),
          done: resolve,
        }),
      );
    await notify('key-1');
    await notify('key-2');
    off();
    await notify('key-1');
    expect(seen).toEqual(['key-1:host']);
    // Operations are refused: this side hosts no connectors.
    const { channel } = await setup();
    const facade = new RemoteConnectorFacade(
      new FakeChannel(endpoint),
      memoryConnectorInfo(),
      memoryConnectorInfo().createDefaultAPIConfiguration(),
    );
    await expect(facade.test()).rejects.toThrow(/^Connector not found: ConnectorKey\(/);
    await channel.close();
  });
});

describe('RemoteConnectorInfoManager', () => {
  it('resolves ranges to the true highest version (not IDM string order)', async () => {
    const { manager } = await setup({}, ['1.5.9.0', '1.5.10.0', '2.0.0.0', '1.5.0.0-SNAPSHOT']);
    const pick = (spec: string) =>
      manager.findConnectorInfo(MEMORY_BUNDLE, spec, MEMORY_CONNECTOR)?.connectorKey.bundleVersion;
    expect(pick('[1.5.0.0,2.0.0.0)')).toBe('1.5.10.0');
    expect(pick('^1.5.0')).toBe('1.5.10.0');
    expect(pick('[1.0,3.0]')).toBe('2.0.0.0');
    expect(pick('1.5.9.0')).toBe('1.5.9.0');
    expect(pick('1.5.0.0-SNAPSHOT')).toBe('1.5.0.0-SNAPSHOT');
    expect(pick('2.0')).toBe('2.0.0.0');
    expect(pick('[3.0,4.0)')).toBeUndefined();
    expect(() => pick('[2.0,1.0]')).toThrow(IllegalArgumentException);
    expect(manager.findConnectorInfo('other', '[1.0,3.0]', MEMORY_CONNECTOR)).toBeUndefined();
    const exact = memoryConnectorInfo('2.0.0.0').connectorKey;
    expect(manager.findConnectorInfo(exact)?.connectorKey.equals(exact)).toBe(true);
  });

  it('applies property values, pool, timeouts, buffer size and handler switches', async () => {
    const { manager } = await setup();
    const facade = manager.createFacade(manager.connectorInfos[0]!, {
      configurationProperties: { host: 'ldap.example', port: '1389', tags: 'single' },
      poolConfiguration: { maxObjects: 4, maxIdle: 2 },
      timeouts: { CreateApiOp: 1000, SearchApiOp: 0 },
      producerBufferSize: 25,
      resultsHandlerConfiguration: { enableFilteredResultsHandler: false },
    });
    const configuration = apiConfigurationFromFacadeKey(facade.connectorFacadeKey);
    expect(configuration.configurationProperties.getValue('port')).toEqual(int(1389));
    expect(configuration.connectorPoolConfiguration.maxObjects).toBe(4);
    expect(configuration.connectorPoolConfiguration.minIdle).toBe(1);
    expect(configuration.getTimeout('CreateApiOp')).toBe(1000);
    expect(configuration.getTimeout('SearchApiOp')).toBe(0);
    expect(configuration.producerBufferSize).toBe(25);
    expect(configuration.resultsHandlerConfiguration.enableFilteredResultsHandler).toBe(false);
    expect(() =>
      manager.createFacade(manager.connectorInfos[0]!, { configurationProperties: { nope: 1 } }),
    ).toThrow(IllegalArgumentException);
    expect(() =>
      manager.createFacade(manager.connectorInfos[0]!, { poolConfiguration: { minIdle: 50 } }),
    ).toThrow(IllegalArgumentException);
    // The info's default configuration is untouched.
    expect(manager.connectorInfos[0]!.defaultApiConfiguration.configurationProperties.getValue('host')).toBe(
      'localhost',
    );
  });

  it('follows connector lists pushed by the channel', async () => {
    const listeners: ((blob: Uint8Array) => void)[] = [];
    const channel = Object.assign(new FakeChannel(new ClientEndpoint()), {
      peerConnectorInfos: encodeConnectorInfos([memoryConnectorInfo('1.0.0.0')]),
      onConnectorInfos: (l: (blob: Uint8Array) => void) => {
        listeners.push(l);
        return () => listeners.splice(listeners.indexOf(l), 1);
      },
    });
    const manager = new RemoteConnectorInfoManager(channel);
    expect(manager.connectorInfos).toHaveLength(1);
    for (const l of listeners)
      l(encodeConnectorInfos([memoryConnectorInfo('1.0.0.0'), memoryConnectorInfo('2.0.0.0')]));
    expect(manager.connectorInfos).toHaveLength(2);
    manager.dispose();
    expect(listeners).toHaveLength(0);
    expect(await manager.refresh()).toEqual([]);
  });
});
