import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardedString, utf16beBytes, utf16beToString } from '../src/index.js';

describe('UTF-16BE helpers (shared by GuardedString, the key hash and the wire serializer)', () => {
  it('write each code unit high byte first', () => {
    expect([...utf16beBytes('A\u00e9\u20ac')]).toEqual([0x00, 0x41, 0x00, 0xe9, 0x20, 0xac]);
    expect([...utf16beBytes('\u{1F600}')]).toEqual([0xd8, 0x3d, 0xde, 0x00]);
    expect(utf16beBytes('')).toHaveLength(0);
  });

  it('read back what they write, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) }),
        (text, surrogates) => {
          expect(utf16beToString(utf16beBytes(text))).toBe(text);
          expect(utf16beToString(utf16beBytes(surrogates))).toBe(surrogates);
        },
      ),
    );
  });

  it('ignore a trailing odd byte', () => {
    expect(utf16beToString(Uint8Array.of(0x00, 0x41, 0x00))).toBe('A');
    expect(utf16beToString(Uint8Array.of(0x42))).toBe('');
  });

  it('give the spec key hash of changeit', () => {
    expect(new GuardedString('changeit').base64SHA1Hash).toBe('lmA6bMfENJGlIDbfrVtklXFK32s=');
  });
});
