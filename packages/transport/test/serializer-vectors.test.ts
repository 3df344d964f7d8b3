import { readFileSync } from 'node:fs';
import {
  Attribute,
  AttributeInfo,
  arrayOf,
  ConnectorObject,
  ConnectorObjectBuilder,
  GuardedString,
  int,
  Name,
  ObjectClass,
  Uid,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  decryptGuarded,
  deserializeBinary,
  deserializeBinaryAs,
  encryptGuarded,
  serializeBinary,
} from '../src/serializer/index.js';

function vector(name: string): Uint8Array {
  const hex = readFileSync(new URL(`./fixtures/vectors/${name}.hex`, import.meta.url), 'utf8').trim();
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('spec §4.5 test vectors', () => {
  const cases: [string, unknown][] = [
    ['null', null],
    ['string-abc', 'abc'],
    ['integer-5', int(5)],
    ['uid-123', new Uid('123')],
    ['attribute-mail', new Attribute('mail', ['a@b'])],
  ];

  for (const [name, value] of cases) {
    it(`encodes ${name} byte for byte`, () => {
      expect(toHex(serializeBinary(value))).toBe(toHex(vector(name)));
    });
    it(`decodes ${name}`, () => {
      const decoded = deserializeBinary(vector(name));
      if (value === null || typeof value === 'string') expect(decoded).toBe(value);
      else expect((value as { equals(o: unknown): boolean }).equals(decoded)).toBe(true);
    });
  }

  it('decodes from a view at a non-zero offset, ignoring trailing bytes', () => {
    const blob = vector('attribute-mail');
    const padded = new Uint8Array(blob.length + 7);
    padded.set(blob, 3);
    const view = padded.subarray(3);
    expect(deserializeBinaryAs(view, Attribute).equals(new Attribute('mail', ['a@b']))).toBe(true);
  });

  it('decodes Integer 5 as an Integer (not a Long)', () => {
    const decoded = deserializeBinary(vector('integer-5'));
    expect(decoded).toEqual(int(5));
    expect((decoded as { javaType: string }).javaType).toBe('Integer');
  });

  it('decodes Uid "123" as a Uid without revision', () => {
    const uid = deserializeBinaryAs(vector('uid-123'), Uid);
    expect(uid.uidValue).toBe('123');
    expect(uid.revision).toBeUndefined();
  });

  it('decodes Attribute mail', () => {
    const attr = deserializeBinaryAs(vector('attribute-mail'), Attribute);
    expect(attr.constructor).toBe(Attribute);
    expect(attr.name).toBe('mail');
    expect(attr.value).toEqual(['a@b']);
  });

  it('encodes GuardedString "changeit" byte for byte', () => {
    expect(toHex(serializeBinary(new GuardedString('changeit')))).toBe(
      toHex(vector('guarded-string-changeit')),
    );
  });

  it('decodes GuardedString "changeit"', () => {
    const secret = deserializeBinaryAs(vector('guarded-string-changeit'), GuardedString);
    expect(secret.access((clear) => clear)).toBe('changeit');
    expect(secret.equals(new GuardedString('changeit'))).toBe(true);
  });

  it('§4.4: AES-128-CBC ciphertext of "changeit" (UTF-16BE)', () => {
    const clear = Buffer.from('changeit', 'utf16le').swap16();
    const ciphertext = encryptGuarded(clear);
    expect(toHex(ciphertext)).toBe(toHex(vector('aes-changeit-ciphertext')));
    expect(decryptGuarded(ciphertext).equals(clear)).toBe(true);
  });

  it('writes arrays as 0x3E + component class-spec with one anonymous object per element', () => {
    const bytes = serializeBinary(arrayOf('String', ['a']));
    expect(toHex(bytes)).toBe(
      '0000fafb0000000200000001' +
        '00000006537472696e6700000000' + // pool: String = 0
        '3e3d00000000' + // String[]
        '4600000010' + // anonymous field of 16 bytes
        '3d0000000046000000050000000161' + // String "a"
        '48' +
        '48',
    );
    expect(deserializeBinary(bytes)).toEqual(arrayOf('String', ['a']));
  });

  it('writes byte[] as the named type ByteArray in class-specs', () => {
    const bytes = serializeBinary(new AttributeInfo('photo', 'byte[]', ['MULTIVALUED']));
    expect(Buffer.from(bytes).includes(Buffer.from('ByteArray'))).toBe(true);
    expect(Buffer.from(bytes).includes(Buffer.from('AttributeInfoFlag'))).toBe(true);
    const info = deserializeBinaryAs(bytes, AttributeInfo);
    expect(info.type).toBe('byte[]');
    expect([...info.flags]).toEqual(['MULTIVALUED']);
  });

  describe('ConnectorObject vector', () => {
    const expected = new ConnectorObjectBuilder()
      .setObjectClass(ObjectClass.ACCOUNT)
      .setUid('123')
      .setName('alice')
      .addAttribute('mail', 'a@b')
      .build();

    it('decodes to the expected object', () => {
      const obj = deserializeBinaryAs(vector('connector-object'), ConnectorObject);
      expect(obj.equals(expected)).toBe(true);
      expect(obj.objectClass.type).toBe('__ACCOUNT__');
      expect(obj.uid).toBeInstanceOf(Uid);
      expect(obj.uid.uidValue).toBe('123');
      expect(obj.name).toBeInstanceOf(Name);
      expect(obj.name.nameValue).toBe('alice');
      expect(obj.getAttributeByName('MAIL')?.value).toEqual(['a@b']);
      expect(obj.attributes.map((a) => a.name)).toEqual(['mail', '__NAME__', '__UID__']);
    });

    it('round-trips structurally', () => {
      const decoded = deserializeBinaryAs(vector('connector-object'), ConnectorObject);
      const again = deserializeBinaryAs(serializeBinary(decoded), ConnectorObject);
      expect(again.equals(expected)).toBe(true);
      expect(deserializeBinaryAs(serializeBinary(expected), ConnectorObject).equals(expected)).toBe(true);
    });

    it('re-encodes to the same bytes when the attribute order is the same', () => {
      const decoded = deserializeBinaryAs(vector('connector-object'), ConnectorObject);
      expect(toHex(serializeBinary(decoded))).toBe(toHex(vector('connector-object')));
    });
  });
});
