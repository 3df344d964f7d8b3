import { describe, expect, it } from 'vitest';
import { ClassCastException, NullPointerException } from '../src/errors.js';
import { Attribute, AttributeBuilder, Name, Uid } from '../src/objects/attribute.js';
import { AttributesAccessor, AttributeUtil } from '../src/objects/attributes-accessor.js';
import { ConnectorObjectBuilder } from '../src/objects/connector-object.js';
import {
  bigDecimal,
  bigInteger,
  byte,
  char,
  double,
  float,
  int,
  JavaBigDecimal,
  long,
} from '../src/values/boxed.js';
import { GuardedByteArray, GuardedString } from '../src/values/guarded.js';

const password = new GuardedString('secret');
const attrs = [
  new Uid('u1'),
  new Name('alice'),
  AttributeBuilder.buildEnabled(false),
  AttributeBuilder.buildPassword(password),
  AttributeBuilder.build('Mail', 'a@b'),
  AttributeBuilder.build('groups', 'g1', 'g2'),
  AttributeBuilder.build('initial', char('A')),
  AttributeBuilder.build('age', int(42)),
  AttributeBuilder.build('bigLong', long(2n ** 60n)),
  AttributeBuilder.build('created', long(86_400_000)),
  AttributeBuilder.build('ratio', double(0.5)),
  AttributeBuilder.build('ratioF', float(0.25)),
  AttributeBuilder.build('amount', bigDecimal('12.50')),
  AttributeBuilder.build('flag', true),
  AttributeBuilder.build('b', byte(-3)),
  AttributeBuilder.build('photo', new Uint8Array([1, 2])),
  AttributeBuilder.build('huge', bigInteger('123456789012345678901234567890')),
  AttributeBuilder.build('key', new GuardedByteArray(new Uint8Array([9]))),
  AttributeBuilder.build('apiKey', new GuardedString('k')),
  AttributeBuilder.build('profile', { city: 'Paris' }),
  AttributeBuilder.build('empty'),
  AttributeBuilder.fromList('cleared', null),
  AttributeBuilder.build('mixed', 'x', null, int(1)),
];

describe('AttributesAccessor', () => {
  const a = new AttributesAccessor(attrs);

  it('finds attributes case-insensitively', () => {
    expect(a.find('mail')?.name).toBe('Mail');
    expect(a.find('MAIL')?.name).toBe('Mail');
    expect(a.find('missing')).toBeUndefined();
    expect(a.hasAttribute('GROUPS')).toBe(true);
    expect(a.hasAttribute('nope')).toBe(false);
    expect(a.listAttributeNames()).toContain('Mail');
    expect(a.listAttributeNames()).toHaveLength(attrs.length);
  });

  it('reads the special attributes', () => {
    expect(a.getUid()?.uidValue).toBe('u1');
    expect(a.getName()?.nameValue).toBe('alice');
    expect(a.getEnabled(true)).toBe(false);
    expect(new AttributesAccessor([]).getEnabled(true)).toBe(true);
    expect(new AttributesAccessor([]).getEnabled(false)).toBe(false);
    expect(a.getPassword()).toBe(password);
    expect(new AttributesAccessor([]).getPassword()).toBeNull();
    expect(new AttributesAccessor([]).getUid()).toBeUndefined();
  });

  it('returns JS-level values from the typed getters', () => {
    expect(a.findString('mail')).toBe('a@b');
    expect(a.findCharacter('initial')).toBe('A');
    expect(a.findInteger('AGE')).toBe(42);
    expect(a.findLong('bigLong')).toBe(2n ** 60n);
    expect(a.findDate('created')?.toISOString()).toBe('1970-01-02T00:00:00.000Z');
    expect(a.findDouble('ratio')).toBe(0.5);
    expect(a.findFloat('ratioF')).toBe(0.25);
    expect(a.findBigDecimal('amount')).toEqual(new JavaBigDecimal(1250n, 2));
    expect(a.findBoolean('flag')).toBe(true);
    expect(a.findByte('b')).toBe(-3);
    expect(a.findByteArray('photo')).toEqual(new Uint8Array([1, 2]));
    expect(a.findBigInteger('huge')).toBe(123456789012345678901234567890n);
    expect(a.findGuardedByteArray('key')).toBeInstanceOf(GuardedByteArray);
    expect(a.findGuardedString('apiKey')?.access((c) => c)).toBe('k');
    expect(a.findMap('profile')?.get('city')).toBe('Paris');
  });

  it('returns null for absent attributes and empty or null value lists', () => {
    expect(a.findString('missing')).toBeNull();
    expect(a.findString('empty')).toBeNull();
    expect(a.findInteger('cleared')).toBeNull();
    expect(a.findList('missing')).toBeNull();
    expect(a.findList('cleared')).toBeNull();
    expect(a.findList('empty')).toEqual([]);
    expect(a.findStringList('missing')).toBeNull();
  });

  it('throws for multi-valued attributes in single-value getters', () => {
    expect(() => a.findString('groups')).toThrow(/groups/);
    expect(() => a.findInteger('mixed')).toThrow();
  });

  it('throws ClassCastException for a value of another Java type', () => {
    expect(() => a.findInteger('bigLong')).toThrow(ClassCastException);
    expect(() => a.findLong('age')).toThrow(ClassCastException);
    expect(() => a.findString('age')).toThrow(/Integer/);
    expect(() => a.findStringList('mixed')).toThrow(ClassCastException);
  });

  it('lists values', () => {
    expect(a.findList('GROUPS')).toEqual(['g1', 'g2']);
    expect(a.findStringList('groups')).toEqual(['g1', 'g2']);
    expect(a.findStringList('mail')).toEqual(['a@b']);
  });

  it('accepts a connector object and rejects null', () => {
    const obj = new ConnectorObjectBuilder().setUid('1').setName('n').addAttribute('x', 'y').build();
    expect(new AttributesAccessor(obj).findString('X')).toBe('y');
    expect(() => new AttributesAccessor(null as never)).toThrow(NullPointerException);
  });
});

describe('AttributeUtil', () => {
  it('reads single values', () => {
    const mail = AttributeBuilder.build('mail', 'a@b');
    expect(AttributeUtil.getSingleValue(mail)).toBe('a@b');
    expect(AttributeUtil.getStringValue(mail)).toBe('a@b');
    expect(AttributeUtil.getSingleValue(undefined)).toBeNull();
    expect(AttributeUtil.getAsStringValue(AttributeBuilder.build('n', long(7)))).toBe('7');
    expect(AttributeUtil.getAsStringValue(AttributeBuilder.build('p', new Uint8Array([1, 2, 3])))).toBe(
      'AQID',
    );
    expect(AttributeUtil.getAsStringValue(AttributeBuilder.build('s', new GuardedString('x')))).toBe(
      '[GuardedString]',
    );
    expect(AttributeUtil.getAsStringValue(AttributeBuilder.build('e'))).toBeNull();
    expect(() => AttributeUtil.getSingleValue(AttributeBuilder.build('m', 'a', 'b'))).toThrow();
    expect(() => AttributeUtil.getStringValue(AttributeBuilder.build('i', int(1)))).toThrow(
      ClassCastException,
    );
    expect(AttributeUtil.getIntegerValue(AttributeBuilder.build('i', int(1)))).toBe(1);
    expect(AttributeUtil.getLongValue(AttributeBuilder.build('l', long(1)))).toBe(1n);
  });

  it('builds a case-insensitive map', () => {
    const map = AttributeUtil.toMap(attrs);
    expect(map.get('mail')?.name).toBe('Mail');
    expect(map.get('MAIL')?.name).toBe('Mail');
    expect(map.has('__uid__')).toBe(true);
    expect(map.size).toBe(attrs.length);
  });

  it('splits basic and special attributes', () => {
    const basic = AttributeUtil.getBasicAttributes(attrs).map((x) => x.name);
    const special = AttributeUtil.getSpecialAttributes(attrs).map((x) => x.name);
    expect(special).toEqual(['__UID__', '__NAME__', '__ENABLE__', '__PASSWORD__']);
    expect(basic).toContain('Mail');
    expect(basic.length + special.length).toBe(attrs.length);
    expect(AttributeUtil.isSpecial(new Name('x'))).toBe(true);
  });

  it('filters and adds the uid', () => {
    const withoutUid = AttributeUtil.filterUid(attrs);
    expect(withoutUid.some((x) => x instanceof Uid)).toBe(false);
    expect(withoutUid).toHaveLength(attrs.length - 1);
    const replaced = AttributeUtil.addUid(attrs, 'u2');
    expect(replaced.filter((x) => x instanceof Uid)).toHaveLength(1);
    expect(AttributeUtil.getUidAttribute(replaced)?.uidValue).toBe('u2');
    expect(AttributeUtil.getNameFromAttributes(attrs)?.nameValue).toBe('alice');
    expect(() => AttributeUtil.addUid(attrs, null as never)).toThrow(NullPointerException);
  });

  it('finds by name case-insensitively', () => {
    expect(AttributeUtil.find('mail', attrs)?.name).toBe('Mail');
    expect(AttributeUtil.find('nope', attrs)).toBeUndefined();
  });

  it('reads enable, lock-out and password from attribute sets and objects', () => {
    expect(AttributeUtil.isEnabled(attrs)).toBe(false);
    expect(AttributeUtil.isEnabled([AttributeBuilder.buildEnabled(true)])).toBe(true);
    expect(AttributeUtil.isEnabled([])).toBe(false);
    expect(AttributeUtil.isEnabled([], true)).toBe(true);
    expect(AttributeUtil.isLockedOut([AttributeBuilder.buildLockOut(true)])).toBe(true);
    expect(AttributeUtil.isLockedOut(attrs)).toBe(false);
    expect(AttributeUtil.getPasswordValue(attrs)).toBe(password);
    expect(AttributeUtil.getPasswordValue([])).toBeNull();
    const obj = new ConnectorObjectBuilder()
      .setUid('1')
      .setName('n')
      .addAttribute(AttributeBuilder.buildEnabled(true), new Attribute('__LOCK_OUT__', [false]))
      .build();
    expect(AttributeUtil.isEnabled(obj)).toBe(true);
    expect(AttributeUtil.isLockedOut(obj)).toBe(false);
  });
});
