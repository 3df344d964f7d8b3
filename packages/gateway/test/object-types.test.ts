import {
  type Attribute,
  ConnectorObjectBuilder,
  GuardedString,
  JavaBigDecimal,
  JavaCharacter,
  JavaDouble,
  JavaInteger,
  JavaLong,
  Name,
  OperationalAttributes,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConfigCrypto,
  InternalServerError,
  idsOnlySelection,
  parseObjectType,
  parseObjectTypes,
  selectFields,
  toAttributes,
  toJson,
  uidOf,
} from '../src/index.js';
import { connectorObject, fixture } from './helpers.js';

const seedTypes = fixture('seed-users-groups-object-types.json').objectTypes;

const account = parseObjectType('account', {
  $schema: 'http://json-schema.org/draft-03/schema',
  id: '__ACCOUNT__',
  type: 'object',
  nativeType: '__ACCOUNT__',
  properties: {
    uid: { type: 'string', nativeName: '__NAME__', nativeType: 'string', required: true },
    password: {
      type: 'string',
      nativeName: '__PASSWORD__',
      nativeType: 'JAVA_TYPE_GUARDEDSTRING',
      flags: ['NOT_READABLE', 'NOT_RETURNED_BY_DEFAULT'],
    },
    groups: {
      type: 'array',
      items: { type: 'string', nativeType: 'string' },
      nativeName: 'ldapGroups',
      nativeType: 'string',
    },
    logins: { type: 'integer', nativeName: 'loginCount', nativeType: 'JAVA_TYPE_LONG' },
    age: { type: 'integer', nativeType: 'JAVA_TYPE_INT' },
    balance: { type: 'number', nativeType: 'JAVA_TYPE_BIGDECIMAL' },
    ratio: { type: 'number', nativeType: 'JAVA_TYPE_DOUBLE' },
    initial: { type: 'string', nativeType: 'JAVA_TYPE_CHAR' },
    photo: { type: 'string', nativeType: 'JAVA_TYPE_BYTE_ARRAY' },
    birthday: { type: 'string', nativeType: 'JAVA_TYPE_DATE' },
    enabled: { type: 'boolean', nativeName: '__ENABLE__', nativeType: 'boolean' },
    address: { type: 'object', nativeType: 'object' },
    created: { type: 'string', flags: ['NOT_CREATABLE', 'NOT_UPDATEABLE'] },
    employeeNumber: { type: 'string', flags: ['NOT_UPDATEABLE'] },
    secret: { type: 'string', nativeName: 'x-secret', key: 'openidm-sym-default' },
    phone: { type: 'string', nativeName: 'tel', runAsUser: true },
    legacy: { type: 'string', nativeType: 'JAVA_TYPE_STRING', flags: ['AUDITED', 'NOT_QUERYABLE'] },
  },
});

describe('parseObjectTypes', () => {
  it('reads the seed object types and adds __ALL__', () => {
    const types = parseObjectTypes(seedTypes);
    expect([...types.keys()]).toEqual(['users', 'groups', '__ALL__']);
    const users = types.get('users')!;
    expect(users.nativeType).toBe('users');
    expect(users.objectClass.type).toBe('users');
    expect(users.nameProperty?.name).toBe('__NAME__');
    expect(users.defaultProperties.map((p) => p.name)).not.toContain('secondaryEmail');
    const members = types.get('groups')!.property('members')!;
    expect(members).toMatchObject({
      multiValued: true,
      required: true,
      javaType: 'Map',
      nativeType: 'object',
    });
    const schemas = types.get('groups')!.property('schemas')!;
    expect(schemas).toMatchObject({
      multiValued: true,
      updateable: false,
      returnedByDefault: false,
      javaType: 'String',
    });
    expect(types.get('__ALL__')!.properties).toEqual([]);
  });

  it('keeps an explicit __ALL__ type and adds none', () => {
    const types = parseObjectTypes({ all: { id: '__ALL__', type: 'object', nativeType: '__ALL__' } });
    expect([...types.keys()]).toEqual(['all']);
  });

  it('applies the defaults and flags of F.9', () => {
    expect(account.property('age')).toMatchObject({ nativeName: 'age', javaType: 'int', multiValued: false });
    expect(account.property('groups')).toMatchObject({
      nativeName: 'ldapGroups',
      multiValued: true,
      valueJsonType: 'string',
    });
    expect(account.property('password')).toMatchObject({ readable: false, returnedByDefault: false });
    expect(account.property('created')).toMatchObject({ creatable: false, updateable: false });
    expect(account.property('secret')).toMatchObject({ encryptionKey: 'openidm-sym-default' });
    expect(account.property('phone')!.runAsUser).toBe(true);
    expect(account.property('legacy')).toMatchObject({ javaType: 'String' });
    expect([...account.property('legacy')!.flags]).toEqual(['AUDITED', 'NOT_QUERYABLE']);
    expect(account.propertyByNativeName('__name__')?.name).toBe('uid');
    const multi = parseObjectType('t', {
      nativeType: 't',
      properties: { tags: { type: 'string', flags: ['MULTIVALUED'] } },
    });
    expect(multi.property('tags')!.multiValued).toBe(true);
    const required = parseObjectType('t', {
      nativeType: 't',
      properties: { a: { type: 'string', flags: ['REQUIRED'] } },
    });
    expect(required.property('a')!.required).toBe(true);
  });

  it('lists every problem of an invalid configuration', () => {
    const bad = () =>
      parseObjectTypes({
        a: { type: 'object', properties: {} },
        b: {
          nativeType: 'b',
          properties: {
            id: { nativeName: '__UID__' },
            t: { type: 'string', nativeType: 'JAVA_TYPE_NOPE' },
            f: { type: 'string', flags: ['SHINY'] },
            _rev: { type: 'string' },
            n1: { type: 'string', nativeName: 'same' },
            n2: { type: 'string', nativeName: 'SAME' },
          },
        },
        c: { nativeType: 'c' },
      });
    expect(bad).toThrow(BadRequestError);
    const message = (() => {
      try {
        bad();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toContain('objectTypes.a.nativeType is required');
    expect(message).toContain('__UID__ cannot be mapped');
    expect(message).toContain("nativeType 'JAVA_TYPE_NOPE' is not a supported type");
    expect(message).toContain('unknown flag "SHINY"');
    expect(message).toContain('_id and _rev are reserved');
    expect(message).toContain("properties 'n1' and 'n2' both map to native attribute SAME");
    expect(message).toContain('objectTypes.c.properties is required');
  });
});

describe('toAttributes', () => {
  const byName = (attrs: Attribute[]) => new Map(attrs.map((a) => [a.name, a]));

  it('converts JSON to the native Java types (create)', () => {
    const attrs = byName(
      toAttributes(
        account,
        {
          _id: 'ignored',
          uid: 'bjensen',
          password: 'Passw0rd',
          groups: ['a', 'b'],
          logins: '9007199254740993',
          age: 42,
          balance: '12.50',
          ratio: 0.5,
          initial: 'Barbara',
          photo: Buffer.from([1, 2, 255]).toString('base64'),
          birthday: '2001-02-03',
          enabled: 'true',
          address: { city: 'Paris', zip: 75001 },
          created: 'dropped',
          employeeNumber: 'E1',
        },
        { mode: 'create' },
      ),
    );
    expect(attrs.get('__NAME__')).toBeInstanceOf(Name);
    expect(attrs.get('__NAME__')!.value).toEqual(['bjensen']);
    expect(attrs.get('__PASSWORD__')!.value![0]).toBeInstanceOf(GuardedString);
    expect((attrs.get('__PASSWORD__')!.value![0] as GuardedString).access((c) => c)).toBe('Passw0rd');
    expect(attrs.get('ldapGroups')!.value).toEqual(['a', 'b']);
    expect(attrs.get('loginCount')!.value![0]).toEqual(new JavaLong(9007199254740993n));
    expect(attrs.get('age')!.value![0]).toEqual(new JavaInteger(42));
    expect((attrs.get('balance')!.value![0] as JavaBigDecimal).toString()).toBe('12.50');
    expect(attrs.get('ratio')!.value![0]).toEqual(new JavaDouble(0.5));
    expect(attrs.get('initial')!.value![0]).toEqual(new JavaCharacter('B'));
    expect([...(attrs.get('photo')!.value![0] as Uint8Array)]).toEqual([1, 2, 255]);
    expect(attrs.get('birthday')!.value).toEqual(['2001-02-03']);
    expect(attrs.get('__ENABLE__')!.value).toEqual([true]);
    expect(attrs.get('address')!.value![0]).toBeInstanceOf(Map);
    expect(attrs.has('created')).toBe(false);
    expect(attrs.get('employeeNumber')!.value).toEqual(['E1']);
  });

  it('takes __NAME__ from _id when no property gives it, and checks required values', () => {
    const attrs = toAttributes(account, { _id: 'bjensen' }, { mode: 'create' });
    expect(attrs).toEqual([new Name('bjensen')]);
    expect(() => toAttributes(account, { age: 1 }, { mode: 'create' })).toThrow(
      "Required attribute 'uid' value is null",
    );
    expect(() => toAttributes(account, { uid: null }, { mode: 'create' })).toThrow(
      "Required attribute 'uid' value is null",
    );
    const groups = parseObjectTypes(seedTypes).get('groups')!;
    expect(() => toAttributes(groups, { displayName: 'x' }, { mode: 'create' })).toThrow(
      "Required attribute 'members' value is null",
    );
  });

  it('drops empty lists and nulls on create, clears them on update', () => {
    expect(toAttributes(account, { uid: 'x', groups: [], age: null }, { mode: 'create' })).toHaveLength(1);
    const update = byName(
      toAttributes(account, { groups: [], age: null, employeeNumber: 'E2' }, { mode: 'update' }),
    );
    expect(update.get('ldapGroups')!.value).toEqual([]);
    expect(update.get('age')!.value).toEqual([]);
    expect(update.has('employeeNumber')).toBe(false);
  });

  it('omits null passwords', () => {
    const attrs = toAttributes(account, { uid: 'x', password: null }, { mode: 'create' });
    expect(attrs.map((a) => a.name)).toEqual(['__NAME__']);
    expect(toAttributes(account, { password: null }, { mode: 'update' })).toEqual([]);
    expect(OperationalAttributes.PASSWORD_NAME).toBe('__PASSWORD__');
  });

  it('rejects unknown properties and bad values with 400', () => {
    expect(() => toAttributes(account, { uid: 'x', nickname: 'y' }, { mode: 'create' })).toThrow(
      'Target does not support attribute nickname',
    );
    expect(() => toAttributes(account, { age: 'old' }, { mode: 'update' })).toThrow(
      'Attribute age: cannot convert "old" to JAVA_TYPE_INT',
    );
    expect(() => toAttributes(account, { age: 2 ** 40 }, { mode: 'update' })).toThrow(/out of range/);
    expect(() => toAttributes(account, { uid: ['a', 'b'] }, { mode: 'update' })).toThrow(
      'Attribute uid is single-valued',
    );
    expect(() => toAttributes(account, { enabled: 'yes' }, { mode: 'update' })).toThrow(BadRequestError);
    expect(() => toAttributes(account, { photo: 'not base64!' }, { mode: 'update' })).toThrow(/not Base64/);
    expect(() => toAttributes(account, { uid: null }, { mode: 'update' })).toThrow(BadRequestError);
  });

  it('wraps a single value of a multi-valued property', () => {
    expect(toAttributes(account, { groups: 'solo' }, { mode: 'update' })[0]!.value).toEqual(['solo']);
  });

  it('decrypts $crypto values before converting them', () => {
    const crypto = ConfigCrypto.ephemeral();
    const attrs = toAttributes(
      account,
      { password: crypto.encrypt('s3cret') },
      {
        mode: 'update',
        decrypt: (v) => crypto.reveal(v),
      },
    );
    expect((attrs[0]!.value![0] as GuardedString).access((c) => c)).toBe('s3cret');
  });
});

describe('selectFields and toJson', () => {
  const users = parseObjectTypes(seedTypes).get('users')!;
  const object = connectorObject('users', '2819c223', 'bjensen', {
    active: false,
    displayName: 'Ms. Barbara J Jensen III',
    secondaryEmail: 'babs@jensen.org',
    notInSchema: 'Not in Schema',
  });

  it('returns _id, the default properties present, and nothing unconfigured', () => {
    expect(toJson(users, object)).toEqual({
      _id: '2819c223',
      active: false,
      displayName: 'Ms. Barbara J Jensen III',
      __NAME__: 'bjensen',
    });
    expect(Object.keys(toJson(users, object))[0]).toBe('_id');
  });

  it('honours _fields, * and extra fields', () => {
    expect(toJson(users, object, selectFields(users, '__NAME__'))).toEqual({
      _id: '2819c223',
      __NAME__: 'bjensen',
    });
    expect(toJson(users, object, selectFields(users, '*,secondaryEmail'))).toMatchObject({
      secondaryEmail: 'babs@jensen.org',
      displayName: 'Ms. Barbara J Jensen III',
    });
    expect(selectFields(users, ['_id', 'unknown', '/displayName/x']).attributesToGet).toEqual([
      'displayName',
    ]);
    expect(selectFields(users, '').attributesToGet).toEqual(selectFields(users).attributesToGet);
    expect(selectFields(account, 'password,uid').attributesToGet).toEqual(['__NAME__']);
  });

  it('returns _rev, multi-valued arrays, clear GuardedStrings and typed numbers', () => {
    const rich = connectorObject('__ACCOUNT__', 'u1', 'bjensen', {
      ldapGroups: ['a', 'b'],
      loginCount: new JavaLong(5n),
      balance: JavaBigDecimal.parse('12.50'),
      photo: new Uint8Array([1, 2]),
      'x-secret': new GuardedString('clear'),
      age: new JavaInteger(7),
    });
    const withRev = new ConnectorObjectBuilder().setUid(new Uid('u1', '7')).setName('bjensen').build();
    expect(toJson(account, rich, selectFields(account, '*,secret'))).toEqual({
      _id: 'u1',
      uid: 'bjensen',
      groups: ['a', 'b'],
      logins: 5,
      age: 7,
      balance: 12.5,
      photo: 'AQI=',
      secret: 'clear',
    });
    expect(toJson(account, withRev)).toEqual({ _id: 'u1', _rev: '7', uid: 'bjensen' });
  });

  it('encrypts properties configured with a key when an encryptor is given', () => {
    const crypto = ConfigCrypto.ephemeral();
    const obj = connectorObject('__ACCOUNT__', 'u1', 'n', { 'x-secret': 'clear' });
    const json = toJson(account, obj, selectFields(account, 'secret'), {
      encrypt: (v) => crypto.encrypt(v),
    });
    expect(crypto.reveal(json.secret)).toBe('clear');
  });

  it('fails like IDM when a single-valued property has several values', () => {
    const obj = connectorObject('users', 'u', 'n', { displayName: ['a', 'b'] });
    expect(() => toJson(users, obj)).toThrow(InternalServerError);
  });

  it('gives _id plus the __NAME__ property for query-all-ids', () => {
    const selection = idsOnlySelection(users);
    expect(selection.attributesToGet).toEqual(['__UID__']);
    expect(toJson(users, object, selection)).toEqual({ _id: '2819c223', __NAME__: 'bjensen' });
  });

  it('builds the Uid of a request from the id and If-Match', () => {
    expect(uidOf('u1', '3')).toEqual(new Uid('u1', '3'));
    expect(uidOf('u1', '*').revision).toBeUndefined();
    expect(uidOf('u1').revision).toBeUndefined();
    expect(() => uidOf('')).toThrow(BadRequestError);
  });
});
