import { describe, expect, it } from 'vitest';
import { IllegalArgumentException, NullPointerException } from '../src/errors.js';
import { Uid } from '../src/objects/attribute.js';
import { ConnectorObjectBuilder } from '../src/objects/connector-object.js';
import { ObjectClass } from '../src/objects/object-class.js';
import {
  isSyncDeltaType,
  SYNC_DELTA_TYPES,
  SyncDelta,
  SyncDeltaBuilder,
  SyncDeltaType,
  SyncToken,
} from '../src/objects/sync.js';
import { int, JavaInteger, JavaLong, long } from '../src/values/boxed.js';

const account = (uid = '1', revision?: string) =>
  new ConnectorObjectBuilder()
    .setObjectClass(ObjectClass.ACCOUNT)
    .setUid(new Uid(uid, revision))
    .setName(`user${uid}`)
    .build();

describe('SyncToken', () => {
  it('keeps the Java type of its value and compares by value', () => {
    expect(new SyncToken(5).value).toBeInstanceOf(JavaInteger);
    expect(new SyncToken('abc').equals(new SyncToken('abc'))).toBe(true);
    expect(new SyncToken(int(5)).equals(new SyncToken(long(5)))).toBe(false);
    expect(new SyncToken(long(5)).equals(new SyncToken(5n))).toBe(true);
  });

  it('keeps a Long above 2^53 exactly', () => {
    const big = 2n ** 53n + 1n;
    const token = new SyncToken(big);
    expect(token.value).toBeInstanceOf(JavaLong);
    expect((token.value as JavaLong).value).toBe(9007199254740993n);
    expect(new SyncToken(long('9007199254740993')).equals(token)).toBe(true);
    expect(new SyncToken(long('9007199254740992')).equals(token)).toBe(false);
    expect(JSON.stringify(token)).toBe('"9007199254740993"');
    expect(token.toString()).toBe('SyncToken: 9007199254740993');
  });

  it('rejects null and unsupported values', () => {
    expect(() => new SyncToken(null as never)).toThrow(NullPointerException);
    expect(() => new SyncToken(undefined as never)).toThrow(NullPointerException);
    expect(() => new SyncToken((() => 1) as never)).toThrow(IllegalArgumentException);
  });
});

describe('SyncDeltaType', () => {
  it('has the four Java constants', () => {
    expect(SYNC_DELTA_TYPES).toEqual(['CREATE_OR_UPDATE', 'DELETE', 'CREATE', 'UPDATE']);
    expect(SyncDeltaType.DELETE).toBe('DELETE');
    expect(isSyncDeltaType('UPDATE')).toBe(true);
    expect(isSyncDeltaType('update')).toBe(false);
  });
});

describe('SyncDeltaBuilder', () => {
  const token = new SyncToken(1);

  it('setObject copies uid and objectClass from the object', () => {
    const obj = account('42', 'r1');
    const builder = new SyncDeltaBuilder().setToken(token).setDeltaType('CREATE_OR_UPDATE').setObject(obj);
    expect(builder.uid?.equals(new Uid('42', 'r1'))).toBe(true);
    expect(builder.objectClass?.equals(ObjectClass.ACCOUNT)).toBe(true);
    const delta = builder.build();
    expect(delta.uid.uidValue).toBe('42');
    expect(delta.uid.revision).toBe('r1');
    expect(delta.objectClass?.type).toBe('__ACCOUNT__');
    expect(delta.object?.equals(obj)).toBe(true);
    expect(delta.previousUid).toBeNull();
  });

  it('allows a DELETE without object and without objectClass', () => {
    const delta = new SyncDeltaBuilder().setToken(token).setDeltaType('DELETE').setUid('7').build();
    expect(delta.object).toBeNull();
    expect(delta.objectClass).toBeNull();
    expect(delta.uid.uidValue).toBe('7');
  });

  it('rule 1: previousUid only for CREATE_OR_UPDATE and UPDATE', () => {
    const base = () => new SyncDeltaBuilder().setToken(token).setPreviousUid('old');
    expect(base().setDeltaType('CREATE_OR_UPDATE').setObject(account()).build().previousUid?.uidValue).toBe(
      'old',
    );
    expect(base().setDeltaType('UPDATE').setObject(account()).build().previousUid?.uidValue).toBe('old');
    expect(() => base().setDeltaType('DELETE').setUid('1').build()).toThrow(IllegalArgumentException);
    expect(() => base().setDeltaType('CREATE').setObject(account()).build()).toThrow(/previousUid/);
  });

  it('rule 2: object required unless DELETE', () => {
    for (const type of ['CREATE_OR_UPDATE', 'CREATE', 'UPDATE'] as const) {
      const b = new SyncDeltaBuilder()
        .setToken(token)
        .setDeltaType(type)
        .setUid('1')
        .setObjectClass(ObjectClass.ACCOUNT);
      expect(() => b.build()).toThrow(IllegalArgumentException);
      expect(() => b.build()).toThrow(/object is required/);
    }
  });

  it('rule 3: uid and objectClass must match the object', () => {
    const b = new SyncDeltaBuilder().setToken(token).setDeltaType('CREATE_OR_UPDATE').setObject(account('1'));
    expect(() => b.setUid('2').build()).toThrow(/uid/);
    b.setObject(account('1'));
    expect(() => b.setObjectClass(ObjectClass.GROUP).build()).toThrow(/objectClass/);
    b.setObject(account('1'));
    expect(() => b.setObjectClass(null).build()).toThrow(IllegalArgumentException);
    b.setObject(account('1'));
    // The class comparison is case-insensitive, like ObjectClass.equals.
    expect(b.setObjectClass('__account__').build().objectClass?.type).toBe('__account__');
  });

  it('requires token, deltaType and uid', () => {
    expect(() => new SyncDeltaBuilder().setDeltaType('DELETE').setUid('1').build()).toThrow(
      NullPointerException,
    );
    expect(() => new SyncDeltaBuilder().setToken(token).setUid('1').build()).toThrow(NullPointerException);
    expect(() => new SyncDeltaBuilder().setToken(token).setDeltaType('DELETE').build()).toThrow(
      NullPointerException,
    );
    expect(() =>
      new SyncDeltaBuilder()
        .setToken(token)
        .setDeltaType('GONE' as never)
        .setUid('1')
        .build(),
    ).toThrow(IllegalArgumentException);
  });

  it('wraps raw token values and copies an existing delta', () => {
    const delta = new SyncDeltaBuilder().setToken(99n).setDeltaType('DELETE').setUid('1').build();
    expect(delta.token.value).toBeInstanceOf(JavaLong);
    const copy = new SyncDeltaBuilder(delta).build();
    expect(copy.equals(delta)).toBe(true);
    expect(copy).not.toBe(delta);
    const changed = new SyncDeltaBuilder(delta).setUid('2').build();
    expect(changed.equals(delta)).toBe(false);
  });

  it('constructs directly and renders as JSON', () => {
    const delta = new SyncDelta({
      token,
      deltaType: 'CREATE',
      uid: new Uid('1'),
      objectClass: ObjectClass.ACCOUNT,
      object: account(),
    });
    const json = delta.toJSON();
    expect(json).toMatchObject({
      token: 1,
      deltaType: 'CREATE',
      uid: '1',
      objectClass: '__ACCOUNT__',
      previousUid: null,
    });
    expect(delta.toString()).toContain('"deltaType":"CREATE"');
  });
});
