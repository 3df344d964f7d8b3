import {
  AttributeBuilder,
  ConnectorException,
  collectSearchResults,
  collectSyncDeltas,
  FilterBuilder as F,
  type Filter,
  GuardedString,
  JavaLong,
  Name,
  ObjectClass,
  OperationOptionsBuilder,
  Schema,
  ScriptContext,
  SearchResult,
  SortKey,
  SyncToken,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  ScriptAttributes,
  type ScriptedConfiguration,
  ScriptedFilterTranslator,
  ScriptLog,
} from '../src/index.js';
import { configure, JS } from './helpers.js';

const ALL_SCRIPTS = {
  authenticateScriptFileName: 'Capture.ts',
  createScriptFileName: 'Capture.ts',
  updateScriptFileName: 'Capture.ts',
  deleteScriptFileName: 'Capture.ts',
  resolveUsernameScriptFileName: 'Capture.ts',
  schemaScriptFileName: 'Capture.ts',
  searchScriptFileName: 'Capture.ts',
  syncScriptFileName: 'Capture.ts',
  testScriptFileName: 'Capture.ts',
  scriptOnResourceScriptFileName: 'Capture.ts',
};

interface Captured {
  names: string[];
  bindings: Record<string, unknown>;
}

function setup(): { configuration: ScriptedConfiguration; captured: () => Captured } {
  const configuration = configure(ALL_SCRIPTS);
  configuration.propertyBag.result = 'captured-uid';
  return { configuration, captured: () => configuration.propertyBag.captured as Captured };
}

const COMMON = ['operation', 'configuration', 'log'];
const users = new ObjectClass('users');
const options = new OperationOptionsBuilder()
  .setAttributesToGet('__NAME__', 'displayName')
  .setPageSize(4)
  .setPagedResultsCookie('eHh4')
  .setPagedResultsOffset(2)
  .setSortKeys(new SortKey('displayName', true), new SortKey('__NAME__', false))
  .build();

describe('bindings per operation (spec D.3)', () => {
  it('AUTHENTICATE: objectClass, options, username, password', async () => {
    const { configuration, captured } = setup();
    const password = new GuardedString('pw');
    await configuration
      .getScriptEngine()
      .authenticate({ objectClass: users, username: 'bob', password, options });
    const { names, bindings } = captured();
    expect(names).toEqual([...COMMON, 'objectClass', 'options', 'username', 'password']);
    expect(bindings).toMatchObject({
      operation: 'AUTHENTICATE',
      objectClass: users,
      username: 'bob',
      password,
    });
    expect(bindings.configuration).toBe(configuration);
    expect(bindings.log).toBeInstanceOf(ScriptLog);
    expect(bindings.options).toBe(options);
  });

  it('CREATE: attributes without __NAME__ (an accessor), id = the __NAME__ value', async () => {
    const { configuration, captured } = setup();
    await configuration.getScriptEngine().create({
      objectClass: users,
      attributes: [
        new Name('bjensen'),
        AttributeBuilder.build('mail', 'b@x'),
        AttributeBuilder.build('age', 42),
      ],
      options,
    });
    const { names, bindings } = captured();
    expect(names).toEqual([...COMMON, 'objectClass', 'options', 'attributes', 'id']);
    const attributes = bindings.attributes as ScriptAttributes;
    expect(attributes).toBeInstanceOf(ScriptAttributes);
    expect(attributes.names()).toEqual(['mail', 'age']);
    expect(attributes.hasAttribute('__NAME__')).toBe(false);
    expect(attributes.findString('MAIL')).toBe('b@x');
    expect(attributes.findInteger('age')).toBe(42);
    expect(attributes.toObject()).toEqual({ mail: 'b@x', age: 42 });
    expect([...attributes].map((a) => a.name)).toEqual(['mail', 'age']);
    expect(bindings.id).toBe('bjensen');
  });

  it('UPDATE: uid, attributes, id (null without a rename); ADD_ATTRIBUTE_VALUES runs the same script', async () => {
    const { configuration, captured } = setup();
    const engine = configuration.getScriptEngine();
    const uid = new Uid('u1');
    await engine.update({ objectClass: users, uid, attributes: [AttributeBuilder.build('mail', 'x')] });
    expect(captured().names).toEqual([...COMMON, 'objectClass', 'options', 'uid', 'attributes', 'id']);
    expect(captured().bindings).toMatchObject({ operation: 'UPDATE', uid, id: null });
    await engine.update({
      objectClass: users,
      uid,
      attributes: [new Name('renamed')],
      operation: 'ADD_ATTRIBUTE_VALUES',
    });
    expect(captured().bindings).toMatchObject({ operation: 'ADD_ATTRIBUTE_VALUES', id: 'renamed' });
    expect((captured().bindings.attributes as ScriptAttributes).size).toBe(0);
  });

  it('DELETE: uid', async () => {
    const { configuration, captured } = setup();
    await configuration.getScriptEngine().delete({ objectClass: users, uid: new Uid('u1') });
    expect(captured().names).toEqual([...COMMON, 'objectClass', 'options', 'uid']);
    expect((captured().bindings.options as { size: number }).size).toBe(0);
  });

  it('RESOLVE_USERNAME: username', async () => {
    const { configuration, captured } = setup();
    await configuration.getScriptEngine().resolveUsername({ objectClass: users, username: 'bob' });
    expect(captured().names).toEqual([...COMMON, 'objectClass', 'options', 'username']);
  });

  it('SCHEMA: builder only (no objectClass, no options)', async () => {
    const { configuration, captured } = setup();
    await configuration.getScriptEngine().schema();
    expect(captured().names).toEqual([...COMMON, 'builder']);
  });

  it('SEARCH: filter, query, handler, and the paging/sorting options', async () => {
    const { configuration, captured } = setup();
    const filter = new ScriptedFilterTranslator().translateOne(F.equalTo('__UID__', 'x'));
    await configuration
      .getScriptEngine()
      .search({ objectClass: users, filter, handler: () => true, options });
    const { names, bindings } = captured();
    expect(names).toEqual([...COMMON, 'objectClass', 'options', 'filter', 'query', 'handler']);
    expect(bindings.filter).toBe(filter);
    expect((bindings.query as () => unknown)()).toEqual({
      not: false,
      operation: 'EQUALS',
      left: '__UID__',
      right: 'x',
    });
    const opts = bindings.options as typeof options;
    expect(opts.attributesToGet).toEqual(['__NAME__', 'displayName']);
    expect(opts.pageSize).toBe(4);
    expect(opts.pagedResultsCookie).toBe('eHh4');
    expect(opts.pagedResultsOffset).toBe(2);
    expect(opts.sortKeys?.map(String)).toEqual(['+displayName', '-__NAME__']);
  });

  it('SEARCH without a filter: filter and query() are null ("fetch everything")', async () => {
    const { configuration, captured } = setup();
    await configuration.getScriptEngine().search({ objectClass: users, filter: null, handler: () => true });
    expect(captured().bindings.filter).toBeNull();
    expect((captured().bindings.query as () => unknown)()).toBeNull();
  });

  it('SYNC: token is the raw value as a plain value (null on the first sync), handler', async () => {
    const { configuration, captured } = setup();
    const engine = configuration.getScriptEngine();
    await engine.sync({ objectClass: users, token: null, handler: collectSyncDeltas() });
    expect(captured().names).toEqual([...COMMON, 'objectClass', 'options', 'token', 'handler']);
    expect(captured().bindings.token).toBeNull();
    await engine.sync({
      objectClass: users,
      token: new SyncToken(new JavaLong(5n)),
      handler: collectSyncDeltas(),
    });
    expect(captured().bindings.token).toBe(5);
  });

  it('GET_LATEST_SYNC_TOKEN: objectClass only', async () => {
    const { configuration, captured } = setup();
    await configuration.getScriptEngine().getLatestSyncToken({ objectClass: ObjectClass.ALL });
    expect(captured().names).toEqual([...COMMON, 'objectClass']);
    expect(captured().bindings.operation).toBe('GET_LATEST_SYNC_TOKEN');
  });

  it('TEST: no extra bindings; the configuration is validated first', async () => {
    const { configuration, captured } = setup();
    await configuration.getScriptEngine().test();
    expect(captured().names).toEqual(COMMON);
    configuration.createScriptFileName = 'Missing.ts';
    await expect(configuration.getScriptEngine().test()).rejects.toThrow(/'Missing.ts' not found/);
  });

  it('RUNSCRIPTONRESOURCE: scriptArguments (plain, read-only), scriptText, scriptLanguage, options', async () => {
    const { configuration, captured } = setup();
    await configuration
      .getScriptEngine()
      .runScriptOnResource(new ScriptContext('groovy', 'println 1', { arg1: 'value1', n: new JavaLong(3n) }));
    const { names, bindings } = captured();
    expect(names).toEqual([...COMMON, 'scriptArguments', 'scriptText', 'scriptLanguage', 'options']);
    expect(bindings.scriptArguments).toEqual({ arg1: 'value1', n: 3 });
    expect(Object.isFrozen(bindings.scriptArguments)).toBe(true);
    expect(bindings).toMatchObject({ scriptText: 'println 1', scriptLanguage: 'groovy' });
  });

  it('adds extra bindings from the provider and from the request, releasing provided ones after the run', async () => {
    const configuration = configure(ALL_SCRIPTS);
    configuration.propertyBag.result = 'x';
    let released = 0;
    const engine = configuration.getScriptEngine({
      bindingsProvider: (operation) => ({
        bindings: { connection: `conn-for-${operation}` },
        release: () => {
          released++;
        },
      }),
    });
    const schema = new Schema([], []);
    await engine.delete({ objectClass: users, uid: new Uid('1'), bindings: { schema } });
    const captured = configuration.propertyBag.captured as Captured;
    expect(captured.names).toEqual([...COMMON, 'objectClass', 'options', 'uid', 'connection', 'schema']);
    expect(captured.bindings).toMatchObject({ connection: 'conn-for-DELETE', schema });
    expect(released).toBe(1);
  });

  it('the bindings object is frozen and lists itself like Groovy binding.variables', async () => {
    const { configuration, captured } = setup();
    await configuration.getScriptEngine().test();
    const { bindings } = captured();
    expect(Object.isFrozen(bindings)).toBe(true);
    expect(String(bindings)).toMatch(
      /^\[operation:TEST, configuration:ScriptedConfiguration@\d+, log:ScriptLog\(Capture\.ts\)\]$/,
    );
    expect(bindings.bindings).toBe(bindings);
    expect(bindings.signal).toBeInstanceOf(AbortSignal);
  });
});

describe('return conversions (spec D.3)', () => {
  const uidOps = [
    [
      'CREATE',
      (c: ScriptedConfiguration) => c.getScriptEngine().create({ objectClass: users, attributes: [] }),
    ],
    [
      'UPDATE',
      (c: ScriptedConfiguration) =>
        c.getScriptEngine().update({ objectClass: users, uid: new Uid('a'), attributes: [] }),
    ],
    [
      'AUTHENTICATE',
      (c: ScriptedConfiguration) =>
        c
          .getScriptEngine()
          .authenticate({ objectClass: users, username: 'a', password: new GuardedString('p') }),
    ],
    [
      'RESOLVE_USERNAME',
      (c: ScriptedConfiguration) =>
        c.getScriptEngine().resolveUsername({ objectClass: users, username: 'a' }),
    ],
  ] as const;

  for (const [operation, run] of uidOps) {
    it(`${operation}: a Uid as it is, a string wrapped, anything else a ConnectorException`, async () => {
      const { configuration } = setup();
      configuration.propertyBag.result = new Uid('id-1', 'rev-1');
      await expect(run(configuration)).resolves.toEqual(new Uid('id-1', 'rev-1'));
      configuration.propertyBag.result = 'id-2';
      await expect(run(configuration)).resolves.toEqual(new Uid('id-2'));
      configuration.propertyBag.result = null;
      await expect(run(configuration)).rejects.toThrow(
        new ConnectorException(`${operation} script didn't return with the uid(__UID__) value`),
      );
      configuration.propertyBag.result = 42;
      const error = await run(configuration).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorException);
      expect((error as Error).message).toMatch(
        new RegExp(`^${operation} script returned with an unsupported uid\\(__UID__\\) value type`),
      );
    });
  }

  it('SCHEMA: must return a Schema', async () => {
    const configuration = configure({ scriptRoots: [JS], schemaScriptFileName: 'helper.js' });
    await expect(configuration.getScriptEngine().schema()).rejects.toThrow(
      'SchemaScript must return with Schema object (the script returned nothing: end it with `return builder.schema(…)`)',
    );
  });

  it('SEARCH: SearchResult, cookie string or paging object go to handleResult; anything else reports none', async () => {
    const cases: [unknown, SearchResult | null][] = [
      [new SearchResult('c1', 'EXACT', 10, 3), new SearchResult('c1', 'EXACT', 10, 3)],
      ['cookie-2', new SearchResult('cookie-2', -1)],
      [
        {
          pagedResultsCookie: 'c3',
          remainingPagedResults: 2,
          totalPagedResults: 9,
          totalPagedResultsPolicy: 'EXACT',
        },
        new SearchResult('c3', 'EXACT', 9, 2),
      ],
      [{ pagedResultsCookie: null }, new SearchResult(null, -1)],
      [undefined, null],
      [42, null],
      [{ unrelated: true }, null],
    ];
    for (const [returned, expected] of cases) {
      const { configuration } = setup();
      configuration.propertyBag.searchResult = returned;
      const handler = collectSearchResults();
      await configuration.getScriptEngine().search({ objectClass: users, filter: null, handler });
      expect(handler.result).toEqual(expected);
    }
  });

  it('SYNC: a SyncToken or any non-null value is the final token; integers become Longs', async () => {
    const cases: [unknown, SyncToken | undefined][] = [
      [new SyncToken('t1'), new SyncToken('t1')],
      ['t2', new SyncToken('t2')],
      [17, new SyncToken(new JavaLong(17n))],
      [null, undefined],
    ];
    for (const [returned, expected] of cases) {
      const { configuration } = setup();
      configuration.propertyBag.syncResult = returned;
      const handler = collectSyncDeltas();
      await configuration.getScriptEngine().sync({ objectClass: users, token: null, handler });
      expect(handler.token).toEqual(expected);
    }
  });

  it('GET_LATEST_SYNC_TOKEN: a value is wrapped, null gives null', async () => {
    const { configuration } = setup();
    const engine = configuration.getScriptEngine();
    configuration.propertyBag.syncResult = 99;
    await expect(engine.getLatestSyncToken({ objectClass: users })).resolves.toEqual(
      new SyncToken(new JavaLong(99n)),
    );
    configuration.propertyBag.syncResult = undefined;
    await expect(engine.getLatestSyncToken({ objectClass: users })).resolves.toBeNull();
  });

  it('DELETE and TEST ignore the result', async () => {
    const { configuration } = setup();
    configuration.propertyBag.result = { anything: true };
    await expect(
      configuration.getScriptEngine().delete({ objectClass: users, uid: new Uid('1') }),
    ).resolves.toBeUndefined();
    await expect(configuration.getScriptEngine().test()).resolves.toBeUndefined();
  });
});

describe('query() through the bindings (seed "Query Definition" table)', () => {
  const table: [string, Filter | null, unknown][] = [
    ['givenName pr', F.present('givenName'), { operation: 'PRESENT', not: false, left: 'givenName' }],
    [
      'givenName co "bar"',
      F.contains('givenName', 'bar'),
      { not: false, operation: 'CONTAINS', left: 'givenName', right: 'bar' },
    ],
    [
      'givenName eq "Barbara"',
      F.equalTo('givenName', 'Barbara'),
      { not: false, operation: 'EQUALS', left: 'givenName', right: 'Barbara' },
    ],
    [
      'givenName gt "Barbara"',
      F.greaterThan('givenName', 'Barbara'),
      { not: false, operation: 'GREATERTHAN', left: 'givenName', right: 'Barbara' },
    ],
    [
      'givenName ge "Barbara"',
      F.greaterThanOrEqualTo('givenName', 'Barbara'),
      { not: false, operation: 'GREATERTHANOREQUAL', left: 'givenName', right: 'Barbara' },
    ],
    [
      'givenName lt "B"',
      F.lessThan('givenName', 'B'),
      { not: false, operation: 'LESSTHAN', left: 'givenName', right: 'B' },
    ],
    [
      'givenName le "Barbara"',
      F.lessThanOrEqualTo('givenName', 'Barbara'),
      { not: false, operation: 'LESSTHANOREQUAL', left: 'givenName', right: 'Barbara' },
    ],
    [
      'givenName sw "Bar"',
      F.startsWith('givenName', 'Bar'),
      { not: false, operation: 'STARTSWITH', left: 'givenName', right: 'Bar' },
    ],
    [
      'givenName ew "ara"',
      F.endsWith('givenName', 'ara'),
      { not: false, operation: 'ENDSWITH', left: 'givenName', right: 'ara' },
    ],
    [
      'givenName eq "Barbara" and familyName eq "Jensen"',
      F.and(F.equalTo('givenName', 'Barbara'), F.equalTo('familyName', 'Jensen')),
      {
        operation: 'AND',
        left: { not: false, operation: 'EQUALS', left: 'givenName', right: 'Barbara' },
        right: { not: false, operation: 'EQUALS', left: 'familyName', right: 'Jensen' },
      },
    ],
    [
      'givenName eq "Barbara" or familyName eq "Jensen"',
      F.or(F.equalTo('givenName', 'Barbara'), F.equalTo('familyName', 'Jensen')),
      {
        operation: 'OR',
        left: { not: false, operation: 'EQUALS', left: 'givenName', right: 'Barbara' },
        right: { not: false, operation: 'EQUALS', left: 'familyName', right: 'Jensen' },
      },
    ],
    [
      '!(givenName eq "Barbara")',
      F.not(F.equalTo('givenName', 'Barbara')),
      { not: true, operation: 'EQUALS', left: 'givenName', right: 'Barbara' },
    ],
    ['true', null, null],
    [
      '(givenName eq "Barbara" or givenName eq "Jane") and familyName eq "Jensen"',
      F.and(
        F.or(F.equalTo('givenName', 'Barbara'), F.equalTo('givenName', 'Jane')),
        F.equalTo('familyName', 'Jensen'),
      ),
      {
        operation: 'AND',
        left: {
          operation: 'OR',
          left: { not: false, operation: 'EQUALS', left: 'givenName', right: 'Barbara' },
          right: { not: false, operation: 'EQUALS', left: 'givenName', right: 'Jane' },
        },
        right: { not: false, operation: 'EQUALS', left: 'familyName', right: 'Jensen' },
      },
    ],
  ];

  for (const [queryFilter, filter, expected] of table) {
    it(`_queryFilter=${queryFilter}`, async () => {
      const { configuration, captured } = setup();
      const translated = new ScriptedFilterTranslator().translateOne(filter);
      await configuration
        .getScriptEngine()
        .search({ objectClass: users, filter: translated, handler: () => true });
      expect((captured().bindings.query as () => unknown)()).toEqual(expected);
    });
  }

  it('ContainsAllValuesFilter: query() throws the toolkit message', async () => {
    const { configuration, captured } = setup();
    const translated = new ScriptedFilterTranslator().translateOne(F.containsAllValues('groups', 'a', 'b'));
    await configuration
      .getScriptEngine()
      .search({ objectClass: users, filter: translated, handler: () => true });
    expect(() => (captured().bindings.query as () => unknown)()).toThrow(
      'ContainsAllValuesFilter transformation is not supported',
    );
  });

  it('an extended-match filter is not translated: filter and query() are null', () => {
    expect(new ScriptedFilterTranslator().translateOne(F.extendedMatch('a', 'op', 'x'))).toBeNull();
    const and = new ScriptedFilterTranslator().translateOne(
      F.and(F.extendedMatch('a', 'op', 'x'), F.equalTo('b', 'y')),
    );
    expect(and?.toString()).toContain('b');
  });
});
