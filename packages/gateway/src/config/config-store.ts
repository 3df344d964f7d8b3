/**
 * The gateway's configuration directory (`conf/`):
 *
 * - `provisioner.openicf-<name>.json`: one file per system (spec framework.md F.9);
 * - `provisioner.openicf.connectorinfoprovider.json`: the remote connector servers (F.10).
 *
 * Files are the source of truth and may be edited by hand: every read compares the file's modification time and
 * size with the cached copy and re-reads it when they changed; {@link ConfigStore.watch} additionally reports
 * changes as they happen (fs.watch, debounced) so a caller can restart a connector. A file that does not parse or
 * validate is reported with its error (in {@link ConfigStore.list}, and as a 500 from
 * {@link ConfigStore.require}) without affecting the other files.
 *
 * Writes are atomic (temporary file, fsync, rename, directory fsync), serialised per file, and store secrets
 * encrypted (see `crypto.ts`): connector-server keys and proxy passwords always, configuration properties the
 * caller names as confidential (from the connector's metadata). What is stored, and returned, only ever holds
 * the `$crypto` envelopes.
 *
 * @packageDocumentation
 */
import { type FSWatcher, watch as fsWatch } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory, writeFileAtomic } from '@rcskit/core';
import { BadRequestError, InternalServerError, NotFoundError } from '../errors.js';
import { jsonText } from '../util/atomic-file.js';
import {
  CONNECTOR_SERVER_SECRET_FIELDS,
  type ConnectorInfoProviderModel,
  checkConnectorInfoProvider,
} from './connector-ref.js';
import type { ConfigCrypto } from './crypto.js';
import {
  checkProvisionerConfig,
  isValidProvisionerName,
  type ProvisionerConfig,
  protectProvisionerSecrets,
  provisionerFileName,
  provisionerNameOf,
} from './provisioner.js';

/** File name of the connector-info provider configuration. */
export const CONNECTOR_INFO_PROVIDER_FILE = 'provisioner.openicf.connectorinfoprovider.json';

/** One provisioner file as read: the JSON and model when valid, the error otherwise. */
export interface StoredProvisioner {
  readonly name: string;
  /** Absolute path of the file. */
  readonly file: string;
  /** The stored JSON (secrets encrypted); absent when the file is not valid JSON. */
  readonly json: Readonly<Record<string, unknown>> | undefined;
  /** The validated model; absent when the file is invalid. */
  readonly config: ProvisionerConfig | undefined;
  /** Why the file is invalid. */
  readonly error: string | undefined;
  readonly mtimeMs: number;
}

/** The connector-info provider file as read. */
export interface StoredConnectorInfoProvider {
  readonly file: string;
  /** The stored JSON (`{}` when the file does not exist). */
  readonly json: Readonly<Record<string, unknown>> | undefined;
  readonly model: ConnectorInfoProviderModel | undefined;
  readonly error: string | undefined;
  /** 0 when the file does not exist. */
  readonly mtimeMs: number;
}

/** A change seen by {@link ConfigStore.watch}. */
export type ConfigChange =
  | { readonly kind: 'provisioner'; readonly name: string }
  | { readonly kind: 'connectorInfoProvider' };

/** Options of {@link ConfigStore}. */
export interface ConfigStoreOptions {
  /** The configuration directory (created on first write). */
  readonly confDir: string;
  /** Encrypts secrets on write. */
  readonly crypto: ConfigCrypto;
  /** Quiet time before {@link ConfigStore.watch} reports a change (ms, default 200). */
  readonly watchDebounceMs?: number;
}

/** Options of {@link ConfigStore.putProvisioner}. */
export interface PutProvisionerOptions {
  /** Names of configuration properties to store encrypted (e.g. `confidentialPropertyNames(info)`). */
  readonly confidential?: Iterable<string>;
  /**
   * Write only if the file is still the one read as this entry (same modification time), checked right before
   * the file is replaced; otherwise nothing is written and the current entry is returned. For rewrites the
   * gateway makes on its own (encrypting secrets a hand edit left in clear), so they never undo an edit.
   */
  readonly ifUnchanged?: StoredProvisioner;
}

interface CacheEntry<T> {
  readonly mtimeMs: number;
  readonly size: number;
  readonly value: T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Drops the CREST metadata a client may send with a configuration (`_id`, `_rev`). */
function withoutMetadata(json: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { _id: _ignoredId, _rev: _ignoredRev, ...rest } = json;
  return rest;
}

/** See the module notes. */
export class ConfigStore {
  readonly confDir: string;
  readonly #crypto: ConfigCrypto;
  readonly #debounceMs: number;
  readonly #cache = new Map<string, CacheEntry<unknown>>();
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(options: ConfigStoreOptions) {
    this.confDir = options.confDir;
    this.#crypto = options.crypto;
    this.#debounceMs = options.watchDebounceMs ?? 200;
  }

  /** Path of a provisioner file. */
  provisionerPath(name: string): string {
    return join(this.confDir, provisionerFileName(name));
  }

  /** Path of the connector-info provider file. */
  get connectorInfoProviderPath(): string {
    return join(this.confDir, CONNECTOR_INFO_PROVIDER_FILE);
  }

  /** Reads a file through the mtime/size cache; undefined when it does not exist. */
  async #read<T>(file: string, parse: (text: string, mtimeMs: number) => T): Promise<T | undefined> {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.#cache.delete(file);
        return undefined;
      }
      throw e;
    }
    const cached = this.#cache.get(file) as CacheEntry<T> | undefined;
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.value;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const value = parse(text, info.mtimeMs);
    this.#cache.set(file, { mtimeMs: info.mtimeMs, size: info.size, value });
    return value;
  }

  #parseProvisioner(name: string, file: string, text: string, mtimeMs: number): StoredProvisioner {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return {
        name,
        file,
        json: undefined,
        config: undefined,
        error: `Invalid JSON: ${(e as Error).message}`,
        mtimeMs,
      };
    }
    if (!isObject(json)) {
      return {
        name,
        file,
        json: undefined,
        config: undefined,
        error: 'The file must hold a JSON object',
        mtimeMs,
      };
    }
    const { config, problems } = checkProvisionerConfig(json, { name });
    return Object.freeze({
      name,
      file,
      json,
      config,
      error: config ? undefined : problems.join('; '),
      mtimeMs,
    });
  }

  /** Every provisioner file, valid or not, sorted by name. */
  async listProvisioners(): Promise<StoredProvisioner[]> {
    let files: string[];
    try {
      files = await readdir(this.confDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const names = files.map(provisionerNameOf).filter((n): n is string => n !== undefined);
    const out: StoredProvisioner[] = [];
    for (const name of names.sort()) {
      const entry = await this.getProvisioner(name);
      if (entry) out.push(entry);
    }
    return out;
  }

  /** One provisioner file (re-read when it changed on disk), or undefined when it does not exist. */
  async getProvisioner(name: string): Promise<StoredProvisioner | undefined> {
    if (!isValidProvisionerName(name)) return undefined;
    const file = this.provisionerPath(name);
    return this.#read(file, (text, mtimeMs) => this.#parseProvisioner(name, file, text, mtimeMs));
  }

  /**
   * The validated configuration of a system.
   *
   * @throws NotFoundError (404) when there is no such file; InternalServerError (500) when it is invalid.
   */
  async requireProvisioner(name: string): Promise<ProvisionerConfig> {
    const entry = await this.getProvisioner(name);
    if (!entry) throw new NotFoundError(`No configuration exists for id provisioner.openicf/${name}`);
    if (!entry.config) {
      throw new InternalServerError(
        `The configuration provisioner.openicf/${name} is invalid: ${entry.error}`,
      );
    }
    return entry.config;
  }

  async #locked<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.#locks.get(key) === settled) this.#locks.delete(key);
    }
  }

  /** True when `file` still has the modification time it had when read. */
  async #unchanged(file: string, mtimeMs: number): Promise<boolean> {
    try {
      return (await stat(file)).mtimeMs === mtimeMs;
    } catch {
      return false;
    }
  }

  async #write(file: string, json: unknown, precondition?: () => Promise<boolean>): Promise<boolean> {
    await mkdir(this.confDir, { recursive: true, mode: 0o700 });
    try {
      return await writeFileAtomic(file, jsonText(json), { mode: 0o600, precondition });
    } finally {
      // Also after a failure: one reported after the rename (flushing the directory) has replaced the file.
      this.#cache.delete(file);
    }
  }

  /**
   * Validates and stores a provisioner configuration (`_id`/`_rev` are dropped, a missing `name` is set), with the
   * confidential properties encrypted.
   *
   * @returns what was stored (secrets as envelopes).
   * @throws BadRequestError (400) for an invalid name or configuration.
   */
  async putProvisioner(
    name: string,
    json: unknown,
    options: PutProvisionerOptions = {},
  ): Promise<StoredProvisioner> {
    if (!isValidProvisionerName(name)) {
      throw new BadRequestError(`Invalid system name '${name}': only letters and digits are allowed`);
    }
    if (!isObject(json)) throw new BadRequestError('A provisioner configuration must be a JSON object');
    const body = withoutMetadata(json);
    if (body.name === undefined) body.name = name;
    const { problems } = checkProvisionerConfig(body, { name });
    if (problems.length > 0)
      throw new BadRequestError(`Invalid provisioner configuration: ${problems.join('; ')}`);
    const stored = protectProvisionerSecrets(body, options.confidential ?? [], this.#crypto);
    const file = this.provisionerPath(name);
    const expected = options.ifUnchanged;
    return this.#locked(file, async () => {
      await this.#write(
        file,
        stored,
        expected === undefined ? undefined : () => this.#unchanged(file, expected.mtimeMs),
      );
      const entry = await this.getProvisioner(name);
      if (!entry)
        throw new InternalServerError(`The configuration provisioner.openicf/${name} vanished after writing`);
      return entry;
    });
  }

  /**
   * Deletes a provisioner file.
   *
   * @returns the deleted entry, or undefined when there was none.
   */
  async deleteProvisioner(name: string): Promise<StoredProvisioner | undefined> {
    if (!isValidProvisionerName(name)) return undefined;
    const file = this.provisionerPath(name);
    return this.#locked(file, async () => {
      const previous = await this.getProvisioner(name);
      if (!previous) return undefined;
      try {
        await rm(file, { force: true });
      } finally {
        this.#cache.delete(file);
      }
      await fsyncDirectory(this.confDir);
      return previous;
    });
  }

  #parseProvider(file: string, text: string, mtimeMs: number): StoredConnectorInfoProvider {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return {
        file,
        json: undefined,
        model: undefined,
        error: `Invalid JSON: ${(e as Error).message}`,
        mtimeMs,
      };
    }
    if (!isObject(json)) {
      return { file, json: undefined, model: undefined, error: 'The file must hold a JSON object', mtimeMs };
    }
    const { model, problems } = checkConnectorInfoProvider(json);
    return Object.freeze({ file, json, model, error: model ? undefined : problems.join('; '), mtimeMs });
  }

  /** The connector-info provider configuration (an empty one when the file does not exist). */
  async getConnectorInfoProvider(): Promise<StoredConnectorInfoProvider> {
    const file = this.connectorInfoProviderPath;
    const entry = await this.#read(file, (text, mtimeMs) => this.#parseProvider(file, text, mtimeMs));
    if (entry) return entry;
    const { model } = checkConnectorInfoProvider({});
    return { file, json: {}, model, error: undefined, mtimeMs: 0 };
  }

  /**
   * Validates and stores the connector-info provider configuration, with every server's and client's `key`,
   * `proxyPassword`, `password` and `token` encrypted. `options.ifUnchanged`: as for {@link putProvisioner}.
   *
   * @returns what was stored.
   * @throws BadRequestError (400) when it is invalid.
   */
  async putConnectorInfoProvider(
    json: unknown,
    options: { readonly ifUnchanged?: StoredConnectorInfoProvider } = {},
  ): Promise<StoredConnectorInfoProvider> {
    if (!isObject(json))
      throw new BadRequestError('The connector-info provider configuration must be a JSON object');
    const body = withoutMetadata(json);
    const { problems } = checkConnectorInfoProvider(body);
    if (problems.length > 0) {
      throw new BadRequestError(`Invalid connector-info provider configuration: ${problems.join('; ')}`);
    }
    const stored = this.#protectServers(body);
    const file = this.connectorInfoProviderPath;
    const expected = options.ifUnchanged;
    return this.#locked(file, async () => {
      await this.#write(
        file,
        stored,
        expected === undefined ? undefined : () => this.#unchanged(file, expected.mtimeMs),
      );
      return this.getConnectorInfoProvider();
    });
  }

  #protectServers(json: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...json };
    for (const section of ['remoteConnectorServers', 'remoteConnectorClients']) {
      const list = out[section];
      if (!Array.isArray(list)) continue;
      out[section] = list.map((entry: unknown) => {
        if (!isObject(entry)) return entry;
        const copy: Record<string, unknown> = { ...entry };
        for (const field of CONNECTOR_SERVER_SECRET_FIELDS) {
          if (copy[field] !== undefined) copy[field] = this.#crypto.protect(copy[field]);
        }
        return copy;
      });
    }
    return out;
  }

  /**
   * Reports changes to configuration files (including hand edits) after `watchDebounceMs` of quiet per file.
   * Returns a function that stops watching. Events for files that vanished are reported too (a deletion).
   */
  watch(listener: (change: ConfigChange) => void): () => void {
    const timers = new Map<string, NodeJS.Timeout>();
    let watcher: FSWatcher | undefined;
    const fire = (fileName: string) => {
      this.#cache.delete(join(this.confDir, fileName));
      if (fileName === CONNECTOR_INFO_PROVIDER_FILE) listener({ kind: 'connectorInfoProvider' });
      else {
        const name = provisionerNameOf(fileName);
        if (name !== undefined) listener({ kind: 'provisioner', name });
      }
    };
    try {
      watcher = fsWatch(this.confDir, { persistent: false }, (_event, fileName) => {
        if (typeof fileName !== 'string') return;
        if (fileName !== CONNECTOR_INFO_PROVIDER_FILE && provisionerNameOf(fileName) === undefined) return;
        const pending = timers.get(fileName);
        if (pending) clearTimeout(pending);
        timers.set(
          fileName,
          setTimeout(() => {
            timers.delete(fileName);
            fire(fileName);
          }, this.#debounceMs),
        );
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      // The directory does not exist (yet): reads still pick up changes through the mtime check.
    }
    return () => {
      watcher?.close();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    };
  }
}
