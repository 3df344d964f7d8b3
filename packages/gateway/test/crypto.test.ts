import { createCipheriv, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CBC_CIPHER,
  ConfigCrypto,
  ConfigCryptoError,
  DEFAULT_KEY_ALIAS,
  isCryptoEnvelope,
  KEYSTORE_FILE,
} from '../src/index.js';
import { tempDir } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('ConfigCrypto', () => {
  it('round-trips any JSON value through an x-simple-encryption envelope', () => {
    const crypto = ConfigCrypto.ephemeral();
    for (const value of ['Passw0rd', 42, true, null, ['a', 'b'], { nested: { x: 1 } }]) {
      const envelope = crypto.encrypt(value);
      expect(isCryptoEnvelope(envelope)).toBe(true);
      expect(envelope.$crypto.type).toBe('x-simple-encryption');
      expect(envelope.$crypto.value).toMatchObject({ cipher: 'AES/GCM/NoPadding', key: DEFAULT_KEY_ALIAS });
      expect(Object.keys(envelope.$crypto.value)).toEqual(['cipher', 'key', 'iv', 'data', 'mac']);
      expect(JSON.stringify(envelope)).not.toContain('Passw0rd');
      expect(crypto.decrypt(envelope)).toEqual(value);
    }
    expect(crypto.encrypt('x').$crypto.value.iv).not.toBe(crypto.encrypt('x').$crypto.value.iv);
  });

  it('detects tampering and unknown keys', () => {
    const crypto = ConfigCrypto.ephemeral();
    const envelope = crypto.encrypt('secret');
    const tampered = structuredClone(envelope);
    tampered.$crypto.value.data = Buffer.from('garbage!').toString('base64');
    expect(() => crypto.decrypt(tampered)).toThrow(ConfigCryptoError);
    expect(() => ConfigCrypto.ephemeral().decrypt(envelope)).toThrow(/Cannot decrypt/);
    const other = structuredClone(envelope);
    other.$crypto.value.key = 'nope';
    expect(() => crypto.decrypt(other)).toThrow("no key with alias 'nope'");
    const cipher = structuredClone(envelope);
    cipher.$crypto.value.cipher = 'DES';
    expect(() => crypto.decrypt(cipher)).toThrow("unsupported cipher 'DES'");
    expect(new ConfigCryptoError('x').code).toBe(500);
  });

  it('reads OpenIDM-style CBC envelopes and stableId', () => {
    const key = randomBytes(32);
    const crypto = new ConfigCrypto({ legacy: key });
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const data = Buffer.concat([cipher.update('"Passw0rd"'), cipher.final()]);
    const envelope = {
      $crypto: {
        type: 'x-simple-encryption',
        value: {
          cipher: CBC_CIPHER,
          stableId: 'legacy',
          iv: iv.toString('base64'),
          data: data.toString('base64'),
        },
      },
    };
    expect(crypto.decrypt(envelope)).toBe('Passw0rd');
  });

  it('reveals envelopes deep in a tree and protects clear values', () => {
    const crypto = ConfigCrypto.ephemeral();
    const tree = {
      a: crypto.encrypt('x'),
      b: [crypto.encrypt(1), 2],
      c: { d: crypto.encrypt({ e: true }) },
      f: 'plain',
    };
    expect(crypto.revealDeep(tree)).toEqual({ a: 'x', b: [1, 2], c: { d: { e: true } }, f: 'plain' });
    expect(crypto.protect(null)).toBeNull();
    const once = crypto.protect('s');
    expect(crypto.protect(once)).toBe(once);
    expect(crypto.reveal('plain')).toBe('plain');
    expect(isCryptoEnvelope({ $crypto: { value: {} } })).toBe(false);
  });

  it('creates the key store on first start with private permissions and reuses it', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const security = join(temp.dir, 'security');
    const first = await ConfigCrypto.open(security);
    expect((await stat(security)).mode & 0o777).toBe(0o700);
    const file = join(security, KEYSTORE_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const store = JSON.parse(await readFile(file, 'utf8'));
    expect(store.active).toBe(DEFAULT_KEY_ALIAS);
    expect(Buffer.from(store.keys[DEFAULT_KEY_ALIAS].value, 'base64')).toHaveLength(32);
    const envelope = first.encrypt('kept');
    const second = await ConfigCrypto.open(security);
    expect(second.decrypt(envelope)).toBe('kept');
    expect(second.aliases).toEqual([DEFAULT_KEY_ALIAS]);
  });

  it('rejects a broken key store', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    await writeFile(join(temp.dir, KEYSTORE_FILE), '{nope', { mode: 0o644 });
    await expect(ConfigCrypto.open(temp.dir)).rejects.toThrow(/not valid JSON/);
    await writeFile(join(temp.dir, KEYSTORE_FILE), '{"keys": {}}');
    await expect(ConfigCrypto.open(temp.dir)).rejects.toThrow(/must have "active" and "keys"/);
    expect(() => new ConfigCrypto({ short: randomBytes(5) })).toThrow(/16, 24 or 32 bytes/);
  });
});
