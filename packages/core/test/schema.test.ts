import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '../src/api/operations.js';
import { IllegalArgumentException, IllegalStateException, NullPointerException } from '../src/errors.js';
import {
  ATTRIBUTE_INFO_FLAGS,
  AttributeInfo,
  AttributeInfoBuilder,
  type AttributeInfoFlag,
  Flags,
  NAME_INFO,
  OperationalAttributeInfos,
  PredefinedAttributeInfos,
  toFlagSet,
} from '../src/objects/attribute-info.js';
import { ObjectClassInfo, ObjectClassInfoBuilder } from '../src/objects/object-class-info.js';
import { OperationOptionInfo, OperationOptionInfoBuilder } from '../src/objects/operation-option-info.js';
import { Schema, SchemaBuilder } from '../src/objects/schema.js';
import type { JavaType } from '../src/values/java-type.js';

const flagsOf = (info: AttributeInfo) => [...info.flags];
const types = (set: ReadonlySet<ObjectClassInfo>) => [...set].map((i) => i.type).sort();

describe('AttributeInfo flags (spec A.6)', () => {
  it('an empty flag set means optional, single-valued, creatable, updateable, readable, returned by default', () => {
    const info = new AttributeInfo('mail', 'String');
    expect(info.flags.size).toBe(0);
    expect(info.isRequired).toBe(false);
    expect(info.isMultiValued).toBe(false);
    expect(info.isCreateable).toBe(true);
    expect(info.isUpdateable).toBe(true);
    expect(info.isReadable).toBe(true);
    expect(info.isReturnedByDefault).toBe(true);
  });

  it.each<
    [
      string,
      (b: AttributeInfoBuilder) => AttributeInfoBuilder,
      AttributeInfoFlag,
      keyof AttributeInfo,
      boolean,
    ]
  >([
    ['setRequired(true)', (b) => b.setRequired(true), 'REQUIRED', 'isRequired', true],
    ['setMultiValued(true)', (b) => b.setMultiValued(true), 'MULTIVALUED', 'isMultiValued', true],
    ['setCreateable(false)', (b) => b.setCreateable(false), 'NOT_CREATABLE', 'isCreateable', false],
    ['setUpdateable(false)', (b) => b.setUpdateable(false), 'NOT_UPDATEABLE', 'isUpdateable', false],
    [
      'setReturnedByDefault(false)',
      (b) => b.setReturnedByDefault(false),
      'NOT_RETURNED_BY_DEFAULT',
      'isReturnedByDefault',
      false,
    ],
  ])('%s sets exactly %s', (_label, set, flag, getter, value) => {
    const info = set(new AttributeInfoBuilder('attr')).build();
    expect(flagsOf(info)).toEqual([flag]);
    expect(info[getter]).toBe(value);
  });

  it('setReadable(false) sets NOT_READABLE (together with NOT_RETURNED_BY_DEFAULT, which it requires)', () => {
    const info = new AttributeInfoBuilder('secret').setReadable(false).setReturnedByDefault(false).build();
    expect(flagsOf(info)).toEqual(['NOT_READABLE', 'NOT_RETURNED_BY_DEFAULT']);
    expect(info.isReadable).toBe(false);
  });

  it('setters with the default value clear the flag again', () => {
    const info = new AttributeInfoBuilder('a')
      .setRequired(true)
      .setRequired(false)
      .setCreateable(false)
      .setCreateable(true)
      .build();
    expect(info.flags.size).toBe(0);
  });

  it('NOT_READABLE without NOT_RETURNED_BY_DEFAULT throws', () => {
    expect(() => new AttributeInfoBuilder('secret').setReadable(false).build()).toThrow(
      IllegalArgumentException,
    );
    expect(() => new AttributeInfo('secret', 'String', ['NOT_READABLE'])).toThrow(/NOT_RETURNED_BY_DEFAULT/);
  });

  it('keeps flags in ordinal order whatever the input order', () => {
    const info = AttributeInfoBuilder.build('g', 'String', [
      'NOT_RETURNED_BY_DEFAULT',
      'MULTIVALUED',
      'REQUIRED',
    ]);
    expect(flagsOf(info)).toEqual(['REQUIRED', 'MULTIVALUED', 'NOT_RETURNED_BY_DEFAULT']);
    expect(ATTRIBUTE_INFO_FLAGS).toEqual(Object.values(Flags));
  });

  it('accepts a Set and replaces flags with setFlags', () => {
    const info = new AttributeInfoBuilder('x')
      .setRequired(true)
      .setFlags(new Set(['MULTIVALUED'] as const))
      .build();
    expect(flagsOf(info)).toEqual(['MULTIVALUED']);
  });
});

describe('AttributeInfo validation', () => {
  it('password infos must be GuardedString', () => {
    expect(() => AttributeInfoBuilder.build('__PASSWORD__', 'String')).toThrow(IllegalArgumentException);
    expect(() => AttributeInfoBuilder.build('__PASSWORD__', 'String')).toThrow(/GuardedString/);
    expect(() => AttributeInfoBuilder.build('__CURRENT_PASSWORD__', 'GuardedByteArray')).toThrow(
      IllegalArgumentException,
    );
    expect(() => AttributeInfoBuilder.build('__password__', 'String')).toThrow(IllegalArgumentException);
    expect(AttributeInfoBuilder.build('__PASSWORD__', 'GuardedString').type).toBe('GuardedString');
  });

  it.each([
    'URI',
    'Script',
    'Object',
    'String[]',
    'SortKey',
    'Date',
    '',
  ])('type %j is not an attribute type', (type) => {
    expect(() => AttributeInfoBuilder.build('a', type as JavaType)).toThrow(IllegalArgumentException);
    expect(() => AttributeInfoBuilder.build('a', type as JavaType)).toThrow(/not a supported attribute type/);
    expect(() => new AttributeInfoBuilder('a').setType(type as JavaType)).toThrow(IllegalArgumentException);
  });

  it.each([
    'String',
    'long',
    'Long',
    'boolean',
    'byte[]',
    'BigDecimal',
    'GuardedByteArray',
    'Map',
  ])('type %s is accepted', (type) => {
    expect(AttributeInfoBuilder.build('a', type as JavaType).type).toBe(type);
  });

  it('name must be non-blank', () => {
    expect(() => AttributeInfoBuilder.build('  ')).toThrow(IllegalArgumentException);
    expect(() => new AttributeInfoBuilder().build()).toThrow(IllegalArgumentException);
  });

  it.each<[string, unknown, RegExp]>([
    ['a single string', 'REQUIRED', /got string "REQUIRED"/],
    ['a number', 3, /got number 3/],
    ['a plain object', { REQUIRED: true }, /got Object/],
    ['a boolean', true, /got boolean true/],
    ['an unknown flag name', ['REQUIRED', 'READ_ONLY'], /Unknown AttributeInfo flag string "READ_ONLY"/],
    ['a lower-case flag name', ['required'], /Unknown AttributeInfo flag string "required"/],
    ['a non-string element', [1], /Unknown AttributeInfo flag number 1/],
    ['a null element', [null], /Unknown AttributeInfo flag null/],
  ])('a flag set given as %s throws IllegalArgumentException naming it', (_label, flags, message) => {
    const bad = flags as AttributeInfoFlag[];
    expect(() => new AttributeInfo('a', 'String', bad)).toThrow(IllegalArgumentException);
    expect(() => new AttributeInfo('a', 'String', bad)).toThrow(message);
    expect(() => AttributeInfoBuilder.build('a', 'String', bad)).toThrow(message);
    expect(() => new AttributeInfoBuilder('a').setFlags(bad)).toThrow(message);
    expect(() => toFlagSet(flags)).toThrow(IllegalArgumentException);
  });

  it('null and undefined flag sets mean no flags', () => {
    expect(toFlagSet(undefined).size).toBe(0);
    expect(new AttributeInfo('a', 'String', null).flags.size).toBe(0);
  });

  it('boolean setters reject non-booleans', () => {
    expect(() => new AttributeInfoBuilder('a').setRequired('yes' as unknown as boolean)).toThrow(
      IllegalArgumentException,
    );
    expect(() => new AttributeInfoBuilder('a').setReadable(0 as unknown as boolean)).toThrow(
      /expects a boolean/,
    );
  });
});

describe('AttributeInfo equality and builder defaults', () => {
  it('builder default type is String, static build gives no flags', () => {
    expect(new AttributeInfoBuilder('a').build().type).toBe('String');
    const info = AttributeInfoBuilder.build('a');
    expect(info.type).toBe('String');
    expect(info.flags.size).toBe(0);
    expect(AttributeInfoBuilder.define('n', 'int').build().type).toBe('int');
  });

  it('compares name case-insensitively, type and flags exactly', () => {
    const a = AttributeInfoBuilder.build('Mail', 'String', ['MULTIVALUED']);
    expect(a.equals(AttributeInfoBuilder.build('MAIL', 'String', ['MULTIVALUED']))).toBe(true);
    expect(a.equals(AttributeInfoBuilder.build('mail', 'String'))).toBe(false);
    expect(a.equals(AttributeInfoBuilder.build('mail', 'Map', ['MULTIVALUED']))).toBe(false);
    expect(a.equals({ name: 'Mail', type: 'String', flags: new Set(['MULTIVALUED']) })).toBe(false);
    expect(a.is('mAiL')).toBe(true);
  });

  it('is immutable and serialises to JSON', () => {
    const a = AttributeInfoBuilder.build('Mail', 'String', ['MULTIVALUED']);
    expect(Object.isFrozen(a)).toBe(true);
    expect(JSON.parse(JSON.stringify(a))).toEqual({ name: 'Mail', type: 'String', flags: ['MULTIVALUED'] });
  });
});

describe('predefined attribute infos (spec A.4)', () => {
  it.each<[AttributeInfo, string, JavaType, AttributeInfoFlag[]]>([
    [OperationalAttributeInfos.ENABLE, '__ENABLE__', 'boolean', []],
    [OperationalAttributeInfos.ENABLE_DATE, '__ENABLE_DATE__', 'long', []],
    [OperationalAttributeInfos.DISABLE_DATE, '__DISABLE_DATE__', 'long', []],
    [OperationalAttributeInfos.LOCK_OUT, '__LOCK_OUT__', 'boolean', []],
    [OperationalAttributeInfos.PASSWORD_EXPIRATION_DATE, '__PASSWORD_EXPIRATION_DATE__', 'long', []],
    [OperationalAttributeInfos.PASSWORD_EXPIRED, '__PASSWORD_EXPIRED__', 'boolean', []],
    [
      OperationalAttributeInfos.PASSWORD,
      '__PASSWORD__',
      'GuardedString',
      ['NOT_READABLE', 'NOT_RETURNED_BY_DEFAULT'],
    ],
    [
      OperationalAttributeInfos.CURRENT_PASSWORD,
      '__CURRENT_PASSWORD__',
      'GuardedString',
      ['NOT_READABLE', 'NOT_RETURNED_BY_DEFAULT'],
    ],
    [PredefinedAttributeInfos.SHORT_NAME, '__SHORT_NAME__', 'String', []],
    [PredefinedAttributeInfos.DESCRIPTION, '__DESCRIPTION__', 'String', []],
    [
      PredefinedAttributeInfos.LAST_PASSWORD_CHANGE_DATE,
      '__LAST_PASSWORD_CHANGE_DATE__',
      'long',
      ['NOT_CREATABLE', 'NOT_UPDATEABLE'],
    ],
    [PredefinedAttributeInfos.PASSWORD_CHANGE_INTERVAL, '__PASSWORD_CHANGE_INTERVAL__', 'long', []],
    [
      PredefinedAttributeInfos.LAST_LOGIN_DATE,
      '__LAST_LOGIN_DATE__',
      'long',
      ['NOT_CREATABLE', 'NOT_UPDATEABLE'],
    ],
    [PredefinedAttributeInfos.GROUPS, '__GROUPS__', 'String', ['MULTIVALUED', 'NOT_RETURNED_BY_DEFAULT']],
  ])('%s', (info, name, type, flags) => {
    expect(info.name).toBe(name);
    expect(info.type).toBe(type);
    expect(flagsOf(info)).toEqual(flags);
  });

  it('has 8 operational and 6 predefined infos', () => {
    expect(Object.keys(OperationalAttributeInfos)).toHaveLength(8);
    expect(Object.keys(PredefinedAttributeInfos)).toHaveLength(6);
  });

  it('NAME_INFO is a REQUIRED String __NAME__', () => {
    expect(NAME_INFO.name).toBe('__NAME__');
    expect(NAME_INFO.type).toBe('String');
    expect(flagsOf(NAME_INFO)).toEqual(['REQUIRED']);
  });
});

describe('ObjectClassInfo (spec A.7)', () => {
  it('builder defaults to __ACCOUNT__ and adds NAME_INFO when missing', () => {
    const info = new ObjectClassInfoBuilder().addAttributeInfo(AttributeInfoBuilder.build('mail')).build();
    expect(info.type).toBe('__ACCOUNT__');
    expect(info.isContainer).toBe(false);
    expect(info.attributeInfos).toHaveLength(2);
    const name = info.findAttributeInfo('__name__');
    expect(name).toBe(NAME_INFO);
    expect(name?.isRequired).toBe(true);
    expect(name?.type).toBe('String');
  });

  it('does not add __NAME__ twice when the connector supplies its own', () => {
    const own = AttributeInfoBuilder.build('__NAME__', 'String', ['REQUIRED', 'NOT_UPDATEABLE']);
    const info = new ObjectClassInfoBuilder().setType('__GROUP__').addAttributeInfo(own).build();
    expect(info.attributeInfos).toEqual([own]);
    expect(info.findAttributeInfo('__NAME__')?.isUpdateable).toBe(false);
  });

  it('an empty builder still yields a class with __NAME__', () => {
    expect(new ObjectClassInfoBuilder().build().attributeInfos).toEqual([NAME_INFO]);
  });

  it('duplicate info names throw "AttributeInfo of name \'%s\' already exists!"', () => {
    const builder = new ObjectClassInfoBuilder().addAttributeInfo(AttributeInfoBuilder.build('mail'));
    expect(() => builder.addAttributeInfo(AttributeInfoBuilder.build('mail', 'Map'))).toThrow(
      IllegalArgumentException,
    );
    expect(() => builder.addAttributeInfo(AttributeInfoBuilder.build('mail'))).toThrow(
      "AttributeInfo of name 'mail' already exists!",
    );
    expect(() => builder.addAllAttributeInfo([AttributeInfoBuilder.build('mail')])).toThrow(/already exists/);
  });

  it('the duplicate check is case-sensitive, as in Java; the info set then drops equal infos', () => {
    const differing = new ObjectClassInfoBuilder()
      .addAttributeInfo(AttributeInfoBuilder.build('mail'), AttributeInfoBuilder.build('MAIL', 'Map'))
      .build();
    expect(differing.attributeInfos.map((i) => i.name)).toEqual(['mail', 'MAIL', '__NAME__']);
    const equal = new ObjectClassInfoBuilder()
      .addAttributeInfo(AttributeInfoBuilder.build('mail'), AttributeInfoBuilder.build('MAIL'))
      .build();
    expect(equal.attributeInfos.map((i) => i.name)).toEqual(['mail', '__NAME__']);
  });

  it('constructor requires a __NAME__ info and a type', () => {
    expect(() => new ObjectClassInfo('x', [AttributeInfoBuilder.build('a')])).toThrow(
      IllegalArgumentException,
    );
    expect(() => new ObjectClassInfo(null as unknown as string, [NAME_INFO])).toThrow(NullPointerException);
    expect(new ObjectClassInfo('x', [AttributeInfoBuilder.build('__name__', 'String')]).type).toBe('x');
  });

  it('equality: case-insensitive type, same container flag, same info set in any order', () => {
    const mail = AttributeInfoBuilder.build('mail');
    const a = new ObjectClassInfo('User', [mail, NAME_INFO], true);
    expect(a.equals(new ObjectClassInfo('USER', [NAME_INFO, mail], true))).toBe(true);
    expect(a.equals(new ObjectClassInfo('User', [NAME_INFO, mail], false))).toBe(false);
    expect(a.equals(new ObjectClassInfo('User', [NAME_INFO], true))).toBe(false);
    expect(a.is('user')).toBe(true);
    expect(a.objectClass.type).toBe('User');
    expect(JSON.parse(JSON.stringify(a))).toEqual({
      type: 'User',
      isContainer: true,
      attributeInfos: [
        { name: 'mail', type: 'String', flags: [] },
        { name: '__NAME__', type: 'String', flags: ['REQUIRED'] },
      ],
    });
  });
});

describe('OperationOptionInfo (spec A.8)', () => {
  it.each<[string, () => OperationOptionInfo, string, JavaType]>([
    ['buildAttributesToGet', OperationOptionInfoBuilder.buildAttributesToGet, 'ATTRS_TO_GET', 'String[]'],
    [
      'buildRunWithPassword',
      OperationOptionInfoBuilder.buildRunWithPassword,
      'RUN_WITH_PASSWORD',
      'GuardedString',
    ],
    ['buildRunWithUser', OperationOptionInfoBuilder.buildRunWithUser, 'RUN_AS_USER', 'String'],
    ['buildScope', OperationOptionInfoBuilder.buildScope, 'SCOPE', 'String'],
    ['buildContainer', OperationOptionInfoBuilder.buildContainer, 'CONTAINER', 'QualifiedUid'],
    [
      'buildPagedResultsCookie',
      OperationOptionInfoBuilder.buildPagedResultsCookie,
      'PAGED_RESULTS_COOKIE',
      'String',
    ],
    [
      'buildPagedResultsOffset',
      OperationOptionInfoBuilder.buildPagedResultsOffset,
      'PAGED_RESULTS_OFFSET',
      'Integer',
    ],
    ['buildPageSize', OperationOptionInfoBuilder.buildPageSize, 'PAGE_SIZE', 'Integer'],
    ['buildSortKeys', OperationOptionInfoBuilder.buildSortKeys, 'SORT_KEYS', 'SortKey'],
  ])('%s → %s %s', (_label, build, name, type) => {
    const info = build();
    expect(info.name).toBe(name);
    expect(info.type).toBe(type);
  });

  it('requires name and type, and an option type', () => {
    expect(() => new OperationOptionInfo(null as unknown as string, 'String')).toThrow(NullPointerException);
    expect(() => new OperationOptionInfoBuilder('X').build()).toThrow(NullPointerException);
    expect(() => OperationOptionInfoBuilder.build('X', 'Map')).toThrow(IllegalArgumentException);
    expect(OperationOptionInfoBuilder.build('X').type).toBe('String');
    expect(new OperationOptionInfoBuilder().setName('Y').setType('Uid[]').build().type).toBe('Uid[]');
  });

  it('compares name case-sensitively', () => {
    const a = OperationOptionInfoBuilder.build('opt', 'int');
    expect(a.equals(OperationOptionInfoBuilder.build('opt', 'int'))).toBe(true);
    expect(a.equals(OperationOptionInfoBuilder.build('OPT', 'int'))).toBe(false);
    expect(a.equals(OperationOptionInfoBuilder.build('opt', 'Integer'))).toBe(false);
    expect(a.toJSON()).toEqual({ name: 'opt', type: 'int' });
  });
});

describe('SchemaBuilder (spec A.8)', () => {
  const account = new ObjectClassInfoBuilder().addAttributeInfo(AttributeInfoBuilder.build('mail')).build();
  const group = new ObjectClassInfoBuilder().setType('__GROUP__').build();
  const full = [
    'AuthenticateOp',
    'ResolveUsernameOp',
    'CreateOp',
    'DeleteOp',
    'SearchOp',
    'UpdateOp',
    'SyncOp',
    'SchemaOp',
    'TestOp',
  ] as const;
  const objectClassOps: ApiOperation[] = [
    'AuthenticationApiOp',
    'ResolveUsernameApiOp',
    'SearchApiOp',
    'CreateApiOp',
    'UpdateApiOp',
    'DeleteApiOp',
    'GetApiOp',
    'SyncApiOp',
  ];

  it('defineObjectClass registers the class for every supported object-class operation', () => {
    const schema = new SchemaBuilder(full).defineObjectClass(account).build();
    expect([...schema.supportedObjectClassesByOperation.keys()]).toEqual(objectClassOps);
    for (const op of objectClassOps)
      expect(schema.getSupportedObjectClassesByOperation(op)).toEqual(new Set([account]));
    expect(schema.getSupportedObjectClassesByOperation('SchemaApiOp').size).toBe(0);
    expect(schema.getSupportedObjectClassesByOperation('ScriptOnConnectorApiOp').size).toBe(0);
  });

  it('registers only for operations the connector implements', () => {
    const schema = new SchemaBuilder(['CreateOp', 'SchemaOp']).defineObjectClass(account).build();
    expect([...schema.supportedObjectClassesByOperation.keys()]).toEqual(['CreateApiOp']);
  });

  it('with an SPI op list registers only for those (supported) operations', () => {
    const schema = new SchemaBuilder(full)
      .defineObjectClass(account)
      .defineObjectClass(group, 'SearchOp', 'SchemaOp', 'TestOp', 'ScriptOnConnectorOp', 'BatchOp')
      .build();
    expect(types(schema.getSupportedObjectClassesByOperation('SearchApiOp'))).toEqual([
      '__ACCOUNT__',
      '__GROUP__',
    ]);
    expect(types(schema.getSupportedObjectClassesByOperation('GetApiOp'))).toEqual([
      '__ACCOUNT__',
      '__GROUP__',
    ]);
    expect(types(schema.getSupportedObjectClassesByOperation('CreateApiOp'))).toEqual(['__ACCOUNT__']);
    const ops = new SchemaBuilder(['CreateOp']).defineObjectClass(group, 'DeleteOp', 'CreateOp').build();
    expect([...ops.supportedObjectClassesByOperation.keys()]).toEqual(['CreateApiOp']);
  });

  it('defining the same class twice throws IllegalStateException', () => {
    const builder = new SchemaBuilder(full).defineObjectClass(account);
    expect(() => builder.defineObjectClass(account)).toThrow(IllegalStateException);
    const other = new ObjectClassInfoBuilder().setType('__account__').build();
    expect(() => builder.defineObjectClass(other, 'CreateOp')).toThrow(/already defined/);
  });

  it('removing SearchOp removes both Search and Get', () => {
    const schema = new SchemaBuilder(full)
      .defineObjectClass(account)
      .removeSupportedObjectClass('SearchOp', account)
      .build();
    expect(schema.getSupportedObjectClassesByOperation('SearchApiOp').size).toBe(0);
    expect(schema.getSupportedObjectClassesByOperation('GetApiOp').size).toBe(0);
    expect(schema.getSupportedObjectClassesByOperation('CreateApiOp').size).toBe(1);
  });

  it('UpdateOp and UpdateAttributeValuesOp both act on UpdateApiOp', () => {
    const builder = new SchemaBuilder(full).defineObjectClass(account);
    builder.removeSupportedObjectClass('UpdateAttributeValuesOp', account);
    expect(() => builder.removeSupportedObjectClass('UpdateOp', account)).toThrow(/already removed/);
    builder.addSupportedObjectClass('UpdateOp', account);
    expect(builder.build().getSupportedObjectClassesByOperation('UpdateApiOp').size).toBe(1);
  });

  it('add/remove throw for an undefined class, an unimplemented operation or a repeated change', () => {
    const builder = new SchemaBuilder(['CreateOp', 'SearchOp']).defineObjectClass(account);
    expect(() => builder.removeSupportedObjectClass('CreateOp', group)).toThrow(IllegalArgumentException);
    expect(() => builder.removeSupportedObjectClass('CreateOp', group)).toThrow(/not defined in schema/);
    expect(() => builder.removeSupportedObjectClass('DeleteOp', account)).toThrow(/not implemented/);
    expect(() => builder.addSupportedObjectClass('DeleteOp', account)).toThrow(/not implemented/);
    expect(() => builder.addSupportedObjectClass('CreateOp', account)).toThrow(/already supported/);
    expect(() => builder.addSupportedObjectClass('SchemaOp', account)).toThrow(IllegalArgumentException);
    expect(() => builder.addSupportedObjectClass('NopeOp' as never, account)).toThrow(
      IllegalArgumentException,
    );
    builder.removeSupportedObjectClass('CreateOp', account);
    expect(() => builder.removeSupportedObjectClass('CreateOp', account)).toThrow(/already removed/);
  });

  it('clearSupportedObjectClassesByOperation empties every operation, then add restores one', () => {
    const builder = new SchemaBuilder(full)
      .defineObjectClass(account)
      .clearSupportedObjectClassesByOperation();
    builder.addSupportedObjectClass('SearchOp', account);
    const schema = builder.build();
    expect(schema.objectClassInfo.size).toBe(1);
    expect(objectClassOps.filter((op) => schema.getSupportedObjectClassesByOperation(op).size > 0)).toEqual([
      'SearchApiOp',
      'GetApiOp',
    ]);
  });

  it('build() without object classes throws', () => {
    const builder = new SchemaBuilder(full).defineOperationOption(OperationOptionInfoBuilder.buildPageSize());
    expect(() => builder.build()).toThrow(IllegalStateException);
    expect(() => builder.build()).toThrow('Must be at least one ObjectClassInfo object!');
  });

  it('operation options follow the same pattern over the option operations', () => {
    const pageSize = OperationOptionInfoBuilder.buildPageSize();
    const runAs = OperationOptionInfoBuilder.buildRunWithUser();
    const builder = new SchemaBuilder(['SearchOp', 'ScriptOnResourceOp'])
      .defineObjectClass(account)
      .defineOperationOption(pageSize, 'SearchOp', 'TestOp')
      .defineOperationOption(runAs);
    expect(() => builder.defineOperationOption(OperationOptionInfoBuilder.build('PAGE_SIZE', 'int'))).toThrow(
      IllegalStateException,
    );
    builder.removeSupportedOperationOption('ScriptOnConnectorOp', runAs);
    const schema = builder.build();
    expect(schema.getSupportedOptionsByOperation('SearchApiOp')).toEqual(new Set([pageSize, runAs]));
    expect(schema.getSupportedOptionsByOperation('GetApiOp')).toEqual(new Set([pageSize, runAs]));
    expect(schema.getSupportedOptionsByOperation('ScriptOnResourceApiOp')).toEqual(new Set([runAs]));
    expect(schema.getSupportedOptionsByOperation('ScriptOnConnectorApiOp').size).toBe(0);
    expect(schema.findOperationOptionInfo('PAGE_SIZE')).toBe(pageSize);
    expect(schema.findOperationOptionInfo('page_size')).toBeUndefined();
  });

  it('forConnector uses duck typing, and the schema is independent of later builder changes', () => {
    const builder = SchemaBuilder.forConnector({ create: () => undefined, delete: () => undefined });
    expect([...builder.defaultSupportedOperations]).toEqual([
      'ValidateApiOp',
      'CreateApiOp',
      'DeleteApiOp',
      'ScriptOnConnectorApiOp',
    ]);
    builder.defineObjectClass(account);
    const schema = builder.build();
    builder.removeSupportedObjectClass('DeleteOp', account);
    expect(schema.getSupportedObjectClassesByOperation('DeleteApiOp').size).toBe(1);
  });

  it('rejects unknown SPI names and non-info arguments', () => {
    expect(() => new SchemaBuilder(['CreateApiOp' as never])).toThrow(IllegalArgumentException);
    expect(() => new SchemaBuilder(full).defineObjectClass({} as ObjectClassInfo)).toThrow(
      IllegalArgumentException,
    );
    expect(() => new SchemaBuilder(full).defineObjectClass(account, 'Bogus' as never)).toThrow(
      IllegalArgumentException,
    );
  });
});

describe('Schema', () => {
  const account = new ObjectClassInfoBuilder().build();
  const group = new ObjectClassInfoBuilder().setType('Group').build();
  const schema = new SchemaBuilder(['CreateOp', 'SearchOp'])
    .defineObjectClass(account)
    .defineObjectClass(group, 'SearchOp')
    .defineOperationOption(OperationOptionInfoBuilder.buildAttributesToGet())
    .build();

  it('finds object classes case-insensitively', () => {
    expect(schema.findObjectClassInfo('GROUP')).toBe(group);
    expect(schema.findObjectClassInfo('__account__')).toBe(account);
    expect(schema.findObjectClassInfo('nope')).toBeUndefined();
  });

  it('equals a schema built the same way, not one with different support', () => {
    const same = new SchemaBuilder(['CreateOp', 'SearchOp'])
      .defineObjectClass(group, 'SearchOp')
      .defineObjectClass(new ObjectClassInfoBuilder().build())
      .defineOperationOption(OperationOptionInfoBuilder.buildAttributesToGet())
      .build();
    expect(schema.equals(same)).toBe(true);
    const different = new SchemaBuilder(['CreateOp', 'SearchOp'])
      .defineObjectClass(group)
      .defineObjectClass(account)
      .defineOperationOption(OperationOptionInfoBuilder.buildAttributesToGet())
      .build();
    expect(schema.equals(different)).toBe(false);
  });

  it('a missing operation entry equals an empty one', () => {
    const a = new Schema([account], [], new Map([['CreateApiOp', []]]));
    const b = new Schema([account], []);
    expect(a.equals(b)).toBe(true);
    expect(a.supportedObjectClassesByOperation.has('CreateApiOp')).toBe(true);
  });

  it('constructor rejects undeclared members and unknown operations', () => {
    expect(() => new Schema([account], [], new Map([['CreateApiOp', [group]]]))).toThrow(/not declared/);
    expect(() => new Schema([account], [], [['CreateOp' as ApiOperation, [account]]])).toThrow(
      IllegalArgumentException,
    );
  });

  it('serialises to JSON with types and names in the per-operation maps', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual({
      objectClassInfo: [account.toJSON(), group.toJSON()],
      operationOptionInfo: [{ name: 'ATTRS_TO_GET', type: 'String[]' }],
      supportedObjectClassesByOperation: {
        SearchApiOp: ['__ACCOUNT__', 'Group'],
        CreateApiOp: ['__ACCOUNT__'],
        GetApiOp: ['__ACCOUNT__', 'Group'],
      },
      supportedOptionsByOperation: {
        SearchApiOp: ['ATTRS_TO_GET'],
        CreateApiOp: ['ATTRS_TO_GET'],
        GetApiOp: ['ATTRS_TO_GET'],
        ScriptOnConnectorApiOp: ['ATTRS_TO_GET'],
      },
    });
  });
});
