/**
 * The gateway's users: who may call the REST API.
 *
 * Users live in a JSON file (by convention `conf/users.json`, mode 0600):
 *
 * ```json
 * {"users": [{"username": "openidm-admin",
 *             "password": {"$scrypt": {"N": 16384, "r": 8, "p": 1, "keyLength": 64,
 *                                      "salt": "<base64, 16 bytes>", "hash": "<base64>"}},
 *             "roles": ["openidm-admin", "openidm-authorized"]}]}
 * ```
 *
 * - A missing file is created on first start with the IDM default `openidm-admin` / `openidm-admin` (change it
 *   with {@link UserStore.changePassword}).
 * - A password written by hand as clear text (`"password": "secret"`) is accepted and replaced by its scrypt hash
 *   on the next load (the file is rewritten atomically).
 * - Requests authenticate with IDM's headers `X-OpenIDM-Username` / `X-OpenIDM-Password` or with HTTP Basic;
 *   a failure is a 401 `{"code":401,"reason":"Unauthorized","message":"Access Denied"}`.
 * - Checks take the same time for unknown users (a dummy hash is verified) and compare in constant time.
 *   Successful checks are remembered for a minute (keyed by an HMAC of the password with a per-process key), so
 *   scripted clients sending credentials on every request do not pay scrypt's cost each time.
 *
 * @packageDocumentation
 */
import { createHmac, randomBytes, type ScryptOptions, scrypt } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { constantTimeEqual, writeFileAtomic } from '@rcskit/core';
import { BadRequestError, NotFoundError, UnauthorizedError } from '../errors.js';
import { jsonText } from '../util/atomic-file.js';

/** The IDM default administrator. */
export const DEFAULT_ADMIN = Object.freeze({ username: 'openidm-admin', password: 'openidm-admin' });
/** Roles of the default administrator. */
export const ADMIN_ROLES: readonly string[] = Object.freeze(['openidm-admin', 'openidm-authorized']);

/** scrypt parameters and result as stored. */
export interface ScryptHash {
  N: number;
  r: number;
  p: number;
  keyLength: number;
  salt: string;
  hash: string;
}

/** A stored password. */
export interface StoredPassword {
  $scrypt: ScryptHash;
}

/** An authenticated caller. */
export interface Principal {
  readonly username: string;
  readonly roles: readonly string[];
}

interface UserRecord {
  username: string;
  password: StoredPassword;
  roles: string[];
}

/** Default scrypt cost (N = 2^14, r = 8, p = 1: ~16 MiB, tens of milliseconds). */
export const DEFAULT_SCRYPT = Object.freeze({ N: 16384, r: 8, p: 1, keyLength: 64 });

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { ...options, maxmem: 256 * options.N! * options.r! }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(
  password: string,
  params: { N: number; r: number; p: number; keyLength: number } = DEFAULT_SCRYPT,
): Promise<StoredPassword> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, params.keyLength, { N: params.N, r: params.r, p: params.p });
  return {
    $scrypt: { ...params, salt: salt.toString('base64'), hash: hash.toString('base64') },
  };
}

function isStoredPassword(value: unknown): value is StoredPassword {
  if (value === null || typeof value !== 'object') return false;
  const h = (value as { $scrypt?: unknown }).$scrypt as Partial<ScryptHash> | undefined;
  return (
    h !== undefined &&
    h !== null &&
    typeof h === 'object' &&
    Number.isInteger(h.N) &&
    Number.isInteger(h.r) &&
    Number.isInteger(h.p) &&
    Number.isInteger(h.keyLength) &&
    typeof h.salt === 'string' &&
    typeof h.hash === 'string'
  );
}

/** Checks a password against a stored hash, in constant time. */
export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  const { N, r, p, keyLength, salt, hash } = stored.$scrypt;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), keyLength, { N, r, p });
  return constantTimeEqual(actual, expected);
}

/** Request headers as node gives them (lower-case names). */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value[0];
}

/**
 * The credentials of a request: IDM's `X-OpenIDM-Username` / `X-OpenIDM-Password` headers, else HTTP Basic.
 * Undefined when the request carries none.
 */
export function credentialsOf(headers: RequestHeaders): { username: string; password: string } | undefined {
  const username = header(headers, 'x-openidm-username');
  const password = header(headers, 'x-openidm-password');
  if (username !== undefined && password !== undefined) return { username, password };
  const authorization = header(headers, 'authorization');
  const match = authorization === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** How long a successful check is remembered. */
const VERIFIED_TTL_MS = 60_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Options of {@link UserStore.open}. */
export interface UserStoreOptions {
  /** scrypt cost of new hashes (tests use a small N). */
  readonly scrypt?: { N: number; r: number; p: number; keyLength: number };
}

/** The users file: load, authenticate, change passwords. See the module notes. */
export class UserStore {
  readonly file: string;
  readonly #scrypt: { N: number; r: number; p: number; keyLength: number };
  #users = new Map<string, UserRecord>();
  #mtimeMs = -1;
  #size = -1;
  readonly #verified = new Map<string, number>();
  readonly #hmacKey = randomBytes(32);
  #dummy: StoredPassword | undefined;

  private constructor(file: string, options: UserStoreOptions) {
    this.file = file;
    this.#scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  }

  /**
   * Opens the users file, creating it with the default administrator when it does not exist, and hashing any
   * clear-text passwords found in it.
   *
   * @throws Error when the file is not valid.
   */
  static async open(file: string, options: UserStoreOptions = {}): Promise<UserStore> {
    const store = new UserStore(file, options);
    try {
      await stat(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const admin: UserRecord = {
        username: DEFAULT_ADMIN.username,
        password: await hashPassword(DEFAULT_ADMIN.password, store.#scrypt),
        roles: [...ADMIN_ROLES],
      };
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await store.#save([admin]);
    }
    await store.#reload(true);
    return store;
  }

  /** The user names. */
  async usernames(): Promise<string[]> {
    await this.#reload(false);
    return [...this.#users.keys()];
  }

  async #save(users: UserRecord[]): Promise<void> {
    await writeFileAtomic(this.file, jsonText({ users }), { mode: 0o600 });
  }

  /** Re-reads the file when its mtime or size changed (or when `force`). */
  async #reload(force: boolean): Promise<void> {
    const info = await stat(this.file);
    if (!force && info.mtimeMs === this.#mtimeMs && info.size === this.#size) return;
    const text = await readFile(this.file, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`The users file ${this.file} is not valid JSON: ${(e as Error).message}`);
    }
    if (!isObject(json) || !Array.isArray(json.users)) {
      throw new Error(`The users file ${this.file} must hold {"users": [...]}`);
    }
    const users = new Map<string, UserRecord>();
    let rehashed = false;
    for (const [i, entry] of json.users.entries()) {
      if (!isObject(entry) || typeof entry.username !== 'string' || entry.username === '') {
        throw new Error(`The users file ${this.file}: users[${i}].username is required`);
      }
      let password: StoredPassword;
      if (typeof entry.password === 'string') {
        password = await hashPassword(entry.password, this.#scrypt);
        rehashed = true;
      } else if (isStoredPassword(entry.password)) password = entry.password;
      else
        throw new Error(
          `The users file ${this.file}: users[${i}].password must be a string or a $scrypt hash`,
        );
      const roles = Array.isArray(entry.roles)
        ? entry.roles.filter((r): r is string => typeof r === 'string')
        : [];
      users.set(entry.username, { username: entry.username, password, roles });
    }
    if (rehashed) await this.#save([...users.values()]);
    const after = await stat(this.file);
    this.#users = users;
    this.#mtimeMs = after.mtimeMs;
    this.#size = after.size;
    this.#verified.clear();
  }

  #cacheKey(username: string, password: string): string {
    return createHmac('sha256', this.#hmacKey)
      .update(username)
      .update('\0')
      .update(password)
      .digest('base64');
  }

  /**
   * Checks a user name and password.
   *
   * @returns the principal, or undefined when they do not match.
   */
  async verify(username: string, password: string): Promise<Principal | undefined> {
    await this.#reload(false);
    const user = this.#users.get(username);
    const key = this.#cacheKey(username, password);
    const until = this.#verified.get(key);
    if (user && until !== undefined && until > Date.now()) return { username, roles: [...user.roles] };
    if (!user) {
      this.#dummy ??= await hashPassword(randomBytes(12).toString('base64'), this.#scrypt);
      await verifyPassword(password, this.#dummy);
      return undefined;
    }
    if (!(await verifyPassword(password, user.password))) return undefined;
    this.#verified.set(key, Date.now() + VERIFIED_TTL_MS);
    return { username, roles: [...user.roles] };
  }

  /**
   * Authenticates a request from its headers (see {@link credentialsOf}).
   *
   * @throws UnauthorizedError (401 `Access Denied`) without valid credentials.
   */
  async authenticate(headers: RequestHeaders): Promise<Principal> {
    const credentials = credentialsOf(headers);
    if (!credentials) throw new UnauthorizedError();
    const principal = await this.verify(credentials.username, credentials.password);
    if (!principal) throw new UnauthorizedError();
    return principal;
  }

  /**
   * Sets a user's password (hashed), rewriting the file atomically.
   *
   * @throws NotFoundError for an unknown user; BadRequestError for an empty password.
   */
  async changePassword(username: string, newPassword: string): Promise<void> {
    if (typeof newPassword !== 'string' || newPassword === '') {
      throw new BadRequestError('The new password must not be empty');
    }
    await this.#reload(false);
    const user = this.#users.get(username);
    if (!user) throw new NotFoundError(`No user ${username}`);
    const password = await hashPassword(newPassword, this.#scrypt);
    const users = [...this.#users.values()].map((u) => (u.username === username ? { ...u, password } : u));
    await this.#save(users);
    await this.#reload(true);
  }
}
