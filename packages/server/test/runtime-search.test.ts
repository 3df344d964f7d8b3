import {
  type Attribute,
  AttributeBuilder,
  type ConnectorObject,
  FilterBuilder as F,
  NullPointerException,
  ObjectClass,
  OperationOptionsBuilder,
  SearchResult,
  Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  collector,
  customConnector,
  facadeFor,
  memoryConnector,
  newState,
  orQueryConnector,
  poolableConnector,
  put,
} from './runtime-helpers.js';

const ACCOUNT = ObjectClass.ACCOUNT;

function seeded() {
  const state = newState();
  put(state, 'alice', { mail: ['a@x'], dept: ['eng'], cn: ['Alice'] });
  put(state, 'bob', { mail: ['b@x'], dept: ['ops'], cn: ['Bob'] });
  put(state, 'carol', { dept: ['eng'], cn: ['Carol'] });
  return state;
}

function uids(objects: readonly ConnectorObject[]): string[] {
  return objects.map((o) => o.uid.uidValue);
}

function names(object: ConnectorObject | undefined | null): string[] {
  return (object?.attributes ?? []).map((a) => a.name).sort();
}

describe('search: framework filter over a connector that returns everything', () => {
  it('applies the filter the translator could not express', async () => {
    const state = seeded();
    const facade = facadeFor(memoryConnector(state));
    const c = collector<ConnectorObject>();
    await facade.search(ACCOUNT, F.equalTo('dept', 'eng'), c.handler);
    expect(uids(c.items)).toEqual(['alice', 'carol']);
    expect(state.queries).toEqual([null]);
    await facade.dispose();
  });

  it('uses three-valued logic: NOT of an absent attribute is UNDEFINED, an And ignores UNDEFINED children', async () => {
    const facade = facadeFor(memoryConnector(seeded()));
    const notAlice = collector<ConnectorObject>();
    await facade.search(ACCOUNT, F.not(F.equalTo('mail', 'a@x')), notAlice.handler);
    expect(uids(notAlice.items)).toEqual(['bob']);

    const and = collector<ConnectorObject>();
    await facade.search(ACCOUNT, F.and(F.equalTo('dept', 'eng'), F.startsWith('mail', 'zzz')), and.handler);
    expect(uids(and.items)).toEqual(['carol']);
    await facade.dispose();
  });

  it('passes everything when the filter is null', async () => {
    const facade = facadeFor(memoryConnector(seeded()));
    const c = collector<ConnectorObject>();
    expect(await facade.search(ACCOUNT, null, c.handler)).toBeNull();
    expect(uids(c.items)).toEqual(['alice', 'bob', 'carol']);
    await facade.dispose();
  });

  it('stops when the handler returns false', async () => {
    const state = newState();
    for (let i = 0; i < 10; i++) put(state, `u${i}`, {});
    const facade = facadeFor(memoryConnector(state));
    const seen: string[] = [];
    await facade.search(ACCOUNT, null, (o) => {
      seen.push(o.uid.uidValue);
      return seen.length < 3;
    });
    expect(seen).toEqual(['u0', 'u1', 'u2']);
    await facade.dispose();
  });

  it('works without a producer buffer (producerBufferSize 0, no timeout)', async () => {
    const facade = facadeFor(memoryConnector(seeded()), (c) => c.setProducerBufferSize(0));
    const c = collector<ConnectorObject>();
    await facade.search(ACCOUNT, F.equalTo('dept', 'eng'), c.handler);
    expect(uids(c.items)).toEqual(['alice', 'carol']);
    await facade.dispose();
  });
});

describe('search: attributesToGet', () => {
  it('keeps __UID__, __NAME__ and the requested attributes (case-insensitive), skipping absent ones', async () => {
    const facade = facadeFor(memoryConnector(seeded()));
    const c = collector<ConnectorObject>();
    const options = new OperationOptionsBuilder().setAttributesToGet('DEPT', 'nosuch').build();
    await facade.search(ACCOUNT, null, c.handler, options);
    expect(c.items).toHaveLength(3);
    for (const object of c.items) expect(names(object)).toEqual(['__NAME__', '__UID__', 'dept']);
    await facade.dispose();
  });

  it('runs before the filter: a filter on an attribute not requested sees nothing (kept quirk)', async () => {
    const facade = facadeFor(memoryConnector(seeded()));
    const c = collector<ConnectorObject>();
    const options = new OperationOptionsBuilder().setAttributesToGet('dept').build();
    await facade.search(ACCOUNT, F.equalTo('mail', 'a@x'), c.handler, options);
    expect(c.items).toEqual([]);
    await facade.dispose();
  });
});

describe('search: ResultsHandlerConfiguration switches', () => {
  it('compares case-insensitively only with enableCaseInsensitiveFilter', async () => {
    const state = newState();
    put(state, 'alice', { mail: ['Alice@X'] });
    const filter = F.equalTo('mail', 'alice@x');
    const strict = facadeFor(memoryConnector(state));
    const a = collector<ConnectorObject>();
    await strict.search(ACCOUNT, filter, a.handler);
    expect(a.items).toEqual([]);

    const lenient = facadeFor(memoryConnector(state), (c) => {
      c.resultsHandlerConfiguration.enableCaseInsensitiveFilter = true;
    });
    const b = collector<ConnectorObject>();
    await lenient.search(ACCOUNT, filter, b.handler);
    expect(uids(b.items)).toEqual(['alice']);
    await Promise.all([strict.dispose(), lenient.dispose()]);
  });

  it('applies no handler when every switch is off', async () => {
    const facade = facadeFor(memoryConnector(seeded()), (c) => {
      c.resultsHandlerConfiguration.enableFilteredResultsHandler = false;
      c.resultsHandlerConfiguration.enableAttributesToGetSearchResultsHandler = false;
      c.resultsHandlerConfiguration.enableNormalizingResultsHandler = false;
    });
    const c = collector<ConnectorObject>();
    const options = new OperationOptionsBuilder().setAttributesToGet('dept').build();
    await facade.search(ACCOUNT, F.equalTo('dept', 'nothing'), c.handler, options);
    expect(uids(c.items)).toEqual(['alice', 'bob', 'carol']);
    expect(names(c.items[0])).toEqual(['__NAME__', '__UID__', 'cn', 'dept', 'mail']);
    await facade.dispose();
  });

  describe('normalizer', () => {
    const state = newState();
    put(state, 'alice', { mail: ['alice@x'], cn: ['  Alice  '] });
    const normalizing = customConnector('test.Normalizing', () => {
      const base = memoryConnector(state).create() as object;
      return Object.assign(Object.create(base) as object, {
        normalizeAttribute(_oc: ObjectClass, attribute: Attribute): Attribute {
          if (attribute.is('mail')) {
            return AttributeBuilder.fromList(
              'mail',
              (attribute.value ?? []).map((v) => String(v).toLowerCase()),
            );
          }
          if (attribute.is('cn')) {
            return AttributeBuilder.fromList(
              'cn',
              (attribute.value ?? []).map((v) => String(v).trim()),
            );
          }
          return attribute;
        },
      });
    });

    it('normalizes the filter and the returned objects', async () => {
      const facade = facadeFor(normalizing);
      const c = collector<ConnectorObject>();
      await facade.search(ACCOUNT, F.equalTo('mail', 'ALICE@X'), c.handler);
      expect(uids(c.items)).toEqual(['alice']);
      expect(c.items[0]?.getAttributeByName('cn')?.value).toEqual(['Alice']);
      await facade.dispose();
    });

    it('does neither when enableNormalizingResultsHandler is off', async () => {
      const facade = facadeFor(normalizing, (c) => {
        c.resultsHandlerConfiguration.enableNormalizingResultsHandler = false;
      });
      const filtered = collector<ConnectorObject>();
      await facade.search(ACCOUNT, F.equalTo('mail', 'ALICE@X'), filtered.handler);
      expect(filtered.items).toEqual([]);
      const all = collector<ConnectorObject>();
      await facade.search(ACCOUNT, null, all.handler);
      expect(all.items[0]?.getAttributeByName('cn')?.value).toEqual(['  Alice  ']);
      await facade.dispose();
    });
  });
});

describe('search: queries and SearchResult', () => {
  it('returns the last SearchResult, or null when none was reported', async () => {
    const state = newState();
    put(state, 'a', { mail: ['a@x'] });
    put(state, 'b', { mail: ['b@x'] });
    const facade = facadeFor(orQueryConnector(state));
    const first = new SearchResult('cookie-1', 5);
    const second = new SearchResult('cookie-2', 0);
    state.searchResults = [first, second];
    const result = await facade.search(
      ACCOUNT,
      F.or(F.equalTo('mail', 'a@x'), F.equalTo('mail', 'b@x')),
      () => true,
    );
    expect(state.queries).toEqual(['a@x', 'b@x']);
    expect(result).toBe(second);
    expect(await facade.search(ACCOUNT, null, () => true)).toBeNull();
    await facade.dispose();
  });

  it('de-duplicates objects found by several queries, and runs no further query once the consumer stops', async () => {
    const state = newState();
    put(state, 'alice', { mail: ['a@x', 'a2@x'] });
    put(state, 'bob', { mail: ['b@x'] });
    const facade = facadeFor(orQueryConnector(state), (c) => {
      c.resultsHandlerConfiguration.enableFilteredResultsHandler = false;
    });
    const filter = F.or(F.equalTo('mail', 'a@x'), F.equalTo('mail', 'a2@x'));
    const c = collector<ConnectorObject>();
    await facade.search(ACCOUNT, filter, c.handler);
    expect(state.queries).toEqual(['a@x', 'a2@x']);
    expect(uids(c.items)).toEqual(['alice']);

    // Without a producer buffer the connector sees the consumer's `false` at once (with one, it may run ahead).
    const direct = facadeFor(orQueryConnector(state), (c) => {
      c.resultsHandlerConfiguration.enableFilteredResultsHandler = false;
      c.setProducerBufferSize(0);
    });
    state.queries.length = 0;
    await direct.search(ACCOUNT, filter, () => false);
    expect(state.queries).toEqual(['a@x']);
    await Promise.all([facade.dispose(), direct.dispose()]);
  });
});

describe('getObject', () => {
  it('is a search by Uid: the object, or null when missing', async () => {
    const state = seeded();
    const facade = facadeFor(memoryConnector(state));
    const alice = await facade.getObject(ACCOUNT, new Uid('alice'));
    expect(alice?.uid.uidValue).toBe('alice');
    expect(alice?.getAttributeByName('mail')?.value).toEqual(['a@x']);
    expect(await facade.getObject(ACCOUNT, new Uid('nobody'))).toBeNull();
    const trimmed = await facade.getObject(
      ACCOUNT,
      new Uid('bob'),
      new OperationOptionsBuilder().setAttributesToGet('cn').build(),
    );
    expect(names(trimmed)).toEqual(['__NAME__', '__UID__', 'cn']);
    await facade.dispose();
  });
});

describe('argument and support checks', () => {
  it('refuses __ALL__, null arguments and unsupported operations', async () => {
    const facade = facadeFor(poolableConnector(newState()));
    await expect(facade.search(ObjectClass.ALL, null, () => true)).rejects.toThrow(
      UnsupportedOperationException,
    );
    await expect(facade.search(ACCOUNT, null, null as never)).rejects.toThrow(NullPointerException);
    await expect(facade.getObject(ACCOUNT, null as never)).rejects.toThrow(NullPointerException);
    await expect(facade.create(ACCOUNT, [])).rejects.toThrow("Operation 'CreateApiOp' not supported.");
    await expect(facade.sync(ACCOUNT, null as never, () => true)).rejects.toThrow(
      "Operation 'SyncApiOp' not supported.",
    );
    expect([...facade.supportedOperations].sort()).toEqual([
      'GetApiOp',
      'ScriptOnConnectorApiOp',
      'SearchApiOp',
      'UpdateApiOp',
      'ValidateApiOp',
    ]);
    await facade.dispose();
  });

  it('narrows the supported operations to the configuration’s list (Validate and ScriptOnConnector stay)', async () => {
    const facade = facadeFor(memoryConnector(newState()), (c) => {
      c.supportedOperations = new Set(['SearchApiOp']);
    });
    expect([...facade.supportedOperations].sort()).toEqual([
      'ScriptOnConnectorApiOp',
      'SearchApiOp',
      'ValidateApiOp',
    ]);
    await expect(facade.delete(ACCOUNT, new Uid('x'))).rejects.toThrow(
      "Operation 'DeleteApiOp' not supported.",
    );
    await facade.dispose();
  });
});
