import { describe, expect, it } from 'vitest';
import {
  Attribute,
  AttributeBuilder,
  ConnectorObject,
  ConnectorObjectBuilder,
  GuardedString,
  IllegalArgumentException,
  int,
  long,
  Name,
  NullPointerException,
  ObjectClass,
  Uid,
} from '../src/index.js';

describe('ObjectClass', () => {
  it('compares case-insensitively and knows the predefined classes', () => {
    expect(new ObjectClass('__account__').equals(ObjectClass.ACCOUNT)).toBe(true);
    expect(ObjectClass.GROUP.type).toBe('__GROUP__');
    expect(ObjectClass.ALL.type).toBe('__ALL__');
    expect(ObjectClass.ACCOUNT.displayNameKey).toBe('MESSAGE_OBJECT_CLASS___ACCOUNT__');
    expect(() => new ObjectClass(null as never)).toThrow(NullPointerException);
  });
});

describe('Attribute', () => {
  it('distinguishes a null value list from an empty one', () => {
    const cleared = AttributeBuilder.fromList('mail', null);
    const empty = AttributeBuilder.build('mail');
    expect(cleared.value).toBeNull();
    expect(empty.value).toEqual([]);
    expect(cleared.equals(empty)).toBe(false);
  });

  it('is equal only with the same class, a case-insensitive name and the same ordered values', () => {
    expect(AttributeBuilder.build('mail', 'a').equals(AttributeBuilder.build('MAIL', 'a'))).toBe(true);
    expect(AttributeBuilder.build('x', 'a', 'b').equals(AttributeBuilder.build('x', 'b', 'a'))).toBe(false);
    expect(new Uid('1').equals(new Attribute('__UID__', ['1']))).toBe(false);
    expect(AttributeBuilder.build('n', int(1)).equals(AttributeBuilder.build('n', long(1)))).toBe(false);
  });

  it('returns Uid and Name for the special names', () => {
    expect(AttributeBuilder.build('__UID__', '1')).toBeInstanceOf(Uid);
    expect(AttributeBuilder.build('__NAME__', 'bob')).toBeInstanceOf(Name);
    expect(() => AttributeBuilder.build('__UID__', '1', '2')).toThrow(IllegalArgumentException);
  });

  it('keeps a Uid revision and rejects null or blank uids', () => {
    const uid = new Uid('123', '7');
    expect(uid.uidValue).toBe('123');
    expect(uid.revision).toBe('7');
    expect(uid.equals(new Uid('123', '8'))).toBe(false);
    expect(() => new Uid(null as never)).toThrow(NullPointerException);
    expect(() => new Uid(' ')).toThrow(IllegalArgumentException);
    expect(() => new Uid('1', ' ')).toThrow(/Revision/);
  });

  it('requires exactly one GuardedString for __PASSWORD__ and __CURRENT_PASSWORD__', () => {
    expect(() => AttributeBuilder.build('__PASSWORD__', 'clear')).toThrow(IllegalArgumentException);
    expect(() => AttributeBuilder.build('__CURRENT_PASSWORD__')).toThrow(/GuardedString/);
    const pw = AttributeBuilder.buildPassword(new GuardedString('s3cret'));
    expect(pw.toString()).not.toContain('s3cret');
    expect(JSON.stringify(pw)).not.toContain('s3cret');
  });

  it('rejects a blank name', () => {
    expect(() => AttributeBuilder.build(' ')).toThrow(IllegalArgumentException);
  });
});

describe('ConnectorObject', () => {
  it('requires a Uid and a Name', () => {
    expect(() => new ConnectorObjectBuilder().setName('bob').build()).toThrow("must contain a 'Uid'");
    expect(() => new ConnectorObjectBuilder().setUid('1').build()).toThrow("must contain a 'Name'");
    expect(() => new ConnectorObject(ObjectClass.ACCOUNT, [])).toThrow(IllegalArgumentException);
  });

  it('defaults to __ACCOUNT__ and rejects __ALL__', () => {
    const obj = new ConnectorObjectBuilder().setUid('1').setName('bob').build();
    expect(obj.objectClass.equals(ObjectClass.ACCOUNT)).toBe(true);
    expect(() => new ConnectorObjectBuilder().setObjectClass(ObjectClass.ALL)).toThrow(
      IllegalArgumentException,
    );
  });

  it('looks attributes up case-insensitively and replaces same-named ones', () => {
    const obj = new ConnectorObjectBuilder()
      .setUid('1')
      .setName('bob')
      .addAttribute('mail', 'old@x')
      .addAttribute('MAIL', 'new@x')
      .build();
    expect(obj.getAttributeByName('Mail')?.value).toEqual(['new@x']);
    expect(obj.attributes).toHaveLength(3);
    expect(obj.uid.uidValue).toBe('1');
    expect(obj.name.nameValue).toBe('bob');
  });
});
