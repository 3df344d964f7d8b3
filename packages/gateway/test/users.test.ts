import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  credentialsOf,
  DEFAULT_ADMIN,
  hashPassword,
  NotFoundError,
  UnauthorizedError,
  UserStore,
  verifyPassword,
} from '../src/index.js';
import { tempDir } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

// A low scrypt cost keeps the tests fast; the default is N = 16384.
const FAST = { N: 1024, r: 8, p: 1, keyLength: 32 };

async function open() {
  const temp = await tempDir();
  cleanup = temp.cleanup;
  const file = join(temp.dir, 'conf', 'users.json');
  return { file, users: await UserStore.open(file, { scrypt: FAST }) };
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('passwords', () => {
  it('hashes with scrypt and a random salt', async () => {
    const a = await hashPassword('secret', FAST);
    const b = await hashPassword('secret', FAST);
    expect(a.$scrypt.salt).not.toBe(b.$scrypt.salt);
    expect(a.$scrypt).toMatchObject({ N: 1024, r: 8, p: 1, keyLength: 32 });
    expect(await verifyPassword('secret', a)).toBe(true);
    expect(await verifyPassword('Secret', a)).toBe(false);
  });
});

describe('credentialsOf', () => {
  it('reads the IDM headers, then HTTP Basic', () => {
    expect(
      credentialsOf({ 'x-openidm-username': 'openidm-admin', 'x-openidm-password': 'openidm-admin' }),
    ).toEqual({
      username: 'openidm-admin',
      password: 'openidm-admin',
    });
    expect(credentialsOf({ authorization: basic('a', 'p:w') })).toEqual({ username: 'a', password: 'p:w' });
    expect(credentialsOf({ authorization: 'Bearer x' })).toBeUndefined();
    expect(credentialsOf({ 'x-openidm-username': 'a' })).toBeUndefined();
    expect(credentialsOf({})).toBeUndefined();
  });
});

describe('UserStore', () => {
  it('creates the default administrator, hashed, in a private file', async () => {
    const { file, users } = await open();
    expect(await users.usernames()).toEqual(['openidm-admin']);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('"password": "openidm-admin"');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const principal = await users.authenticate({
      'x-openidm-username': DEFAULT_ADMIN.username,
      'x-openidm-password': DEFAULT_ADMIN.password,
    });
    expect(principal).toEqual({ username: 'openidm-admin', roles: ['openidm-admin', 'openidm-authorized'] });
    expect(await users.authenticate({ authorization: basic('openidm-admin', 'openidm-admin') })).toEqual(
      principal,
    );
  });

  it('answers 401 Access Denied for missing or wrong credentials', async () => {
    const { users } = await open();
    for (const headers of [
      {},
      { 'x-openidm-username': 'openidm-admin', 'x-openidm-password': 'wrong' },
      { 'x-openidm-username': 'nobody', 'x-openidm-password': 'openidm-admin' },
    ]) {
      const error = await users.authenticate(headers).catch((e) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error.toJSON()).toEqual({ code: 401, reason: 'Unauthorized', message: 'Access Denied' });
    }
  });

  it('changes a password atomically', async () => {
    const { file, users } = await open();
    await users.changePassword('openidm-admin', 'n3w-Passw0rd');
    expect(await users.verify('openidm-admin', 'openidm-admin')).toBeUndefined();
    expect(await users.verify('openidm-admin', 'n3w-Passw0rd')).toBeDefined();
    const reopened = await UserStore.open(file, { scrypt: FAST });
    expect(await reopened.verify('openidm-admin', 'n3w-Passw0rd')).toBeDefined();
    await expect(users.changePassword('nobody', 'x')).rejects.toThrow(NotFoundError);
    await expect(users.changePassword('openidm-admin', '')).rejects.toThrow(/must not be empty/);
  });

  it('hashes clear-text passwords written by hand and picks up edits', async () => {
    const { file, users } = await open();
    expect(await users.verify('openidm-admin', 'openidm-admin')).toBeDefined();
    await writeFile(
      file,
      JSON.stringify({ users: [{ username: 'ops', password: 'hand-written', roles: ['openidm-admin'] }] }),
    );
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    expect(await users.verify('ops', 'hand-written')).toEqual({ username: 'ops', roles: ['openidm-admin'] });
    expect(await users.verify('openidm-admin', 'openidm-admin')).toBeUndefined();
    expect(await readFile(file, 'utf8')).not.toContain('hand-written');
  });

  it('rejects a malformed users file', async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'users.json');
    await writeFile(file, '{"users": [{"password": "x"}]}');
    await expect(UserStore.open(file, { scrypt: FAST })).rejects.toThrow(/username is required/);
    await writeFile(file, '{"users": [{"username": "a", "password": 5}]}');
    await expect(UserStore.open(file, { scrypt: FAST })).rejects.toThrow(
      /must be a string or a \$scrypt hash/,
    );
    await writeFile(file, 'nope');
    await expect(UserStore.open(file, { scrypt: FAST })).rejects.toThrow(/not valid JSON/);
  });
});
