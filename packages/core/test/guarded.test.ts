import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GuardedByteArray, GuardedString, IllegalStateException } from '../src/index.js';

describe('GuardedString', () => {
  it('reveals the secret only through access()', () => {
    const gs = new GuardedString('changeit');
    expect(gs.access((clear) => clear)).toBe('changeit');
  });

  it('never prints the secret', () => {
    const gs = new GuardedString('changeit');
    const holder = { password: gs, list: [gs] };
    expect(String(gs)).not.toContain('changeit');
    expect(`${gs}`).toBe('[GuardedString]');
    expect(JSON.stringify(holder)).not.toContain('changeit');
    expect(inspect(holder, { depth: 5, showHidden: true })).not.toContain('changeit');
    expect(Object.keys(gs)).toEqual([]);
  });

  it('hashes the UTF-16BE chars with SHA-1 for equality, as Java does', () => {
    // base64(SHA-1(UTF-16BE("changeit"))), the RCS key hash of the spec.
    expect(new GuardedString('changeit').base64SHA1Hash).toBe('lmA6bMfENJGlIDbfrVtklXFK32s=');
    expect(new GuardedString('changeit').verifyBase64SHA1Hash('lmA6bMfENJGlIDbfrVtklXFK32s=')).toBe(true);
    expect(new GuardedString('a').equals(new GuardedString('a'))).toBe(true);
    expect(new GuardedString('a').equals(new GuardedString('b'))).toBe(false);
  });

  it('appends, becomes read-only and is unusable once disposed', () => {
    const gs = new GuardedString('ab');
    gs.appendChar('c');
    expect(gs.access((c) => c)).toBe('abc');
    const copy = gs.copy();
    gs.makeReadOnly();
    expect(() => gs.appendChar('d')).toThrow(IllegalStateException);
    copy.appendChar('d');
    expect(copy.access((c) => c)).toBe('abcd');
    gs.dispose();
    expect(() => gs.access((c) => c)).toThrow(IllegalStateException);
  });
});

describe('GuardedByteArray', () => {
  it('gives a temporary copy that is zeroed after access', () => {
    const g = new GuardedByteArray(new Uint8Array([1, 2, 3]));
    let seen: Uint8Array | undefined;
    expect(g.access((bytes) => Array.from(bytes))).toEqual([1, 2, 3]);
    g.access((bytes) => {
      seen = bytes;
    });
    expect(Array.from(seen!)).toEqual([0, 0, 0]);
    expect(JSON.stringify({ g })).toBe('{"g":"[GuardedByteArray]"}');
  });
});
