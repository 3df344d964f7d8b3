import {
  AttributeInfo,
  type AttributeValue,
  ConnectorObject,
  ConnectorObjectBuilder,
  collectSearchResults,
  collectSyncDeltas,
  FilterBuilder as F,
  type Filter,
  IllegalArgumentException,
  JavaInteger,
  JavaLong,
  NAME_INFO,
  NullPointerException,
  ObjectClass,
  OperationOptionsBuilder,
  type Schema,
  SortKey,
  type SpiOperation,
  SyncToken,
  Uid,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  buildAttributeInfo,
  buildConnectorObject,
  buildSyncDelta,
  ScriptedFilterTranslator,
  ScriptSchemaBuilder,
} from '../src/index.js';
import { configure, STATEMENTS } from './helpers.js';

const ALL_OPS: SpiOperation[] = [
  'AuthenticateOp',
  'CreateOp',
  'DeleteOp',
  'ResolveUsernameOp',
  'SchemaOp',
  'ScriptOnConnectorOp',
  'ScriptOnResourceOp',
  'SearchOp',
  'SyncOp',
  'TestOp',
  'UpdateOp',
];

function describeClass(schema: Schema, type: string): Record<string, string> {
  const info = schema.findObjectClassInfo(type);
  if (!info) throw new Error(`no class ${type}`);
  return Object.fromEntries(info.attributeInfos.map((a) => [a.name, [a.type, ...a.flags].join(' ')]));
}

describe('schema DSL (spec D.5)', () => {
  it("the seed's minimal schema script gives __ACCOUNT__ with only __NAME__", async () => {
    const configuration = configure({ scriptRoots: [STATEMENTS], schemaScriptFileName: 'SchemaMinimal.js' });
    const schema = await configuration.getScriptEngine().schema();
    expect([...schema.objectClassInfo].map((i) => i.type)).toEqual(['__ACCOUNT__']);
    const account = schema.findObjectClassInfo('__ACCOUNT__')!;
    expect(account.attributeInfos).toEqual([NAME_INFO]);
  });

  it("the seed's example schema script: users with secondaryEmail NOT_RETURNED_BY_DEFAULT, groups with members", async () => {
    const configuration = configure({ schemaScriptFileName: 'SchemaScript.ts' });
    const schema = await configuration.getScriptEngine().schema();
    expect([...schema.objectClassInfo].map((i) => i.type)).toEqual(['users', 'groups']);
    expect(describeClass(schema, 'users')).toEqual({
      active: 'Boolean',
      displayName: 'String',
      givenName: 'String',
      middleName: 'String',
      familyName: 'String',
      primaryEmail: 'String',
      secondaryEmail: 'String NOT_RETURNED_BY_DEFAULT',
      __NAME__: 'String REQUIRED',
    });
    expect(describeClass(schema, 'groups')).toEqual({
      displayName: 'String',
      members: 'Map REQUIRED MULTIVALUED',
      schemas: 'String MULTIVALUED NOT_UPDATEABLE NOT_RETURNED_BY_DEFAULT',
      __NAME__: 'String REQUIRED',
    });
    const users = schema.findObjectClassInfo('users')!;
    expect(users.findAttributeInfo('secondaryEmail')!.isReturnedByDefault).toBe(false);
    // Only the SPI operations of the configured scripts are supported: SchemaOp takes no classes.
    expect(schema.getSupportedObjectClassesByOperation('SearchApiOp').size).toBe(0);
  });

  it('declarative form, shared definitions, defineObjectClass, container, disable and options', async () => {
    const configuration = configure({ schemaScriptFileName: 'SchemaDeclarative.ts' });
    const schema = await configuration.getScriptEngine({ spiOperations: ALL_OPS }).schema();
    expect(describeClass(schema, 'users')).toEqual({
      active: 'Boolean REQUIRED',
      displayName: 'String',
      name: 'Map',
      emails: 'Map REQUIRED MULTIVALUED',
      schemas: 'String MULTIVALUED NOT_UPDATEABLE NOT_RETURNED_BY_DEFAULT',
      __NAME__: 'String REQUIRED',
    });
    const shared = 'String REQUIRED MULTIVALUED NOT_UPDATEABLE NOT_RETURNED_BY_DEFAULT';
    expect(describeClass(schema, 'myObjectTypeName2')).toEqual({
      myAttributeName1: shared,
      myAttributeName3: 'Boolean',
      __NAME__: 'String REQUIRED',
    });
    expect(describeClass(schema, 'myObjectTypeName3')).toEqual({
      myAttributeName1: shared,
      __NAME__: 'String REQUIRED',
    });
    expect(schema.findObjectClassInfo('myObjectTypeName2')!.isContainer).toBe(true);
    const types = (op: Parameters<Schema['getSupportedObjectClassesByOperation']>[0]) =>
      [...schema.getSupportedObjectClassesByOperation(op)].map((i) => i.type);
    expect(types('SyncApiOp')).not.toContain('myObjectTypeName2');
    expect(types('AuthenticationApiOp')).not.toContain('myObjectTypeName2');
    expect(types('SearchApiOp')).toContain('myObjectTypeName2');
    expect(types('GetApiOp')).toContain('myObjectTypeName2');
    expect(types('SyncApiOp')).toEqual(['users', 'groups', 'myObjectTypeName3']);
    expect(schema.findOperationOptionInfo('myOption')?.type).toBe('Integer');
  });

  it('disable(SearchOp) removes Search and Get; disabling an unsupported operation is ignored', () => {
    const schema = new ScriptSchemaBuilder(['SearchOp', 'CreateOp']).schema(({ objectClass }) => {
      objectClass({ type: 'a', disable: ['SearchOp', 'SyncOp'] });
    });
    expect(schema.getSupportedObjectClassesByOperation('SearchApiOp').size).toBe(0);
    expect(schema.getSupportedObjectClassesByOperation('GetApiOp').size).toBe(0);
    expect(schema.getSupportedObjectClassesByOperation('CreateApiOp').size).toBe(1);
  });

  it('attribute arguments: type and flags in any order, constructors, Sets, defaults', () => {
    expect(buildAttributeInfo('a')).toEqual(new AttributeInfo('a', 'String'));
    expect(buildAttributeInfo('a', 'MULTIVALUED', Map)).toEqual(
      new AttributeInfo('a', 'Map', ['MULTIVALUED']),
    );
    expect(buildAttributeInfo('a', Boolean, new Set(['REQUIRED'] as const))).toEqual(
      new AttributeInfo('a', 'Boolean', ['REQUIRED']),
    );
    expect(buildAttributeInfo('a', { type: 'long', flags: ['NOT_CREATABLE'] })).toEqual(
      new AttributeInfo('a', 'long', ['NOT_CREATABLE']),
    );
    expect(() => buildAttributeInfo('a', 'Strnig')).toThrow(/'Strnig' is neither an attribute type/);
    expect(() => buildAttributeInfo('a', 'String', 'Map')).toThrow(/has two types/);
    expect(() => buildAttributeInfo('a', Number)).toThrow(/Number is ambiguous/);
    expect(() => new ScriptSchemaBuilder([]).schema(() => {})).toThrow(
      'Must be at least one ObjectClassInfo object!',
    );
    expect(() =>
      new ScriptSchemaBuilder([]).schema(({ objectClass }) =>
        objectClass({ disable: ['Sync' as SpiOperation] }),
      ),
    ).toThrow(/Unknown SPI operation 'Sync'/);
  });
});

describe('connector-object DSL of handler (spec D.4)', () => {
  const users = new ObjectClass('users');

  it('builds from a spec: id defaults to the uid, the class to the searched class', () => {
    const object = buildConnectorObject({ uid: 'u1', attributes: { mail: 'a@x', age: 3 } }, users);
    expect(object.uid).toEqual(new Uid('u1'));
    expect(object.name.nameValue).toBe('u1');
    expect(object.objectClass).toEqual(users);
    expect(object.getAttributeByName('age')!.value).toEqual([new JavaInteger(3)]);
  });

  it('builds from a callback whose methods work destructured', () => {
    const object = buildConnectorObject(({ uid, id, objectClass, attribute, attributes }) => {
      uid('u2', 'rev-9');
      id('bjensen');
      objectClass('groups');
      attribute('empty');
      attribute('nothing', null);
      attribute('multi', ['a', 'b']);
      attribute('several', 1, 2);
      attribute('map', { k: 'v', n: [1, null] });
      attributes({ x: true });
    });
    expect(object.uid).toEqual(new Uid('u2', 'rev-9'));
    expect(object.name.nameValue).toBe('bjensen');
    expect(object.objectClass).toEqual(new ObjectClass('groups'));
    const values = (name: string) => object.getAttributeByName(name)!.value;
    expect(values('empty')).toEqual([]);
    expect(values('nothing')).toBeNull();
    expect(values('multi')).toEqual(['a', 'b']);
    expect(values('several')).toEqual([new JavaInteger(1), new JavaInteger(2)]);
    const map = values('map')![0] as ReadonlyMap<string, AttributeValue>;
    expect(map.get('k')).toBe('v');
    expect(values('x')).toEqual([true]);
  });

  it("the uid's blank revision is ignored; numbers are printed", () => {
    const object = buildConnectorObject({ uid: 42, revision: ' ', id: 7 });
    expect(object.uid).toEqual(new Uid('42'));
    expect(object.name.nameValue).toBe('7');
    expect(object.objectClass).toEqual(ObjectClass.ACCOUNT);
  });

  it('__ALL__ or no class defaults to __ACCOUNT__; a ConnectorObject passes as it is', () => {
    expect(buildConnectorObject({ uid: 'x' }, ObjectClass.ALL).objectClass).toEqual(ObjectClass.ACCOUNT);
    const ready = new ConnectorObjectBuilder().setUid('r').setName('r').build();
    expect(buildConnectorObject(ready, users)).toBe(ready);
  });

  it("a missing uid fails with the framework's message", () => {
    expect(() => buildConnectorObject({ id: 'x' } as never)).toThrow(
      new IllegalArgumentException("The Attribute set must contain a 'Uid'"),
    );
    expect(() => buildConnectorObject(({ id }) => id('x'))).toThrow("The Attribute set must contain a 'Uid'");
  });

  it('unsupported values fail with the attribute name', () => {
    expect(() => buildConnectorObject({ uid: 'x', attributes: { when: new Date(0) } })).toThrow(/when/);
  });
});

describe('search scripts', () => {
  const users = new ObjectClass('users');
  const search = async (
    objectClass: ObjectClass,
    filter: Filter | null,
    options = new OperationOptionsBuilder().build(),
    limit?: number,
  ) => {
    const configuration = configure({ searchScriptFileName: 'SearchScript.ts' });
    const handler = collectSearchResults(limit);
    await configuration.getScriptEngine().search({
      objectClass,
      filter: new ScriptedFilterTranslator().translateOne(filter),
      handler,
      options,
    });
    return handler;
  };

  it('returns every user of the sample data, as the seed shows bjensen', async () => {
    const { objects, result } = await search(users, null);
    expect(objects).toHaveLength(5);
    const bjensen = objects[0]!;
    expect(bjensen.uid.uidValue).toBe('2819c223-7f76-453a-919d-413861904646');
    expect(bjensen.name.nameValue).toBe('bjensen');
    expect(bjensen.objectClass).toEqual(users);
    expect(bjensen.getAttributeByName('primaryEmail')!.value).toEqual(['bjensen@example.com']);
    expect(bjensen.getAttributeByName('secondaryEmail')!.value).toEqual(['babs@jensen.org']);
    expect(result).toEqual(new (await import('@rcskit/core')).SearchResult(null, -1));
  });

  it('reads by uid through query() (the seed read request)', async () => {
    const { objects } = await search(users, F.equalTo('__UID__', '2819c223-7f76-453a-919d-413861904646'));
    expect(objects.map((o) => o.name.nameValue)).toEqual(['bjensen']);
  });

  it('filters with AND/OR/NOT query maps', async () => {
    const filter = F.and(F.equalTo('familyName', 'Jensen'), F.not(F.startsWith('givenName', 'Bar')));
    const { objects } = await search(users, filter);
    expect(objects.map((o) => o.name.nameValue)).toEqual(['ajensen']);
  });

  it('sorts and pages with a cookie, then continues from it', async () => {
    const options = (cookie?: string) => {
      const builder = new OperationOptionsBuilder()
        .setPageSize(2)
        .setSortKeys(new SortKey('displayName', true));
      if (cookie) builder.setPagedResultsCookie(cookie);
      return builder.build();
    };
    const first = await search(users, null, options());
    expect(first.objects.map((o) => o.name.nameValue)).toEqual(['ajensen', 'cgreen']);
    const cookie = first.result?.pagedResultsCookie;
    expect(cookie).toBeTruthy();
    const second = await search(users, null, options(cookie!));
    expect(second.objects.map((o) => o.name.nameValue)).toEqual(['jdoe', 'mbrown']);
    const third = await search(users, null, options(second.result!.pagedResultsCookie!));
    expect(third.objects.map((o) => o.name.nameValue)).toEqual(['bjensen']);
    expect(third.result!.pagedResultsCookie).toBeNull();
  });

  it('stops when the handler returns false', async () => {
    const { objects } = await search(users, null, undefined, 2);
    expect(objects).toHaveLength(2);
  });

  it('returns groups with a multi-valued Map attribute', async () => {
    const { objects } = await search(new ObjectClass('groups'), null);
    expect(objects).toHaveLength(1);
    const members = objects[0]!.getAttributeByName('members')!.value!;
    expect((members[0] as ReadonlyMap<string, unknown>).get('display')).toBe('Babs Jensen');
    expect(objects[0]!.objectClass).toEqual(new ObjectClass('groups'));
  });

  it("keeps the script's UnsupportedOperationException and its message", async () => {
    const error = await search(new ObjectClass('printers'), null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationException);
    expect((error as Error).message).toBe('SEARCH operation of type: printers is not supported.');
  });

  it('a ported statement script: handler calls are delivered in order without await; false stops delivery', async () => {
    const configuration = configure({
      scriptRoots: [STATEMENTS],
      searchScriptFileName: 'SearchStatement.js',
    });
    const engine = configuration.getScriptEngine();
    const all = collectSearchResults();
    await engine.search({ objectClass: users, filter: null, handler: all });
    expect(all.objects.map((o) => o.uid.uidValue)).toEqual(['u1', 'u2', 'u3']);
    expect(all.objects[2]!.getAttributeByName('mail')!.value).toBeNull();
    expect(all.result?.pagedResultsCookie).toBe('next-page');
    const one = collectSearchResults(1);
    await engine.search({ objectClass: users, filter: null, handler: one });
    expect(one.objects).toHaveLength(1);
    const byUid = collectSearchResults();
    await engine.search({
      objectClass: users,
      filter: new ScriptedFilterTranslator().translateOne(F.equalTo('__UID__', 'u2')),
      handler: byUid,
    });
    expect(byUid.objects.map((o) => o.name.nameValue)).toEqual(['bob']);
    expect(byUid.result?.pagedResultsCookie).toBeNull();
  });

  it("a failing caller's handler fails the search with its error", async () => {
    const configuration = configure({
      scriptRoots: [STATEMENTS],
      searchScriptFileName: 'SearchStatement.js',
    });
    const failure = new Error('client went away');
    await expect(
      configuration.getScriptEngine().search({
        objectClass: users,
        filter: null,
        handler: () => {
          throw failure;
        },
      }),
    ).rejects.toThrow('client went away');
  });
});

describe('sync DSL (spec D.6)', () => {
  const users = new ObjectClass('users');
  const changes = [
    { change: 1, kind: 'upsert', id: 'a', mail: 'a@x' },
    { change: 2, kind: 'create', id: 'b', mail: 'b@x' },
    { change: 3, kind: 'rename', id: 'c', previous: 'c-old' },
    { change: 4, kind: 'group', id: 'g' },
    { change: 5, kind: 'delete', id: 'd' },
  ];

  const sync = async (objectClass: ObjectClass, token: SyncToken | null, handler = collectSyncDeltas()) => {
    const configuration = configure({ syncScriptFileName: 'SyncScript.ts' });
    configuration.propertyBag.changes = changes;
    await configuration.getScriptEngine().sync({ objectClass, token, handler });
    return handler;
  };

  it('builds deltas in the three styles and reports the final token', async () => {
    const { deltas, token } = await sync(users, null);
    expect(deltas.map((d) => [d.deltaType, d.uid.uidValue, d.objectClass?.type, d.token.value])).toEqual([
      ['CREATE_OR_UPDATE', 'a', 'users', new JavaLong(1n)],
      ['CREATE', 'b', 'users', new JavaLong(2n)],
      ['UPDATE', 'c', 'users', new JavaLong(3n)],
      ['CREATE_OR_UPDATE', 'g', '__GROUP__', new JavaLong(4n)],
      ['DELETE', 'd', 'users', new JavaLong(5n)],
    ]);
    expect(deltas[0]!.object!.getAttributeByName('mail')!.value).toEqual(['a@x']);
    expect(deltas[1]!.object!.name.nameValue).toBe('name-b');
    expect(deltas[2]!.previousUid).toEqual(new Uid('c-old'));
    expect(deltas[4]!.object).toBeNull();
    expect(token).toEqual(new SyncToken(new JavaLong(5n)));
  });

  it('resumes after the given token (the raw value reaches the script)', async () => {
    const { deltas, token } = await sync(users, new SyncToken(new JavaLong(3n)));
    expect(deltas.map((d) => d.uid.uidValue)).toEqual(['g', 'd']);
    expect(token).toEqual(new SyncToken(new JavaLong(5n)));
  });

  it('stops when the handler returns false; the script still reports its token', async () => {
    const collected: string[] = [];
    const tokens: (SyncToken | null)[] = [];
    await sync(users, null, {
      deltas: [],
      token: undefined,
      handle: (delta) => {
        collected.push(delta.uid.uidValue);
        return collected.length < 2;
      },
      handleResult: (t) => {
        tokens.push(t);
      },
    });
    expect(collected).toEqual(['a', 'b']);
    expect(tokens).toEqual([new SyncToken(new JavaLong(2n))]);
  });

  it('a deletion without an object under __ALL__ has no class', async () => {
    const { deltas } = await sync(ObjectClass.ALL, new SyncToken(new JavaLong(4n)));
    expect(deltas[0]!.objectClass).toBeNull();
  });

  it('getLatestSyncToken runs the same script', async () => {
    const configuration = configure({ syncScriptFileName: 'SyncScript.ts' });
    configuration.propertyBag.changes = changes;
    await expect(configuration.getScriptEngine().getLatestSyncToken({ objectClass: users })).resolves.toEqual(
      new SyncToken(new JavaLong(5n)),
    );
  });

  it('a ported statement sync script', async () => {
    const configuration = configure({ scriptRoots: [STATEMENTS], syncScriptFileName: 'Sync.js' });
    const handler = collectSyncDeltas();
    await configuration
      .getScriptEngine()
      .sync({ objectClass: users, token: new SyncToken(new JavaInteger(10)), handler });
    expect(handler.deltas.map((d) => d.uid.uidValue)).toEqual(['user-11', 'user-12']);
    expect(handler.token).toEqual(new SyncToken(new JavaLong(12n)));
  });

  it('every delta needs a token; a ready SyncDelta passes as it is', () => {
    expect(() => buildSyncDelta({ deltaType: 'DELETE', uid: 'x' }, users)).toThrow(
      new NullPointerException('SyncDelta token must not be null.'),
    );
    const delta = buildSyncDelta({ token: 'abc', object: { uid: 'x' } }, users);
    expect(delta.deltaType).toBe('CREATE_OR_UPDATE');
    expect(delta.token).toEqual(new SyncToken('abc'));
    expect(buildSyncDelta(delta)).toBe(delta);
    expect(() => buildSyncDelta({ token: 1, deltaType: 'MOVE' as never, uid: 'x' })).toThrow(
      /Unknown sync delta type/,
    );
  });

  it('a ConnectorObject built with ICF.co can be the object of a delta', async () => {
    const { ICF } = await import('../src/index.js');
    const object = ICF.co({ uid: 'z', objectClass: 'users' });
    expect(object).toBeInstanceOf(ConnectorObject);
    const delta = ICF.delta(({ syncToken, UPDATE, object: setObject }) => {
      syncToken(new SyncToken('t'));
      UPDATE();
      setObject(object);
    });
    expect(delta.object).toBe(object);
    expect(delta.objectClass).toEqual(users);
  });
});
