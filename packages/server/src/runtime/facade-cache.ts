/**
 * The cache of managed facades (spec wire-protocol.md §5.4): facade key string → facade. The key is the exact
 * text a client sends (the Base64 of its serialized `APIConfiguration`), so a changed configuration simply yields
 * a new key and a new facade.
 *
 * A facade unused for `idleTimeoutMs` (default 120 minutes, as the Java server) is removed and disposed, which
 * releases its stateful configuration and pooled connector instances. The check runs every `checkIntervalMs`
 * (default one minute) on a timer that does not keep the process alive (`unref`). A facade with operations in
 * progress is never evicted.
 *
 * The peer chooses the facade key, so the number of facades is also bounded (`maxFacades`, default 1000): a new
 * facade beyond the bound first evicts the least recently used idle one. Without the bound, every distinct valid
 * configuration a peer sends would keep a facade alive for two hours.
 *
 * @packageDocumentation
 */
import { IllegalStateException } from '@rcskit/core';
import { describeError, type RuntimeLogger, silentRuntimeLogger } from './logger.js';

/** Default idle time after which a facade is disposed: 120 minutes. */
export const DEFAULT_FACADE_IDLE_TIMEOUT_MS = 120 * 60_000;

/** Default interval of the idle check: one minute. */
export const DEFAULT_FACADE_CHECK_INTERVAL_MS = 60_000;

/** Default bound on the number of cached facades. */
export const DEFAULT_MAX_FACADES = 1000;

/** What the cache needs from a facade. */
export interface CacheableFacade {
  /** Releases everything the facade holds. */
  dispose(): Promise<void>;
  /** Operations in progress; a busy facade is not evicted. */
  readonly activeOperations?: number;
  /** When an operation last started or ended (epoch ms). */
  readonly lastUsed?: number;
}

/** Options of a {@link FacadeCache}. */
export interface FacadeCacheOptions {
  /** Idle time after which a facade is disposed, in ms; 0 or below never evicts. Default 120 minutes. */
  readonly idleTimeoutMs?: number | undefined;
  /** Interval of the idle check, in ms. Default one minute. */
  readonly checkIntervalMs?: number | undefined;
  /** Most facades kept at once; the least recently used idle one makes room. Default 1000. */
  readonly maxFacades?: number | undefined;
  readonly logger?: RuntimeLogger | undefined;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

interface Entry<F> {
  readonly facade: F;
  lastAccess: number;
}

/** Facades by exact key string; see the module notes. */
export class FacadeCache<F extends CacheableFacade> {
  readonly idleTimeoutMs: number;
  readonly checkIntervalMs: number;
  readonly maxFacades: number;
  readonly #entries = new Map<string, Entry<F>>();
  readonly #logger: RuntimeLogger;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: FacadeCacheOptions = {}) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_FACADE_IDLE_TIMEOUT_MS;
    this.checkIntervalMs = Math.max(1, options.checkIntervalMs ?? DEFAULT_FACADE_CHECK_INTERVAL_MS);
    this.maxFacades = Math.max(1, options.maxFacades ?? DEFAULT_MAX_FACADES);
    this.#logger = options.logger ?? silentRuntimeLogger;
    this.#now = options.now ?? Date.now;
  }

  /** Number of cached facades. */
  get size(): number {
    return this.#entries.size;
  }

  /** The cached keys. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** The facade cached under exactly `key` (marking it used), or undefined. */
  get(key: string): F | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    entry.lastAccess = this.#now();
    return entry.facade;
  }

  /**
   * The facade cached under exactly `key`, or a new one from `create` (synchronous, so concurrent requests for one
   * key always share a facade).
   *
   * @throws IllegalStateException after {@link close}.
   */
  getOrCreate(key: string, create: () => F): F {
    if (this.#closed) throw new IllegalStateException('The facade cache is closed');
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    if (this.#entries.size >= this.maxFacades) this.#evictLeastRecentlyUsed();
    const facade = create();
    this.#entries.set(key, { facade, lastAccess: this.#now() });
    this.#startTimer();
    return facade;
  }

  /** Removes and disposes the facade under `key`. @returns whether there was one. */
  async delete(key: string): Promise<boolean> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    await this.#dispose(key, entry.facade);
    return true;
  }

  /**
   * Removes and disposes every facade idle (no operation in progress, no access) for longer than the idle
   * timeout. The timer calls it; tests may call it directly.
   *
   * @returns the number of facades evicted.
   */
  async evictIdle(now: number = this.#now()): Promise<number> {
    if (this.idleTimeoutMs <= 0) return 0;
    const evicted: [string, F][] = [];
    for (const [key, entry] of this.#entries) {
      const facade = entry.facade;
      if ((facade.activeOperations ?? 0) > 0) continue;
      const lastUsed = Math.max(entry.lastAccess, facade.lastUsed ?? 0);
      if (now - lastUsed > this.idleTimeoutMs) evicted.push([key, facade]);
    }
    for (const [key] of evicted) this.#entries.delete(key);
    for (const [key, facade] of evicted) {
      this.#logger.info({ facadeKeyLength: key.length }, 'Disposing a connector facade unused for too long');
      await this.#dispose(key, facade);
    }
    if (this.#entries.size === 0) this.#stopTimer();
    return evicted.length;
  }

  /** Stops the timer and disposes every facade. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopTimer();
    const entries = [...this.#entries];
    this.#entries.clear();
    await Promise.all(entries.map(([key, entry]) => this.#dispose(key, entry.facade)));
  }

  #evictLeastRecentlyUsed(): void {
    let oldest: [string, Entry<F>] | undefined;
    for (const item of this.#entries) {
      const [, entry] = item;
      if ((entry.facade.activeOperations ?? 0) > 0) continue;
      if (oldest === undefined || entry.lastAccess < oldest[1].lastAccess) oldest = item;
    }
    if (oldest === undefined) {
      this.#logger.warn(
        { size: this.#entries.size },
        'Facade cache is full of busy facades; growing past its bound',
      );
      return;
    }
    const [key, entry] = oldest;
    this.#entries.delete(key);
    this.#logger.info({ facadeKeyLength: key.length }, 'Disposing the least recently used connector facade');
    void this.#dispose(key, entry.facade);
  }

  #startTimer(): void {
    if (this.#timer !== undefined || this.idleTimeoutMs <= 0) return;
    this.#timer = setInterval(() => {
      this.evictIdle().catch((error: unknown) =>
        this.#logger.warn({ error: describeError(error) }, 'Facade eviction failed'),
      );
    }, this.checkIntervalMs);
    this.#timer.unref?.();
  }

  #stopTimer(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #dispose(key: string, facade: F): Promise<void> {
    try {
      await facade.dispose();
    } catch (error) {
      this.#logger.warn(
        { facadeKeyLength: key.length, error: describeError(error) },
        'Disposing a connector facade failed',
      );
    }
  }
}
