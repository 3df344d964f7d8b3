/**
 * GuardedString / GuardedByteArray on the wire (spec §4.4): AES-128-CBC, PKCS#5 padding, the framework's fixed
 * default key and IV, over the UTF-16BE bytes of the characters or over the raw bytes. Obfuscation, not
 * security: only TLS protects these values in transit.
 *
 * @packageDocumentation
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { GuardedByteArray, GuardedString, utf16beBytes, utf16beToString } from '@rcskit/core';
import { GUARDED_AES_IV, GUARDED_AES_KEY } from '../constants.js';
import { SerializationException } from '../errors.js';
import type { TypeHandler } from '../registry.js';

/** Encrypts clear bytes with the default wire key (AES-128-CBC, PKCS#5). */
export function encryptGuarded(clear: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-128-cbc', GUARDED_AES_KEY, GUARDED_AES_IV);
  return Buffer.concat([cipher.update(clear), cipher.final()]);
}

/**
 * Decrypts a ciphertext made with the default wire key. The caller should zero the result when done.
 *
 * @throws SerializationException for a length that is not a positive multiple of 16 or a bad padding.
 */
export function decryptGuarded(ciphertext: Uint8Array): Buffer {
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
    throw new SerializationException(
      `Guarded value ciphertext of ${ciphertext.length} bytes is not AES blocks`,
    );
  }
  const decipher = createDecipheriv('aes-128-cbc', GUARDED_AES_KEY, GUARDED_AES_IV);
  const first = decipher.update(ciphertext);
  try {
    return Buffer.concat([first, decipher.final()]);
  } catch (error) {
    throw new SerializationException('Guarded value does not decrypt with the default key (bad padding)', {
      cause: error,
    });
  } finally {
    first.fill(0);
  }
}

export const guardedStringHandler: TypeHandler<GuardedString> = {
  name: 'GuardedString',
  classes: [GuardedString],
  encode: (value, out) => {
    const ciphertext = value.access((clear) => {
      const bytes = utf16beBytes(clear);
      try {
        return encryptGuarded(bytes);
      } finally {
        bytes.fill(0);
      }
    });
    out.writeByteArrayContents(ciphertext);
  },
  decode: (input) => {
    const clear = decryptGuarded(input.readByteArrayContents(0));
    try {
      if (clear.length % 2 !== 0) input.fail(`odd number (${clear.length}) of UTF-16 bytes`);
      return new GuardedString(utf16beToString(clear));
    } finally {
      clear.fill(0);
    }
  },
};

export const guardedByteArrayHandler: TypeHandler<GuardedByteArray> = {
  name: 'GuardedByteArray',
  classes: [GuardedByteArray],
  encode: (value, out) => out.writeByteArrayContents(value.access((clear) => encryptGuarded(clear))),
  decode: (input) => {
    const clear = decryptGuarded(input.readByteArrayContents(0));
    try {
      return new GuardedByteArray(clear);
    } finally {
      clear.fill(0);
    }
  },
};

/** The guarded handlers, in registry order. */
export const GUARDED_HANDLERS: readonly TypeHandler[] = [guardedStringHandler, guardedByteArrayHandler];
