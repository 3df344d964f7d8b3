/**
 * The decoder on hostile input: ≥ 100 000 mutated or truncated blobs derived from valid encodings, plus crafted
 * bombs. Only SerializationException may escape, nothing may hang, and no declared size may be allocated before
 * it has been checked against the input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { bigInteger, GuardedString, IllegalArgumentException, int, JavaException } from '@rcskit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteWriter,
  type DecodeLimits,
  deserializeBinary,
  SerializationException,
  serializeBinary,
} from '../src/serializer/index.js';
import { mutate, prng } from './fixtures/blob-mutation.js';
import { arbAnyValue, arbRegistryObject } from './fixtures/serializer-support.js';

function vectors(): Uint8Array[] {
  const dir = new URL('./fixtures/vectors/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hex') && !f.startsWith('aes-'))
    .map((f) => Uint8Array.from(Buffer.from(readFileSync(new URL(f, dir), 'utf8').trim(), 'hex')));
}

/** Valid encodings of assorted objects: the spec vectors plus fixed-seed samples of every registry type. */
function corpus(): Uint8Array[] {
  const samples = [
    ...fc.sample(arbRegistryObject, { seed: 42, numRuns: 250 }),
    ...fc.sample(arbAnyValue, { seed: 7, numRuns: 100 }),
  ];
  const blobs = samples.map((v) => serializeBinary(v)).filter((b) => b.length <= 6000);
  return [...vectors(), ...blobs];
}

type Outcome = 'ok' | 'rejected';

/** Decodes; returns the outcome or throws when anything but a SerializationException escapes. */
function decode(blob: Uint8Array, limits?: DecodeLimits): Outcome {
  try {
    deserializeBinary(blob, limits);
    return 'ok';
  } catch (error) {
    if (!(error instanceof SerializationException)) throw error;
    // A cause is a core validation error (a constructor refusing decoded data) or an OpenSSL padding error;
    // a TypeError/RangeError would point at a bug in the decoder itself.
    const cause = error.cause;
    if (
      cause !== undefined &&
      !(cause instanceof JavaException) &&
      !String((cause as { code?: unknown }).code ?? '').startsWith('ERR_OSSL')
    ) {
      throw new Error(`Unexpected cause ${String(cause)}`, { cause: error });
    }
    return 'rejected';
  }
}

/** header + pool(['List']) + `depth` Lists nested inside each other, every length consistent. */
function nestedLists(depth: number): Uint8Array {
  const w = new ByteWriter();
  w.writeInt32(0xfafb);
  w.writeInt32(2);
  w.writeInt32(1);
  w.writeString('List');
  w.writeInt32(0);
  // Size of a level-n object: S(0) = 2 (null object), S(n) = S(n-1) + 11.
  for (let level = depth; level >= 1; level--) {
    w.writeByte(0x3d);
    w.writeInt32(0);
    w.writeByte(0x46);
    w.writeInt32(2 + 11 * (level - 1));
  }
  w.writeByte(0x3c);
  w.writeByte(0x48);
  for (let level = 0; level < depth; level++) w.writeByte(0x48);
  return w.toBytes();
}

/** header + pool(['String']) + `count` array class-spec tags. */
function arraySpecBomb(count: number): Uint8Array {
  const w = new ByteWriter();
  w.writeInt32(0xfafb);
  w.writeInt32(2);
  w.writeInt32(1);
  w.writeString('String');
  w.writeInt32(0);
  for (let i = 0; i < count; i++) w.writeByte(0x3e);
  w.writeByte(0x3d);
  w.writeInt32(0);
  w.writeByte(0x48);
  return w.toBytes();
}

/** header + pool(['List']) + one List with `count` empty anonymous fields. */
function wideList(count: number): Uint8Array {
  const w = new ByteWriter();
  w.writeInt32(0xfafb);
  w.writeInt32(2);
  w.writeInt32(1);
  w.writeString('List');
  w.writeInt32(0);
  w.writeByte(0x3d);
  w.writeInt32(0);
  for (let i = 0; i < count; i++) {
    w.writeByte(0x46);
    w.writeInt32(2);
    w.writeByte(0x3c);
    w.writeByte(0x48);
  }
  w.writeByte(0x48);
  return w.toBytes();
}

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

describe('decoder robustness', () => {
  it('survives ≥ 100 000 mutated and truncated blobs', () => {
    const blobs = corpus();
    expect(blobs.length).toBeGreaterThan(300);
    const rnd = prng(0x5eed);
    const counts: Record<Outcome, number> = { ok: 0, rejected: 0 };
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const total = 100_000;
    for (let i = 0; i < total; i++) {
      const base = blobs[i % blobs.length]!;
      const blob = mutate(base, rnd, blobs);
      counts[decode(blob)]++;
    }
    const elapsed = performance.now() - started;
    expect(counts.ok + counts.rejected).toBe(total);
    console.info(
      `robustness: ${total} blobs, ${counts.rejected} rejected, ${counts.ok} decoded, ${elapsed.toFixed(0)} ms`,
    );
    // Most mutations are caught; some (e.g. a flipped byte inside a string) still decode.
    expect(counts.rejected).toBeGreaterThan(total / 2);
    // No wall-clock bound here (speed targets live in bench/): a pathological slow path shows as the test's
    // timeout, and the heap check below catches forged lengths that would allocate.
    // Nothing near a forged length (hundreds of MiB) was ever allocated.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
  }, 120_000);

  it('rejects nesting deeper than maxDepth (well-formed lengths)', () => {
    expect(decode(nestedLists(60))).toBe('ok');
    for (const depth of [65, 1_000, 20_000]) {
      expect(() => deserializeBinary(nestedLists(depth))).toThrow(/Nesting deeper than 64 levels/);
    }
    expect(() => deserializeBinary(nestedLists(10), { maxDepth: 5 })).toThrow(/Nesting deeper than 5/);
    expect(() => deserializeBinary(arraySpecBomb(100_000))).toThrow(/Nesting deeper than 64/);
  });

  it('rejects more fields than maxElements', () => {
    expect(decode(wideList(1_000), { maxElements: 1_000 })).toBe('ok');
    expect(() => deserializeBinary(wideList(1_001), { maxElements: 1_000 })).toThrow(/more than 1000 fields/);
  });

  it('checks every declared length against the input before reading', () => {
    const started = performance.now();
    // String "abc" with its string length forged: above the limit, then below it but beyond the input.
    expect(() =>
      deserializeBinary(
        hex(
          '0000fafb 00000002 00000001 00000006 537472696e67 00000000 3d00000000 46 00000007 7fffffff 616263 48',
        ),
      ),
    ).toThrow(/Length 2147483647 of string exceeds the limit of 16777216 bytes/);
    expect(() =>
      deserializeBinary(
        hex(
          '0000fafb 00000002 00000001 00000006 537472696e67 00000000 3d00000000 46 00000007 00ffffff 616263 48',
        ),
      ),
    ).toThrow(/Truncated input: string declares 16777215 bytes, 3 left/);
    // Field length forged.
    expect(() =>
      deserializeBinary(
        hex(
          '0000fafb 00000002 00000001 00000006 537472696e67 00000000 3d00000000 46 7ffffff0 00000003 616263 48',
        ),
      ),
    ).toThrow(/Truncated input: field declares/);
    // Pool count forged.
    expect(() => deserializeBinary(hex('0000fafb 00000002 7fffffff 3c48'))).toThrow(
      /Constant pool of 2147483647 entries exceeds/,
    );
    expect(() => deserializeBinary(hex('0000fafb 00000002 00010000 3c48'))).toThrow(
      /Truncated input: constant pool declares 65536 entries/,
    );
    // Pool name length forged.
    expect(() => deserializeBinary(hex('0000fafb 00000002 00000001 7fffffff 00'))).toThrow(/Truncated input/);
    // Negative lengths.
    expect(() =>
      deserializeBinary(
        hex('0000fafb 00000002 00000001 00000006 537472696e67 00000000 3d00000000 46 ffffffff 48'),
      ),
    ).toThrow(/Negative length/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('applies maxLength, maxBytes and maxNumberDigits', () => {
    const long = serializeBinary('x'.repeat(100));
    expect(() => deserializeBinary(long, { maxLength: 50 })).toThrow(/exceeds the limit of 50 bytes/);
    expect(() => deserializeBinary(long, { maxBytes: 64 })).toThrow(/exceeds the limit of 64 bytes/);
    const big = serializeBinary(bigInteger(10n ** 200n));
    expect(() => deserializeBinary(big, { maxNumberDigits: 100 })).toThrow(/more than 100 digits/);
    expect(decode(big)).toBe('ok');
  });

  it('reports bad headers, unknown pool codes and unknown types clearly', () => {
    expect(() => deserializeBinary(hex('0000fafc 00000002 00000000 3c48'))).toThrow(
      /Bad magic number 0xfafc/,
    );
    expect(() => deserializeBinary(hex('0000fafb 00000003 00000000 3c48'))).toThrow(
      /Unexpected encoding version 3/,
    );
    expect(() => deserializeBinary(hex('0000fafb 00000002 00000000 3d00000005 48'))).toThrow(
      /Unknown constant-pool code 5/,
    );
    expect(() =>
      deserializeBinary(hex('0000fafb 00000002 00000001 00000003 466f6f 00000000 3d00000000 48')),
    ).toThrow(/No deserializer for type 'Foo'/);
    expect(() => deserializeBinary(hex('0000fafb 00000002 00000000 3c 99'))).toThrow(/Bad field tag 0x99/);
    expect(() => deserializeBinary(new Uint8Array(0))).toThrow(SerializationException);
    const error = (() => {
      try {
        deserializeBinary(hex('0000fafb 00000002 00000000 3d00000005 48'));
      } catch (e) {
        return e as SerializationException;
      }
    })();
    expect(error?.javaClass).toBe('org.identityconnectors.framework.common.exceptions.ConnectorException');
    expect(error?.offset).toBe(17);
  });

  it('wraps invalid decoded data in SerializationException with the core error as cause', () => {
    // An Integer whose field is too short.
    expect(() =>
      deserializeBinary(
        hex('0000fafb 00000002 00000001 00000007 496e7465676572 00000000 3d00000000 46 00000002 0005 48'),
      ),
    ).toThrow(/Truncated input: int32 needs 4 bytes, 2 left/);
    // A Uid with a blank value: core's Uid refuses it.
    const blankUid = hex(
      '0000fafb 00000002 00000002 00000003 556964 00000000 00000003 756964 00000001 3d00000000 47 00000001 00000004 00000000 48',
    );
    let error: unknown;
    try {
      deserializeBinary(blankUid);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SerializationException);
    expect((error as Error).message).toMatch(/Invalid Uid .*non-blank/);
    expect((error as Error).cause).toBeInstanceOf(IllegalArgumentException);
    // A GuardedString whose ciphertext does not decrypt.
    const badSecret = Buffer.from(serializeBinary(new GuardedString('x')));
    badSecret[badSecret.length - 2]! ^= 0xff;
    expect(() => deserializeBinary(badSecret)).toThrow(/does not decrypt/);
    expect(decode(serializeBinary(int(1)))).toBe('ok');
  });
});
