import {
  ConnectorException,
  type ConnectorObject,
  Name,
  ObjectClass,
  OperationOptionsBuilder,
  OperationTimeoutException,
  type SearchResultsHandler,
  type SyncDelta,
  SyncDeltaBuilder,
  type SyncResultsHandler,
  SyncToken,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import { streamItemTimeout } from '../src/runtime/timeouts.js';
import {
  collector,
  customConnector,
  facadeFor,
  memoryConnector,
  newState,
  put,
  sleep,
  toObject,
} from './runtime-helpers.js';

const ACCOUNT = ObjectClass.ACCOUNT;

/** A connector that emits `count` objects, sleeping `pauseMs` before each one after the first. */
function slowSearchConnector(count: number, pauseMs: number, seen: { falses: number; emitted: number }) {
  return customConnector('test.SlowSearch', () => ({
    init() {},
    dispose() {},
    getConfiguration() {
      return undefined;
    },
    createFilterTranslator: () => ({ translate: () => [] }),
    async executeQuery(oc: ObjectClass, _q: unknown, handler: SearchResultsHandler) {
      for (let i = 0; i < count; i++) {
        if (i > 0) await sleep(pauseMs);
        seen.emitted++;
        if (!(await handler.handle(toObject(oc, `u${i}`, new Map())))) {
          seen.falses++;
          return;
        }
      }
    },
  }));
}

describe('operation timeouts', () => {
  it('fails a slow create with OperationTimeoutException; the connector finishes and is disposed later', async () => {
    const state = newState();
    state.createDelayMs = 150;
    const facade = facadeFor(memoryConnector(state), (c) => c.setTimeout('CreateApiOp', 40));
    const started = Date.now();
    const error = await facade.create(ACCOUNT, [new Name('slow')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationTimeoutException);
    expect(Date.now() - started).toBeLessThan(140);
    expect(facade.activeOperations).toBe(1);
    expect(state.disposes).toBe(0);
    await sleep(200);
    expect(state.store.has('slow')).toBe(true);
    expect(state.disposes).toBe(1);
    expect(facade.activeOperations).toBe(0);
    await facade.dispose();
  });

  it('lets a create finish when its timeout is -1 or long enough', async () => {
    const state = newState();
    state.createDelayMs = 20;
    const facade = facadeFor(memoryConnector(state), (c) => c.setTimeout('CreateApiOp', 1000));
    expect(await facade.create(ACCOUNT, [new Name('ok')])).toEqual(new Uid('ok'));
    await facade.dispose();
  });

  it('reads streaming timeouts per item: -1 unlimited, 0 = 60 s', () => {
    expect(streamItemTimeout(-1)).toBeUndefined();
    expect(streamItemTimeout(-5)).toBeUndefined();
    expect(streamItemTimeout(0)).toBe(60_000);
    expect(streamItemTimeout(25)).toBe(25);
  });

  it('times a search out per item, and the connector then gets false', async () => {
    const seen = { falses: 0, emitted: 0 };
    const facade = facadeFor(slowSearchConnector(3, 150, seen), (c) => c.setTimeout('SearchApiOp', 50));
    const c = collector<ConnectorObject>();
    const error = await facade.search(ACCOUNT, null, c.handler).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationTimeoutException);
    expect(c.items).toHaveLength(1);
    await sleep(200);
    expect(seen.falses).toBe(1);
    expect(seen.emitted).toBe(2);
    await facade.dispose();
  });

  it('does not time out a stream whose items each arrive in time', async () => {
    const seen = { falses: 0, emitted: 0 };
    const facade = facadeFor(slowSearchConnector(4, 10, seen), (c) => c.setTimeout('SearchApiOp', 200));
    const c = collector<ConnectorObject>();
    await facade.search(ACCOUNT, null, c.handler);
    expect(c.items).toHaveLength(4);
    await facade.dispose();
  });
});

describe('cancellation and handler failures', () => {
  it('rejects with the signal’s reason and stops the connector', async () => {
    const seen = { falses: 0, emitted: 0 };
    const facade = facadeFor(slowSearchConnector(100, 5, seen));
    const controller = new AbortController();
    const reason = new Error('cancelled by peer');
    const received: string[] = [];
    const search = facade.search(
      ACCOUNT,
      null,
      (o) => {
        received.push(o.uid.uidValue);
        if (received.length === 3) controller.abort(reason);
        return true;
      },
      null,
      controller.signal,
    );
    await expect(search).rejects.toBe(reason);
    await sleep(30);
    expect(seen.falses).toBe(1);
    expect(seen.emitted).toBeLessThan(10);
    await expect(facade.search(ACCOUNT, null, () => true, null, controller.signal)).rejects.toBe(reason);
    await facade.dispose();
  });

  it('rejects a non-streaming call when its signal aborts', async () => {
    const state = newState();
    state.createDelayMs = 100;
    const facade = facadeFor(memoryConnector(state));
    const controller = new AbortController();
    const create = facade.create(ACCOUNT, [new Name('x')], null, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(create).rejects.toThrow('stop');
    await sleep(120);
    await facade.dispose();
  });

  it('rejects a search whose handler throws, and the connector stops', async () => {
    const seen = { falses: 0, emitted: 0 };
    const facade = facadeFor(slowSearchConnector(50, 2, seen));
    await expect(
      facade.search(ACCOUNT, null, () => {
        throw new Error('consumer broke');
      }),
    ).rejects.toThrow('consumer broke');
    await sleep(20);
    expect(seen.falses).toBe(1);
    await facade.dispose();
  });
});

describe('sync', () => {
  it('streams deltas reduced to ATTRS_TO_GET and returns the first token reported', async () => {
    const state = newState();
    put(state, 'alice', { mail: ['a@x'], cn: ['Alice'] });
    put(state, 'bob', { mail: ['b@x'], cn: ['Bob'] });
    const facade = facadeFor(memoryConnector(state));
    const c = collector<SyncDelta>();
    const options = new OperationOptionsBuilder().setAttributesToGet('mail').build();
    const token = await facade.sync(ACCOUNT, new SyncToken('0'), c.handler, options);
    expect(token?.value).toBe('2');
    expect(c.items.map((d) => d.uid.uidValue)).toEqual(['alice', 'bob']);
    expect(c.items[0]?.object?.attributes.map((a) => a.name).sort()).toEqual(['__NAME__', '__UID__', 'mail']);

    const first = await facade.sync(ACCOUNT, new SyncToken('1'), () => false);
    expect(first?.value).toBe('2');
    await facade.dispose();
  });

  it('refuses a DELETE delta without object class under __ALL__', async () => {
    const deleting = customConnector('test.Deleting', () => ({
      init() {},
      dispose() {},
      getConfiguration() {
        return undefined;
      },
      getLatestSyncToken: () => new SyncToken('1'),
      async sync(_oc: ObjectClass, _t: SyncToken | null, handler: SyncResultsHandler) {
        await handler.handle(
          new SyncDeltaBuilder()
            .setToken(new SyncToken('1'))
            .setDeltaType('DELETE')
            .setUid(new Uid('gone'))
            .build(),
        );
      },
    }));
    const facade = facadeFor(deleting);
    await expect(facade.sync(ObjectClass.ALL, new SyncToken('0'), () => true)).rejects.toThrow(
      ConnectorException,
    );
    const c = collector<SyncDelta>();
    await facade.sync(ACCOUNT, new SyncToken('0'), c.handler);
    expect(c.items).toHaveLength(1);
    await facade.dispose();
  });
});
