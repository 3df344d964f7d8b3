/**
 * The fast paths of serializeBinary / deserializeBinary against the registry-driven encoder and decoder: the same
 * bytes, the same values, the same errors. The fast paths must also really be taken for the values they exist for,
 * or these comparisons would prove nothing.
 */

import { readdirSync, readFileSync } from 'node:fs';
import {
  Attribute,
  AttributeBuilder,
  ConnectorObject,
  ConnectorObjectBuilder,
  GuardedString,
  int,
  JavaInteger,
  long,
  type MapValueInput,
  Name,
  ObjectClass,
  Uid,
} from '@rcskit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAST_PATH_DECLINED, tryFastDeserialize } from '../src/serializer/fast/decoder.js';
import { tryFastSerialize } from '../src/serializer/fast/encoder.js';
import {
  BinaryObjectDecoder,
  BinaryObjectEncoder,
  DEFAULT_REGISTRY,
  deserializeBinary,
  SerializationException,
  serializeBinary,
} from '../src/serializer/index.js';
import { mutate, prng } from './fixtures/blob-mutation.js';
import {
  arbAnyValue,
  arbAttribute,
  arbAttributeValue,
  arbConnectorObject,
  arbRegistryObject,
  javaEquals,
} from './fixtures/serializer-support.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function genericEncode(value: unknown): Uint8Array {
  const encoder = new BinaryObjectEncoder(DEFAULT_REGISTRY);
  encoder.writeObject(value);
  return encoder.toBytes();
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

function outcome(decode: () => unknown): Outcome {
  try {
    return { ok: true, value: decode() };
  } catch (error) {
    if (!(error instanceof SerializationException)) throw error;
    return { ok: false, error: error.message };
  }
}

const genericDecode = (blob: Uint8Array) =>
  outcome(() => new BinaryObjectDecoder(blob, DEFAULT_REGISTRY).readObject());

/** Attribute sets (what create and update carry): Sets of attributes, with a Uid and a Name now and then. */
const arbAttributeSet = fc
  .tuple(fc.array(arbAttribute, { maxLength: 5 }), fc.boolean())
  .map(
    ([attrs, withIds]) =>
      new Set<Attribute>(withIds ? [new Uid('u-1', 'r1'), new Name('n'), ...attrs] : attrs),
  );

/** The values the fast paths exist for. */
const arbFastValue: fc.Arbitrary<unknown> = fc.oneof(
  arbConnectorObject,
  arbAttribute,
  arbAttributeSet,
  arbAttributeValue,
);

function account(i: number): ConnectorObject {
  return new ConnectorObjectBuilder()
    .setObjectClass(ObjectClass.ACCOUNT)
    .setUid(new Uid(`uid-${i}`, i % 2 ? `rev-${i}` : undefined))
    .setName(`user${i}`)
    .addAttribute('givenName', 'Bärbel')
    .addAttribute('employeeNumber', int(i))
    .addAttribute('lastLogin', long(1732300800123n + BigInt(i)))
    .addAttribute('active', i % 3 === 0)
    .addAttribute(AttributeBuilder.build('mail', `u${i}@example.com`, null, 'x😀y'))
    .addAttribute(
      'address',
      new Map<string, MapValueInput>([
        ['city', 'Springfield'],
        ['lines', ['1 Main', null]],
      ]),
    )
    .addAttribute(
      'photo',
      Uint8Array.from({ length: 70 }, (_, k) => (k * i) & 0xff),
    )
    .addAttribute('empty', null)
    .build();
}

describe('fast encoder', () => {
  it('writes the bytes of the generic encoder for connector objects, attributes and values', () => {
    fc.assert(
      fc.property(arbFastValue, (value) => {
        const fast = tryFastSerialize(value, 64);
        if (fast !== undefined) expect(hex(fast)).toBe(hex(genericEncode(value)));
        expect(hex(serializeBinary(value))).toBe(hex(genericEncode(value)));
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('declines, or writes the same bytes, for every other value', () => {
    fc.assert(
      fc.property(fc.oneof(arbAnyValue, arbRegistryObject), (value) => {
        const fast = tryFastSerialize(value, 64);
        if (fast !== undefined) expect(hex(fast)).toBe(hex(genericEncode(value)));
      }),
      { numRuns: 1500, seed: 12 },
    );
  });

  it('is taken for connector objects and attribute sets', () => {
    for (let i = 0; i < 20; i++) {
      expect(tryFastSerialize(account(i), 64)).toBeDefined();
      expect(tryFastSerialize(new Set(account(i).attributes), 64)).toBeDefined();
    }
  });

  it('leaves GuardedString, subclasses and plain numbers to the generic encoder', () => {
    const password = AttributeBuilder.buildPassword(new GuardedString('secret'));
    expect(tryFastSerialize(password, 64)).toBeUndefined();
    expect(hex(serializeBinary(password))).toBe(hex(genericEncode(password)));
    expect(tryFastSerialize([1], 64)).toBeUndefined();
    expect(() => serializeBinary([1])).toThrow(/plain JS number/);
  });

  it('stops at maxDepth like the generic encoder (a cyclic list)', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(tryFastSerialize(cyclic, 64)).toBeUndefined();
    expect(() => serializeBinary(cyclic)).toThrow(SerializationException);
    expect(() => serializeBinary(cyclic)).toThrow(/Nesting deeper than 64 levels/);
  });

  it('hands out independent blobs (views of a shared slab are never reused)', () => {
    const blobs = Array.from({ length: 400 }, (_, i) => serializeBinary(account(i)));
    blobs.forEach((blob, i) => {
      expect(javaEquals(deserializeBinary(blob), account(i))).toBe(true);
      expect(hex(blob)).toBe(hex(genericEncode(account(i))));
    });
  });
});

describe('fast decoder', () => {
  it('reads what the generic decoder reads', () => {
    fc.assert(
      fc.property(fc.oneof(arbFastValue, arbAnyValue, arbRegistryObject), (value) => {
        const blob = genericEncode(value);
        const generic = genericDecode(blob);
        expect(generic.ok).toBe(true);
        const fast = tryFastDeserialize(blob);
        if (fast !== FAST_PATH_DECLINED) {
          expect(generic.ok && javaEquals(fast, generic.value)).toBe(true);
          expect((fast as object | null)?.constructor).toBe(
            (generic as { value: object | null }).value?.constructor,
          );
        }
        expect(javaEquals(deserializeBinary(blob), generic.ok && generic.value)).toBe(true);
      }),
      { numRuns: 2500, seed: 13 },
    );
  });

  it('is taken for connector objects and attribute sets, also inside larger buffers', () => {
    for (let i = 0; i < 20; i++) {
      const blob = serializeBinary(account(i));
      const decoded = tryFastDeserialize(blob);
      expect(decoded).toBeInstanceOf(ConnectorObject);
      expect((decoded as ConnectorObject).equals(account(i))).toBe(true);
      // A blob inside a frame: a view with an offset, as protobuf hands it over; and a Buffer.
      const frame = Buffer.concat([Buffer.from('framing'), blob, Buffer.from('after')]);
      const inner = new Uint8Array(frame.buffer, frame.byteOffset + 7, blob.length);
      expect((tryFastDeserialize(inner) as ConnectorObject).equals(account(i))).toBe(true);
      expect((tryFastDeserialize(Buffer.from(blob)) as ConnectorObject).equals(account(i))).toBe(true);
      expect(tryFastDeserialize(serializeBinary(new Set(account(i).attributes)))).toBeInstanceOf(Set);
    }
  });

  it("reads the spec's Java-written vectors itself (their form is the canonical one)", () => {
    const dir = new URL('./fixtures/vectors/', import.meta.url);
    const names = readdirSync(dir).filter((f) => f.endsWith('.hex') && !/guarded|aes/.test(f));
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      const blob = Uint8Array.from(Buffer.from(readFileSync(new URL(name, dir), 'utf8').trim(), 'hex'));
      const fast = tryFastDeserialize(blob);
      expect(fast, name).not.toBe(FAST_PATH_DECLINED);
      const generic = genericDecode(blob);
      expect(generic.ok && javaEquals(fast, generic.value), name).toBe(true);
    }
  });

  it('decodes Java-typed values to the same types', () => {
    const attr = deserializeBinary(
      serializeBinary(account(7).getAttributeByName('employeeNumber')),
    ) as Attribute;
    expect(attr.value![0]).toBeInstanceOf(JavaInteger);
    expect(attr.value![0]).toEqual(int(7));
  });

  it('gives the generic result or error for ≥ 30 000 mutated blobs', () => {
    const corpus = [
      ...Array.from({ length: 12 }, (_, i) => serializeBinary(account(i))),
      ...fc.sample(arbFastValue, { seed: 21, numRuns: 120 }).map((v) => serializeBinary(v)),
    ];
    const rnd = prng(0xfa57);
    let agreed = 0;
    let fastTaken = 0;
    for (let n = 0; n < 30_000; n++) {
      const blob = mutate(corpus[Math.floor(rnd() * corpus.length)]!, rnd, corpus);
      const generic = genericDecode(blob);
      const fast = tryFastDeserialize(blob);
      if (fast !== FAST_PATH_DECLINED) {
        fastTaken++;
        // The fast path may only accept what the generic decoder accepts, as the same value.
        expect(generic.ok, `fast path accepted ${hex(blob)}`).toBe(true);
        expect(generic.ok && javaEquals(fast, generic.value)).toBe(true);
      }
      const combined = outcome(() => deserializeBinary(blob));
      expect(combined.ok).toBe(generic.ok);
      if (combined.ok && generic.ok) expect(javaEquals(combined.value, generic.value)).toBe(true);
      else expect((combined as { error: string }).error).toBe((generic as { error: string }).error);
      agreed++;
    }
    expect(agreed).toBe(30_000);
    // Some mutations leave the blob valid (a changed character in a string, an int32 value): the fast path
    // reads those, so the comparison above covers both of its outcomes (about 1.5 % with this seed).
    expect(fastTaken).toBeGreaterThan(200);
  });

  it('decodes byte[] from a Buffer (a frame) as a plain copy, on both paths', () => {
    const photo = Uint8Array.from({ length: 100 }, (_, k) => k);
    for (const value of [AttributeBuilder.build('photo', photo, photo.subarray(0, 3)), photo]) {
      const frame = Buffer.from(serializeBinary(value));
      const decodedByPath = [
        deserializeBinary(frame),
        new BinaryObjectDecoder(frame, DEFAULT_REGISTRY).readObject(),
      ];
      for (const decoded of decodedByPath) {
        const bytes =
          decoded instanceof Attribute ? (decoded.value as Uint8Array[]) : [decoded as Uint8Array];
        for (const b of bytes) {
          expect(b.constructor).toBe(Uint8Array);
          expect(b.buffer).not.toBe(frame.buffer);
        }
        expect(javaEquals(decoded, value)).toBe(true);
      }
    }
  });

  it('declines blobs over its size bound and inputs with custom limits', () => {
    const big = new ConnectorObjectBuilder()
      .setUid('1')
      .setName('n')
      .addAttribute('blob', new Uint8Array(70 * 1024))
      .build();
    const blob = serializeBinary(big);
    expect(tryFastDeserialize(blob)).toBe(FAST_PATH_DECLINED);
    expect((deserializeBinary(blob) as ConnectorObject).equals(big)).toBe(true);
    expect(() => deserializeBinary(serializeBinary(account(1)), { maxDepth: 2 })).toThrow(
      /Nesting deeper than 2/,
    );
  });
});
