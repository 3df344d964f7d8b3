/**
 * End to end over a real WebSocket: transport's `OperationDispatcher` serving a `LocalConnectorRegistry`, and a
 * transport client (`RemoteConnectorInfoManager` / `RemoteConnectorFacade`) calling it — so facade keys, the
 * serializer and the dispatcher meet the runtime exactly as IDM's requests will.
 */
import {
  type ConnectorObject,
  FilterBuilder as F,
  Name,
  ObjectClass,
  ScriptContext,
  Uid,
} from '@rcskit/core';
import {
  type ClientChannel,
  ClientEndpoint,
  connectOpenIcf,
  type OpenIcfServer,
  OperationDispatcher,
  RemoteConnectorInfoManager,
  startOpenIcfServer,
} from '@rcskit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnectorRegistry } from '../src/runtime/connector-registry.js';
import { BUNDLE, type ConnectorState, memoryConnector, newState, put } from './runtime-helpers.js';

const KEY = 'changeit';
const ACCOUNT = ObjectClass.ACCOUNT;

describe('LocalConnectorRegistry behind the OpenICF dispatcher', () => {
  let state: ConnectorState;
  let registry: LocalConnectorRegistry;
  let server: OpenIcfServer;
  let channel: ClientChannel;
  let manager: RemoteConnectorInfoManager;

  beforeAll(async () => {
    state = newState();
    put(state, 'alice', { mail: ['a@x'], dept: ['eng'] });
    put(state, 'bob', { mail: ['b@x'], dept: ['ops'] });
    registry = new LocalConnectorRegistry();
    registry.register(memoryConnector(state), BUNDLE);
    server = await startOpenIcfServer({
      localEndpoint: new OperationDispatcher(registry),
      host: '127.0.0.1',
      port: 0,
      key: KEY,
    });
    channel = await connectOpenIcf({
      url: server.url,
      localEndpoint: new ClientEndpoint(),
      key: KEY,
      sockets: 1,
    });
    manager = await RemoteConnectorInfoManager.load(channel);
  });

  afterAll(async () => {
    manager?.dispose();
    await channel?.close();
    await server?.close();
    await registry?.close();
  });

  it('advertises the registered connector and serves operations through a cached facade', async () => {
    const info = manager.findConnectorInfo(BUNDLE.bundleName, BUNDLE.bundleVersion, 'test.MemoryConnector');
    expect(info).toBeDefined();
    const facade = manager.createFacade(info!, {
      configurationProperties: { prefix: 'remote', secret: 's3cret' },
    });
    await facade.validate();
    expect(await facade.create(ACCOUNT, [new Name('carol')])).toEqual(new Uid('carol'));
    const found: ConnectorObject[] = [];
    await facade.search(ACCOUNT, F.equalTo('dept', 'eng'), (o) => {
      found.push(o);
      return true;
    });
    expect(found.map((o) => o.uid.uidValue)).toEqual(['alice']);
    expect((await facade.getObject(ACCOUNT, new Uid('bob')))?.getAttributeByName('mail')?.value).toEqual([
      'b@x',
    ]);
    expect(await facade.getObject(ACCOUNT, new Uid('nobody'))).toBeNull();
    expect(
      await facade.runScriptOnConnector(new ScriptContext('javascript', "'x-' + who", { who: 'y' })),
    ).toBe('x-y');
    await expect(facade.delete(ACCOUNT, new Uid('nobody'))).rejects.toThrow('no nobody');
    expect(registry.cachedFacadeCount).toBe(1);
  });
});
