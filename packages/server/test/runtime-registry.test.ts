import {
  ConnectorException,
  ConnectorKey,
  GuardedString,
  IllegalArgumentException,
  Name,
  ObjectClass,
  Uid,
} from '@rcskit/core';
import { facadeKeyOf, type LocalConnectorProvider } from '@rcskit/transport';
import { describe, expect, it } from 'vitest';
import { connectorInfoOf } from '../src/runtime/connector-info.js';
import { LocalConnectorRegistry } from '../src/runtime/connector-registry.js';
import { FacadeCache } from '../src/runtime/facade-cache.js';
import type { RuntimeLogger } from '../src/runtime/logger.js';
import {
  BUNDLE,
  type MemoryConfiguration,
  memoryConnector,
  newState,
  poolableConnector,
  sleep,
  statefulConnector,
} from './runtime-helpers.js';

const CONTEXT = { locale: '' };

function registryWith(options: ConstructorParameters<typeof LocalConnectorRegistry>[0] = {}) {
  const state = newState();
  const registry = new LocalConnectorRegistry(options);
  const info = registry.register(statefulConnector(state), BUNDLE);
  const configuration = info.createDefaultAPIConfiguration();
  configuration.configurationProperties.setValue('prefix', 'from-key');
  return { state, registry, info, key: info.connectorKey, facadeKey: facadeKeyOf(configuration) };
}

describe('ConnectorInfo of a connector class', () => {
  it('carries the key, messages, default properties, supported operations and the pooling flag', () => {
    const info = connectorInfoOf(memoryConnector(newState()), BUNDLE);
    expect(info.connectorKey).toEqual(new ConnectorKey('test.bundle', '1.0.0', 'test.MemoryConnector'));
    expect(info.connectorDisplayNameKey).toBe('memory.display');
    expect(info.connectorDisplayName).toBe('Memory');
    const defaults = info.defaultApiConfiguration;
    expect(defaults.configurationProperties.names).toEqual(['prefix', 'secret']);
    expect(defaults.configurationProperties.get('prefix')?.value).toBe('mem');
    expect(defaults.configurationProperties.get('secret')?.confidential).toBe(true);
    expect(defaults.connectorPoolingSupported).toBe(false);
    expect([...defaults.supportedOperations]).toEqual([
      'SearchApiOp',
      'ValidateApiOp',
      'CreateApiOp',
      'SchemaApiOp',
      'UpdateApiOp',
      'DeleteApiOp',
      'GetApiOp',
      'TestApiOp',
      'ScriptOnConnectorApiOp',
      'SyncApiOp',
    ]);
    expect(
      connectorInfoOf(poolableConnector(newState()), BUNDLE).defaultApiConfiguration
        .connectorPoolingSupported,
    ).toBe(true);
  });
});

describe('LocalConnectorRegistry', () => {
  it('is a LocalConnectorProvider listing its connectors and refusing duplicate keys', async () => {
    const { registry, info } = registryWith();
    const provider: LocalConnectorProvider = registry;
    expect(await provider.connectorInfos()).toEqual([info]);
    expect(registry.findConnectorInfo(info.connectorKey)).toBe(info);
    expect(() => registry.register(statefulConnector(newState()), BUNDLE)).toThrow(IllegalArgumentException);
    await registry.close();
  });

  it('fails with "Connector not found: <key> " for a key it does not host (exact match)', async () => {
    const { registry, facadeKey } = registryWith();
    const other = new ConnectorKey('test.bundle', '1.0.1', 'test.StatefulConnector');
    const error = await registry.facade(other, facadeKey, CONTEXT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorException);
    expect((error as Error).message).toBe(`Connector not found: ${other.toString()} `);
    await registry.close();
  });

  it('caches facades by the exact facade key string, configured from the decoded APIConfiguration', async () => {
    const { state, registry, key, facadeKey, info } = registryWith();
    const facade = await registry.facade(key, facadeKey, CONTEXT);
    expect(await registry.facade(key, facadeKey, CONTEXT)).toBe(facade);
    await facade.create(ObjectClass.ACCOUNT, [new Name('x')]);
    expect((state.configurations[0] as MemoryConfiguration).prefix).toBe('from-key');

    const changed = info.createDefaultAPIConfiguration();
    changed.configurationProperties.setValue('prefix', 'other');
    const otherFacade = await registry.facade(key, facadeKeyOf(changed), CONTEXT);
    expect(otherFacade).not.toBe(facade);
    expect(registry.cachedFacadeCount).toBe(2);

    // The same configuration for another connector is another facade.
    const memory = registry.register(memoryConnector(newState()), BUNDLE);
    expect(await registry.facade(memory.connectorKey, facadeKey, CONTEXT)).not.toBe(facade);

    await expect(registry.facade(key, 'not base64!', CONTEXT)).rejects.toThrow(ConnectorException);
    await registry.close();
    expect(registry.cachedFacadeCount).toBe(0);
    expect(state.releases).toBe(1);
  });

  it('disposes facades left idle, releasing their stateful configuration, but not busy ones', async () => {
    const { state, registry, key, facadeKey } = registryWith({
      facadeIdleTimeoutMs: 40,
      facadeCheckIntervalMs: 10,
    });
    const facade = await registry.facade(key, facadeKey, CONTEXT);
    await facade.validate();
    await sleep(120);
    expect(registry.cachedFacadeCount).toBe(0);
    expect(state.releases).toBe(1);
    expect(facade.disposed).toBe(true);

    const busy = await registry.facade(key, facadeKey, CONTEXT);
    expect(busy).not.toBe(facade);
    state.createDelayMs = 150;
    const create = busy.create(ObjectClass.ACCOUNT, [new Name('slow')]);
    await sleep(100);
    expect(registry.cachedFacadeCount).toBe(1);
    await create;
    await sleep(120);
    expect(registry.cachedFacadeCount).toBe(0);
    await registry.close();
  });

  it('never logs confidential or guarded configuration values', async () => {
    const lines: string[] = [];
    const record = (obj: object | string, msg?: string) => lines.push(JSON.stringify([obj, msg]));
    const logger: RuntimeLogger = { debug: record, info: record, warn: record, error: record };
    const registry = new LocalConnectorRegistry({ logger });
    const info = registry.register(memoryConnector(newState()), BUNDLE);
    const configuration = info.createDefaultAPIConfiguration();
    configuration.configurationProperties.setValue('prefix', 'visible-prefix');
    configuration.configurationProperties.setValue('secret', new GuardedString('hunter2-secret'));
    const facade = await registry.facade(info.connectorKey, facadeKeyOf(configuration), CONTEXT);
    await facade.delete(ObjectClass.ACCOUNT, new Uid('nobody')).catch(() => {});
    await registry.close();
    const text = lines.join('\n');
    expect(text).toContain('visible-prefix');
    expect(text).toContain('test.MemoryConnector');
    expect(text).not.toContain('hunter2');
  });
});

describe('FacadeCache', () => {
  function fake() {
    return {
      disposed: 0,
      activeOperations: 0,
      dispose() {
        this.disposed++;
        return Promise.resolve();
      },
    };
  }

  it('keys by the exact string and evicts by idle time', async () => {
    let now = 1000;
    const cache = new FacadeCache<ReturnType<typeof fake>>({ idleTimeoutMs: 100, now: () => now });
    const a = cache.getOrCreate('abc', fake);
    expect(cache.getOrCreate('abc', fake)).toBe(a);
    const b = cache.getOrCreate('abc ', fake);
    expect(b).not.toBe(a);
    now += 50;
    cache.get('abc');
    now += 60;
    expect(await cache.evictIdle()).toBe(1);
    expect(cache.keys()).toEqual(['abc']);
    expect([a.disposed, b.disposed]).toEqual([0, 1]);
    a.activeOperations = 1;
    now += 1000;
    expect(await cache.evictIdle()).toBe(0);
    a.activeOperations = 0;
    expect(await cache.evictIdle()).toBe(1);
    expect(a.disposed).toBe(1);
    await cache.close();
    expect(() => cache.getOrCreate('x', fake)).toThrow();
  });

  it('keeps at most maxFacades, evicting the least recently used idle one', async () => {
    let now = 0;
    const cache = new FacadeCache<ReturnType<typeof fake>>({ maxFacades: 2, now: () => ++now });
    const a = cache.getOrCreate('a', fake);
    const b = cache.getOrCreate('b', fake);
    cache.get('a');
    b.activeOperations = 0;
    const c = cache.getOrCreate('c', fake);
    expect(cache.keys().sort()).toEqual(['a', 'c']);
    expect([a.disposed, b.disposed, c.disposed]).toEqual([0, 1, 0]);
    a.activeOperations = 1;
    c.activeOperations = 1;
    cache.getOrCreate('d', fake);
    expect(cache.size).toBe(3);
    await cache.close();
  });
});
