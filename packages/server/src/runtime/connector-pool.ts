/**
 * The pool of poolable connector instances of one facade (spec framework.md C.1, C.6), driven by an
 * `ObjectPoolConfiguration`:
 *
 * | Setting | Meaning here |
 * |---|---|
 * | `maxObjects` | At most this many instances are borrowed at once (a semaphore). New instances are made only when no idle one is left, so active + idle never exceeds it either |
 * | `maxWait` | How long a borrow waits for a free permit, in ms; 0 = do not wait. On expiry: `ConnectorException("TimeOut")` |
 * | `maxIdle` | At most this many idle instances are kept; the oldest beyond it are disposed when an instance is returned. Below 1, returned instances are disposed |
 * | `minEvictableIdleTimeMillis` | When an instance is returned, idle instances idle longer than this are disposed (while more than `minIdle` are idle); 0 = never |
 * | `minIdle` | Eviction by age keeps at least this many idle instances |
 *
 * Borrowing runs `checkAlive()` on the instance: one that fails while **idle** is disposed and the next idle one
 * (or a new one) is tried; a **new** instance that fails it makes the borrow fail with that error. Idle instances
 * are reused most-recently-returned first, so rarely needed ones age out.
 *
 * The configuration is validated on construction (`IllegalArgumentException`: negative values, `minIdle >
 * maxIdle`, `maxIdle > maxObjects`).
 *
 * @packageDocumentation
 */
import { ConnectorException, IllegalStateException, type ObjectPoolConfiguration } from '@rcskit/core';
import { describeError, type RuntimeLogger, silentRuntimeLogger } from './logger.js';

/** How the pool makes, checks and destroys instances. */
export interface PoolResource<T> {
  /** A new, ready instance (for a connector: created and `init`-ed). */
  create(): Promise<T>;
  /** Throws (or rejects) when the instance can no longer be used. */
  checkAlive(instance: T): Promise<void>;
  /** Releases the instance; errors are logged and ignored. */
  dispose(instance: T): Promise<void>;
}

/** Options of a {@link ConnectorPool}. */
export interface ConnectorPoolOptions {
  readonly logger?: RuntimeLogger | undefined;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

interface IdleEntry<T> {
  readonly instance: T;
  readonly since: number;
}

interface Waiter {
  readonly grant: () => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Pool statistics. */
export interface PoolStatistics {
  /** Instances currently borrowed. */
  readonly active: number;
  /** Instances waiting in the pool. */
  readonly idle: number;
  /** Borrows waiting for a permit. */
  readonly waiting: number;
}

/** A pool of instances; see the module notes. */
export class ConnectorPool<T> {
  readonly #config: ObjectPoolConfiguration;
  readonly #resource: PoolResource<T>;
  readonly #logger: RuntimeLogger;
  readonly #now: () => number;
  /** Most recently returned last. */
  #idle: IdleEntry<T>[] = [];
  readonly #active = new Set<T>();
  readonly #waiters: Waiter[] = [];
  #permits: number;
  #closed = false;

  /** @throws IllegalArgumentException for an invalid configuration (see the module notes). */
  constructor(
    config: ObjectPoolConfiguration,
    resource: PoolResource<T>,
    options: ConnectorPoolOptions = {},
  ) {
    config.validate();
    this.#config = config.clone();
    this.#resource = resource;
    this.#logger = options.logger ?? silentRuntimeLogger;
    this.#now = options.now ?? Date.now;
    this.#permits = this.#config.maxObjects;
  }

  /** Current counts. */
  get statistics(): PoolStatistics {
    return { active: this.#active.size, idle: this.#idle.length, waiting: this.#waiters.length };
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * A live instance: an idle one that passes `checkAlive`, or a new one.
   *
   * @throws ConnectorException("TimeOut") when no permit frees up within `maxWait`.
   * @throws IllegalStateException once the pool is closed.
   * @throws whatever creating or checking a new instance throws.
   */
  async borrow(): Promise<T> {
    if (this.#closed) throw new IllegalStateException('The connector pool is closed');
    await this.#acquirePermit();
    try {
      for (;;) {
        if (this.#closed) throw new IllegalStateException('The connector pool is closed');
        const entry = this.#idle.pop();
        if (entry === undefined) break;
        try {
          await this.#resource.checkAlive(entry.instance);
          this.#active.add(entry.instance);
          return entry.instance;
        } catch (error) {
          this.#logger.debug(
            { error: describeError(error) },
            'Idle connector instance failed checkAlive; disposing it',
          );
          await this.#destroy(entry.instance);
        }
      }
      const instance = await this.#resource.create();
      try {
        await this.#resource.checkAlive(instance);
      } catch (error) {
        await this.#destroy(instance);
        throw error;
      }
      if (this.#closed) {
        await this.#destroy(instance);
        throw new IllegalStateException('The connector pool is closed');
      }
      this.#active.add(instance);
      return instance;
    } catch (error) {
      this.#releasePermit();
      throw error;
    }
  }

  /**
   * Gives a borrowed instance back: it becomes idle (then idle instances beyond `maxIdle` or older than
   * `minEvictableIdleTimeMillis` are disposed), or is disposed at once when the pool is closed or keeps no idle
   * instances. Unknown instances are ignored.
   */
  async release(instance: T): Promise<void> {
    if (!this.#active.delete(instance)) return;
    const evicted: T[] = [];
    if (this.#closed || this.#config.maxIdle < 1) {
      evicted.push(instance);
    } else {
      const now = this.#now();
      this.#idle.push({ instance, since: now });
      while (this.#idle.length > this.#config.maxIdle) evicted.push(this.#idle.shift()!.instance);
      const maxAge = this.#config.minEvictableIdleTimeMillis;
      if (maxAge > 0) {
        let remaining = this.#idle.length;
        this.#idle = this.#idle.filter((entry) => {
          const stale = now - entry.since > maxAge && remaining > this.#config.minIdle;
          if (stale) {
            evicted.push(entry.instance);
            remaining--;
          }
          return !stale;
        });
      }
    }
    this.#releasePermit();
    for (const stale of evicted) await this.#destroy(stale);
  }

  /**
   * Closes the pool: waiting borrows fail, idle instances are disposed now, borrowed ones when they come back.
   * Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.grant();
    }
    const idle = this.#idle.splice(0);
    for (const entry of idle) await this.#destroy(entry.instance);
  }

  #acquirePermit(): Promise<void> {
    if (this.#permits > 0 && this.#waiters.length === 0) {
      this.#permits--;
      return Promise.resolve();
    }
    const maxWait = this.#config.maxWait;
    if (maxWait <= 0) return Promise.reject(new ConnectorException('TimeOut'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          if (this.#closed) reject(new IllegalStateException('The connector pool is closed'));
          else resolve();
        },
        timer: undefined,
      };
      waiter.timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(new ConnectorException('TimeOut'));
      }, maxWait);
      this.#waiters.push(waiter);
    });
  }

  #releasePermit(): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      clearTimeout(waiter.timer);
      waiter.grant();
    } else {
      this.#permits++;
    }
  }

  async #destroy(instance: T): Promise<void> {
    try {
      await this.#resource.dispose(instance);
    } catch (error) {
      this.#logger.warn({ error: describeError(error) }, 'Disposing a connector instance failed');
    }
  }
}
