/**
 * Secrets at rest, in IDM's `$crypto` JSON envelope.
 *
 * What is encrypted: connector-server `key`s and proxy passwords, confidential configuration properties
 * (GuardedString / GuardedByteArray ones and those a connector flags confidential), and property values of
 * object types configured with a `key`. Configuration files and GET responses only ever hold the envelope; the
 * clear value is recovered only when a connector's APIConfiguration is built or a connector server is dialled.
 *
 * Envelope written by rcskit (the plaintext is the JSON text of the value, so any JSON value can be encrypted):
 *
 * ```json
 * {"$crypto": {"type": "x-simple-encryption",
 *              "value": {"cipher": "AES/GCM/NoPadding", "key": "rcskit-sym-default",
 *                        "iv": "<base64, 12 bytes>", "data": "<base64 ciphertext>", "mac": "<base64, 16-byte GCM tag>"}}}
 * ```
 *
 * `key` names the key (its alias) in the key store; `stableId` (IDM 7's name) is read as a synonym. Envelopes
 * with `"cipher": "AES/CBC/PKCS5Padding"` (OpenIDM's format: `iv` + `data`, no `mac`) made with one of our
 * keys are decrypted too. Envelopes made by an IDM cannot be decrypted (its keys live in its own keystore).
 *
 * Key store: `<security dir>/keystore.json` (the directory is created with mode 0700, the file with 0600 on
 * first start), `{"version": 1, "active": "<alias>", "keys": {"<alias>": {"algorithm": "AES", "keySize": 256,
 * "value": "<base64>", "created": "<ISO date>"}}}`. New envelopes use the `active` key; older keys stay usable
 * for decryption, so a key can be rotated by adding one and switching `active`.
 *
 * @packageDocumentation
 */
import { type CipherGCMTypes, createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@rcskit/core';
import { InternalServerError } from '../errors.js';
import type { JsonValue } from '../mapping/types.js';
import { jsonText } from '../util/atomic-file.js';

/** The envelope's `type`. */
export const CRYPTO_TYPE = 'x-simple-encryption';
/** The cipher rcskit encrypts with. */
export const GCM_CIPHER = 'AES/GCM/NoPadding';
/** OpenIDM's cipher, accepted for decryption. */
export const CBC_CIPHER = 'AES/CBC/PKCS5Padding';
/** Alias of the key created on first start. */
export const DEFAULT_KEY_ALIAS = 'rcskit-sym-default';
/** File name of the key store in the security directory. */
export const KEYSTORE_FILE = 'keystore.json';

/** The `value` of an envelope. */
export interface CryptoValue {
  cipher: string;
  key?: string;
  stableId?: string;
  iv: string;
  data: string;
  mac?: string;
  [extra: string]: JsonValue | undefined;
}

/** An encrypted JSON value. */
export interface CryptoEnvelope {
  $crypto: { type: string; value: CryptoValue };
}

/** A value that cannot be decrypted (wrong key, tampered data, unknown cipher): HTTP 500. */
export class ConfigCryptoError extends InternalServerError {}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when `value` is a `$crypto` envelope. */
export function isCryptoEnvelope(value: unknown): value is CryptoEnvelope {
  if (!isObject(value) || !isObject(value.$crypto)) return false;
  const inner = value.$crypto.value;
  return isObject(inner) && typeof inner.data === 'string';
}

interface KeyStoreEntry {
  algorithm: 'AES';
  keySize: number;
  value: string;
  created: string;
}

interface KeyStoreFile {
  version: 1;
  active: string;
  keys: Record<string, KeyStoreEntry>;
}

function gcmName(key: Buffer): CipherGCMTypes {
  return aesName('gcm', key) as CipherGCMTypes;
}

function aesName(mode: 'gcm' | 'cbc', key: Buffer): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new ConfigCryptoError(`AES keys must be 16, 24 or 32 bytes, not ${key.length}`);
  }
  return `aes-${key.length * 8}-${mode}`;
}

/** Encrypts and decrypts configuration secrets with the keys of a key store. */
export class ConfigCrypto {
  readonly #keys: ReadonlyMap<string, Buffer>;
  /** Alias of the key new envelopes use. */
  readonly activeAlias: string;

  /**
   * @param keys AES keys (16, 24 or 32 bytes) by alias.
   * @param activeAlias the key to encrypt with (default: the first).
   */
  constructor(keys: ReadonlyMap<string, Uint8Array> | Record<string, Uint8Array>, activeAlias?: string) {
    const entries = keys instanceof Map ? [...keys.entries()] : Object.entries(keys);
    if (entries.length === 0) throw new ConfigCryptoError('The key store holds no key');
    const map = new Map<string, Buffer>();
    for (const [alias, key] of entries) {
      const buf = Buffer.from(key);
      aesName('gcm', buf);
      map.set(alias, buf);
    }
    this.#keys = map;
    this.activeAlias = activeAlias ?? entries[0]![0];
    if (!map.has(this.activeAlias)) throw new ConfigCryptoError(`No key with alias '${this.activeAlias}'`);
  }

  /** A crypto with one fresh random 256-bit key (tests, throw-away setups). */
  static ephemeral(alias = DEFAULT_KEY_ALIAS): ConfigCrypto {
    return new ConfigCrypto({ [alias]: randomBytes(32) }, alias);
  }

  /**
   * Opens the key store of a security directory, creating the directory (0700) and a store with one random
   * 256-bit key (file mode 0600) on first start. An existing store readable by others is tightened to 0600.
   */
  static async open(securityDir: string): Promise<ConfigCrypto> {
    await mkdir(securityDir, { recursive: true, mode: 0o700 });
    const file = join(securityDir, KEYSTORE_FILE);
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text === undefined) {
      const store: KeyStoreFile = {
        version: 1,
        active: DEFAULT_KEY_ALIAS,
        keys: {
          [DEFAULT_KEY_ALIAS]: {
            algorithm: 'AES',
            keySize: 256,
            value: randomBytes(32).toString('base64'),
            created: new Date().toISOString(),
          },
        },
      };
      await writeFileAtomic(file, jsonText(store), { mode: 0o600 });
      return ConfigCrypto.#fromStore(store, file);
    }
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new ConfigCryptoError(`The key store ${file} is not valid JSON`, { cause });
    }
    return ConfigCrypto.#fromStore(parsed, file);
  }

  static #fromStore(store: unknown, file: string): ConfigCrypto {
    if (!isObject(store) || !isObject(store.keys) || typeof store.active !== 'string') {
      throw new ConfigCryptoError(`The key store ${file} must have "active" and "keys"`);
    }
    const keys = new Map<string, Uint8Array>();
    for (const [alias, entry] of Object.entries(store.keys)) {
      if (!isObject(entry) || typeof entry.value !== 'string') {
        throw new ConfigCryptoError(`The key '${alias}' of ${file} has no value`);
      }
      keys.set(alias, Buffer.from(entry.value, 'base64'));
    }
    return new ConfigCrypto(keys, store.active);
  }

  /** The aliases of the keys held. */
  get aliases(): string[] {
    return [...this.#keys.keys()];
  }

  /** Encrypts a JSON value with the active key (AES-256-GCM, random IV). */
  encrypt(value: JsonValue): CryptoEnvelope {
    const key = this.#keys.get(this.activeAlias)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv(gcmName(key), key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      $crypto: {
        type: CRYPTO_TYPE,
        value: {
          cipher: GCM_CIPHER,
          key: this.activeAlias,
          iv: iv.toString('base64'),
          data: data.toString('base64'),
          mac: cipher.getAuthTag().toString('base64'),
        },
      },
    };
  }

  /**
   * Decrypts an envelope back to its JSON value.
   *
   * @throws ConfigCryptoError for an unknown key alias or cipher, or data that does not decrypt.
   */
  decrypt(envelope: CryptoEnvelope): JsonValue {
    const value = envelope.$crypto.value;
    const alias = value.key ?? value.stableId ?? this.activeAlias;
    const key = this.#keys.get(alias);
    if (!key) throw new ConfigCryptoError(`Cannot decrypt: no key with alias '${alias}' in the key store`);
    let clear: string;
    try {
      const iv = Buffer.from(value.iv ?? '', 'base64');
      const data = Buffer.from(value.data, 'base64');
      if (value.cipher === GCM_CIPHER) {
        const decipher = createDecipheriv(gcmName(key), key, iv);
        decipher.setAuthTag(Buffer.from(value.mac ?? '', 'base64'));
        clear = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } else if (value.cipher === CBC_CIPHER) {
        const decipher = createDecipheriv(aesName('cbc', key), key, iv);
        clear = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } else {
        throw new ConfigCryptoError(`Cannot decrypt: unsupported cipher '${String(value.cipher)}'`);
      }
    } catch (cause) {
      if (cause instanceof ConfigCryptoError) throw cause;
      throw new ConfigCryptoError(`Cannot decrypt a value encrypted with key '${alias}'`, { cause });
    }
    try {
      return JSON.parse(clear) as JsonValue;
    } catch {
      // OpenIDM-style envelopes made by other tools may hold a bare string.
      return clear;
    }
  }

  /** The clear value of `value` when it is an envelope; `value` itself otherwise. */
  reveal<T>(value: T): T | JsonValue {
    return isCryptoEnvelope(value) ? this.decrypt(value) : value;
  }

  /** A copy of a JSON tree with every envelope replaced by its clear value. */
  revealDeep(value: unknown): unknown {
    if (isCryptoEnvelope(value)) return this.decrypt(value);
    if (Array.isArray(value)) return value.map((v) => this.revealDeep(v));
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.revealDeep(v);
      return out;
    }
    return value;
  }

  /** `value` encrypted, unless it is null/undefined or already an envelope. */
  protect(value: unknown): unknown {
    if (value === null || value === undefined || isCryptoEnvelope(value)) return value;
    return this.encrypt(value as JsonValue);
  }
}
