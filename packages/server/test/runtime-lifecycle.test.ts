import {
  ConfigurationException,
  ConnectorException,
  ConnectorIOException,
  IllegalArgumentException,
  IllegalStateException,
  ObjectClass,
  ScriptContext,
  Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  customConnector,
  facadeFor,
  type MemoryConfiguration,
  memoryConnector,
  newState,
  poolableConnector,
  put,
  sleep,
  statefulConnector,
} from './runtime-helpers.js';

const ACCOUNT = ObjectClass.ACCOUNT;

/** A promise with its resolve function. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('non-poolable lifecycle', () => {
  it('creates, initializes and disposes a new instance per call, with a fresh stateless configuration', async () => {
    const state = newState();
    put(state, 'alice', {});
    const facade = facadeFor(memoryConnector(state));
    expect(facade.pooling).toBe(false);
    await facade.getObject(ACCOUNT, new Uid('alice'));
    await facade.search(ACCOUNT, null, () => true);
    await facade.delete(ACCOUNT, new Uid('alice'));
    expect(state.inits).toBe(3);
    expect(state.disposes).toBe(3);
    expect(new Set(state.configurations).size).toBe(3);
    expect((state.configurations[0] as MemoryConfiguration).prefix).toBe('p');
    await facade.dispose();
  });

  it('disposes the instance when the operation fails', async () => {
    const state = newState();
    const facade = facadeFor(memoryConnector(state));
    await expect(facade.delete(ACCOUNT, new Uid('nobody'))).rejects.toThrow();
    expect([state.inits, state.disposes]).toEqual([1, 1]);
    await facade.dispose();
  });

  it('shares one stateful configuration per facade and releases it on dispose', async () => {
    const state = newState();
    const facade = facadeFor(statefulConnector(state));
    await facade.search(ACCOUNT, null, () => true);
    await facade.search(ACCOUNT, null, () => true);
    await facade.validate();
    expect(state.inits).toBe(2);
    expect(new Set(state.configurations).size).toBe(1);
    expect(state.releases).toBe(0);
    await facade.dispose();
    await facade.dispose();
    expect(state.releases).toBe(1);
    await expect(facade.search(ACCOUNT, null, () => true)).rejects.toThrow(IllegalStateException);
  });
});

describe('pooling', () => {
  it('reuses a pooled instance, checking it on every borrow', async () => {
    const state = newState();
    put(state, 'alice', {});
    const facade = facadeFor(poolableConnector(state));
    expect(facade.pooling).toBe(true);
    for (let i = 0; i < 3; i++) await facade.getObject(ACCOUNT, new Uid('alice'));
    expect(state.inits).toBe(1);
    expect(state.checkAlives).toBe(3);
    expect(state.disposes).toBe(0);
    expect(facade.poolStatistics).toEqual({ active: 0, idle: 1, waiting: 0 });
    await facade.dispose();
    expect(state.disposes).toBe(1);
  });

  it('limits instances to maxObjects: a borrow waits maxWait, then fails with "TimeOut"', async () => {
    const state = newState();
    put(state, 'alice', {});
    const facade = facadeFor(poolableConnector(state), (c) => {
      c.setProducerBufferSize(0);
      Object.assign(c.connectorPoolConfiguration, { maxObjects: 1, maxIdle: 1, minIdle: 0, maxWait: 60 });
    });
    const held = gate();
    const holding = facade.search(ACCOUNT, null, async () => {
      await held.promise;
      return true;
    });
    await sleep(10);
    const started = Date.now();
    const error = await facade.getObject(ACCOUNT, new Uid('alice')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorException);
    expect((error as Error).message).toBe('TimeOut');
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);

    // A waiting borrow gets the instance as soon as it comes back.
    const waiting = facade.getObject(ACCOUNT, new Uid('alice'));
    await sleep(5);
    held.open();
    await holding;
    expect((await waiting)?.uid.uidValue).toBe('alice');
    expect(state.inits).toBe(1);
    await facade.dispose();
  });

  it('does not wait at all with maxWait 0', async () => {
    const state = newState();
    put(state, 'alice', {});
    const facade = facadeFor(poolableConnector(state), (c) => {
      c.setProducerBufferSize(0);
      Object.assign(c.connectorPoolConfiguration, { maxObjects: 1, maxIdle: 1, minIdle: 0, maxWait: 0 });
    });
    const held = gate();
    const holding = facade.search(ACCOUNT, null, async () => {
      await held.promise;
      return true;
    });
    await sleep(5);
    await expect(facade.getObject(ACCOUNT, new Uid('alice'))).rejects.toThrow('TimeOut');
    held.open();
    await holding;
    await facade.dispose();
  });

  it('discards an idle instance that fails checkAlive and makes a new one; a new one failing fails the call', async () => {
    const state = newState();
    put(state, 'alice', {});
    const facade = facadeFor(poolableConnector(state));
    await facade.getObject(ACCOUNT, new Uid('alice'));
    state.deadBefore = state.created; // the idle instance is now dead
    expect((await facade.getObject(ACCOUNT, new Uid('alice')))?.uid.uidValue).toBe('alice');
    expect([state.inits, state.disposes]).toEqual([2, 1]);

    state.dead = true;
    await expect(facade.getObject(ACCOUNT, new Uid('alice'))).rejects.toThrow(ConnectorIOException);
    // The idle instance and the brand-new one were both disposed.
    expect([state.inits, state.disposes]).toEqual([3, 3]);
    expect(facade.poolStatistics).toEqual({ active: 0, idle: 0, waiting: 0 });
    await facade.dispose();
  });

  it('disposes idle instances older than minEvictableIdleTimeMillis when an instance is returned', async () => {
    const state = newState();
    put(state, 'alice', {});
    const facade = facadeFor(poolableConnector(state), (c) => {
      c.setProducerBufferSize(0);
      Object.assign(c.connectorPoolConfiguration, { minEvictableIdleTimeMillis: 30, minIdle: 0 });
    });
    const first = gate();
    const second = gate();
    const a = facade.search(ACCOUNT, null, async () => {
      await first.promise;
      return true;
    });
    const b = facade.search(ACCOUNT, null, async () => {
      await second.promise;
      return true;
    });
    await sleep(5);
    expect(facade.poolStatistics?.active).toBe(2);
    first.open();
    await a;
    await sleep(60);
    second.open();
    await b;
    expect(state.disposes).toBe(1);
    expect(facade.poolStatistics).toEqual({ active: 0, idle: 1, waiting: 0 });
    await facade.dispose();
    expect(state.disposes).toBe(2);
  });

  it('validates the pool configuration', () => {
    expect(() =>
      facadeFor(poolableConnector(newState()), (c) => {
        Object.assign(c.connectorPoolConfiguration, { maxObjects: 2, maxIdle: 5 });
      }),
    ).toThrow(IllegalArgumentException);
    expect(() =>
      facadeFor(poolableConnector(newState()), (c) => {
        c.connectorPoolConfiguration.maxWait = -1;
      }),
    ).toThrow(IllegalArgumentException);
  });

  it('shares a stateful configuration among pooled instances and releases it after disposing them', async () => {
    const state = newState();
    put(state, 'alice', {});
    const facade = facadeFor(poolableConnector(state, true), (c) => c.setProducerBufferSize(0));
    const held = gate();
    const a = facade.search(ACCOUNT, null, async () => {
      await held.promise;
      return true;
    });
    await facade.getObject(ACCOUNT, new Uid('alice'));
    held.open();
    await a;
    expect(state.inits).toBe(2);
    expect(new Set(state.configurations).size).toBe(1);
    await facade.dispose();
    expect([state.disposes, state.releases]).toEqual([2, 1]);
  });
});

describe('validate and test', () => {
  it('validate() runs the configuration’s validate without a connector instance', async () => {
    const state = newState();
    const facade = facadeFor(memoryConnector(state));
    await facade.validate();
    expect(state.inits).toBe(0);
    const invalid = facadeFor(memoryConnector(state), (c) =>
      c.configurationProperties.setValue('prefix', 'invalid'),
    );
    await expect(invalid.validate()).rejects.toThrow(ConnectorIOException);
    const missing = facadeFor(memoryConnector(state), (c) =>
      c.configurationProperties.setValue('prefix', ''),
    );
    await expect(missing.validate()).rejects.toThrow(ConfigurationException);
    await Promise.all([facade.dispose(), invalid.dispose(), missing.dispose()]);
  });

  it('test() calls the connector’s test on an initialized instance', async () => {
    const state = newState();
    const facade = facadeFor(memoryConnector(state));
    await facade.test();
    expect([state.inits, state.disposes]).toEqual([1, 1]);
    const invalid = facadeFor(memoryConnector(state), (c) =>
      c.configurationProperties.setValue('prefix', 'invalid'),
    );
    await expect(invalid.test()).rejects.toThrow('prefix must not be invalid');
    await expect(facadeFor(poolableConnector(state)).test()).rejects.toThrow(
      "Operation 'TestApiOp' not supported.",
    );
    await Promise.all([facade.dispose(), invalid.dispose()]);
  });

  it('passes schema, sync tokens through', async () => {
    const state = newState();
    put(state, 'a', {});
    const facade = facadeFor(memoryConnector(state));
    expect(await facade.schema()).not.toBeNull();
    expect((await facade.getLatestSyncToken(ACCOUNT))?.value).toBe('1');
    await facade.dispose();
  });
});

describe('runScriptOnConnector', () => {
  it('runs JavaScript itself when the connector lacks ScriptOnConnectorOp, binding arguments and connector', async () => {
    const state = newState();
    const facade = facadeFor(memoryConnector(state));
    const script = (text: string, args: Record<string, unknown> = {}) =>
      facade.runScriptOnConnector(new ScriptContext('JavaScript', text, args));
    expect(await script('x + y', { x: 'a', y: 'b' })).toBe('ab');
    expect(await script('connector.getConfiguration().prefix')).toBe('p');
    const object = await script('const o = { list: [1, 2], name: who }; o', { who: 'me' });
    expect(object).toEqual({ list: [1, 2], name: 'me' });
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Array.isArray((object as { list: unknown }).list)).toBe(true);
    expect(await script('Promise.resolve("later")')).toBe('later');
    await expect(script('throw new Error("boom")')).rejects.toThrow('boom');
    expect(state.inits).toBe(5);
    await facade.dispose();
  });

  it('refuses other languages with UnsupportedOperationException, before making a connector', async () => {
    const state = newState();
    const facade = facadeFor(memoryConnector(state));
    const error = await facade
      .runScriptOnConnector(new ScriptContext('Groovy', 'return 1'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationException);
    expect((error as Error).message).toContain("'Groovy'");
    expect(state.inits).toBe(0);
    await facade.dispose();
  });

  it('delegates to the connector’s own runScriptOnConnector', async () => {
    const scripted = customConnector('test.Scripted', () => ({
      init() {},
      dispose() {},
      getConfiguration() {
        return undefined;
      },
      runScriptOnConnector: (request: ScriptContext) => `ran ${request.scriptLanguage}`,
    }));
    const facade = facadeFor(scripted);
    expect(await facade.runScriptOnConnector(new ScriptContext('Groovy', 'x'))).toBe('ran Groovy');
    await facade.dispose();
  });
});
