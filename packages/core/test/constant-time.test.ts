import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../src/index.js';

describe('constantTimeEqual', () => {
  it('is true for equal strings and false for different ones', () => {
    expect(constantTimeEqual('Passw0rd', 'Passw0rd')).toBe(true);
    expect(constantTimeEqual('Passw0rd', 'Passw0rD')).toBe(false);
    expect(constantTimeEqual('Passw0rd', 'passw0rd')).toBe(false);
    expect(constantTimeEqual('grüße 😀', 'grüße 😀')).toBe(true);
    expect(constantTimeEqual('grüße 😀', 'grüsse 😀')).toBe(false);
  });

  it('compares values of different lengths without throwing', () => {
    expect(constantTimeEqual('secret', 'secret!')).toBe(false);
    expect(constantTimeEqual('secret', 'secre')).toBe(false);
    expect(constantTimeEqual('x'.repeat(10_000), 'x')).toBe(false);
    expect(constantTimeEqual(Buffer.from([1, 2, 3]), Buffer.from([1, 2]))).toBe(false);
    expect(constantTimeEqual(Buffer.from([1, 2, 3]), Buffer.from([1, 2, 3, 0]))).toBe(false);
  });

  it('treats empty values as equal to each other only', () => {
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual(new Uint8Array(0), '')).toBe(true);
    expect(constantTimeEqual(new Uint8Array(0), Buffer.alloc(0))).toBe(true);
    expect(constantTimeEqual('', ' ')).toBe(false);
    expect(constantTimeEqual('', '\0')).toBe(false);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array([0]))).toBe(false);
  });

  it('compares bytes, and a string as its UTF-8 bytes', () => {
    const bytes = new Uint8Array([0, 255, 7, 128]);
    expect(constantTimeEqual(bytes, Buffer.from([0, 255, 7, 128]))).toBe(true);
    expect(constantTimeEqual(bytes, new Uint8Array([0, 255, 7, 129]))).toBe(false);
    expect(constantTimeEqual('grüße', Buffer.from('grüße', 'utf8'))).toBe(true);
    expect(constantTimeEqual(Buffer.from('grüße', 'utf8'), 'grüße')).toBe(true);
    expect(constantTimeEqual('grüße', Buffer.from('grüße', 'latin1'))).toBe(false);
    expect(constantTimeEqual('abc', new Uint8Array([97, 98, 99]))).toBe(true);
  });

  it('looks at the bytes of a view only, not at the rest of its buffer', () => {
    const backing = Buffer.from('xxabcxx');
    expect(constantTimeEqual(backing.subarray(2, 5), 'abc')).toBe(true);
    expect(constantTimeEqual(new Uint8Array(backing.buffer, backing.byteOffset + 2, 3), 'abc')).toBe(true);
  });

  it('refuses other types without quoting them', () => {
    const secret = { password: 'hunter2' };
    let caught: unknown;
    try {
      constantTimeEqual(secret as unknown as string, 'hunter2');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TypeError);
    expect(String((caught as Error).message)).not.toContain('hunter2');
    expect(() => constantTimeEqual('a', 42 as unknown as string)).toThrow(TypeError);
  });
});
