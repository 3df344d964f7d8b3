/**
 * The producer buffer of streaming operations (spec framework.md C.7): a bounded asynchronous queue between a
 * connector (the producer, feeding search results or sync deltas through its handler) and the caller's handler
 * (the consumer).
 *
 * Back-pressure: {@link BoundedQueue.push} resolves only once the item is in the buffer, so a connector that awaits
 * its handler — as the SPI asks — is held back while `capacity` items are waiting: it can never run more than
 * `capacity + 1` items ahead of a slow consumer. (A connector that does not await its handler cannot be held
 * back; the pending items then pile up in {@link BoundedQueue.pendingPushes}.)
 *
 * One consumer, any number of producers' pushes. The consumer ends the exchange with {@link BoundedQueue.cancel}
 * (waiting and later pushes resolve `false`: the connector must stop); the producer with {@link BoundedQueue.end}
 * or {@link BoundedQueue.fail}.
 *
 * @packageDocumentation
 */
import { IllegalArgumentException, IllegalStateException, OperationTimeoutException } from '@rcskit/core';

/** What {@link BoundedQueue.next} yields: an item, or the end of the stream. */
export type QueueResult<T> = { readonly done: false; readonly value: T } | { readonly done: true };

interface PendingPush<T> {
  readonly item: T;
  readonly resolve: (accepted: boolean) => void;
}

interface Waiter<T> {
  readonly resolve: (result: QueueResult<T>) => void;
  readonly reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const DONE: QueueResult<never> = Object.freeze({ done: true });

/** A bounded FIFO with awaiting producers; see the module notes. */
export class BoundedQueue<T> {
  readonly capacity: number;
  #items: T[] = [];
  #head = 0;
  readonly #pushes: PendingPush<T>[] = [];
  #waiter: Waiter<T> | undefined;
  #ended = false;
  #failure: { readonly error: unknown } | undefined;
  #cancelled = false;

  /** @throws IllegalArgumentException unless `capacity` is a positive integer. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new IllegalArgumentException(`Queue capacity must be a positive integer: ${capacity}`);
    }
    this.capacity = capacity;
  }

  /** Items in the buffer (not counting {@link pendingPushes}). */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Pushes waiting for room. */
  get pendingPushes(): number {
    return this.#pushes.length;
  }

  /** Whether the consumer cancelled. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /**
   * Offers one item. Resolves `true` once it is in the buffer (at once when there is room or the consumer is
   * waiting), or `false` when the consumer has cancelled: the producer must then stop.
   *
   * @throws IllegalStateException after {@link end} or {@link fail}.
   */
  push(item: T): Promise<boolean> {
    if (this.#cancelled) return Promise.resolve(false);
    if (this.#ended) throw new IllegalStateException('The queue has ended; no more items can be pushed');
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      clearTimeout(waiter.timer);
      waiter.resolve({ done: false, value: item });
      return Promise.resolve(true);
    }
    if (this.size < this.capacity && this.#pushes.length === 0) {
      this.#items.push(item);
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.#pushes.push({ item, resolve }));
  }

  /** The producer is done: the consumer receives the buffered items, then the end. Idempotent. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#settleWaiter();
  }

  /** The producer failed: the consumer receives the buffered items, then `error`. */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#failure = { error };
    this.#settleWaiter();
  }

  /**
   * The consumer stops: buffered items are dropped, waiting and later pushes resolve `false`, and a pending
   * {@link next} resolves with the end. Idempotent.
   */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#items = [];
    this.#head = 0;
    for (const push of this.#pushes.splice(0)) push.resolve(false);
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      clearTimeout(waiter.timer);
      waiter.resolve(DONE);
    }
  }

  /**
   * The next item, or the end once the producer ended and the buffer is drained. Only one call may be pending.
   *
   * @param timeoutMs how long to wait for the item; `undefined` or a negative value waits forever.
   * @param operation named in the timeout message.
   * @throws OperationTimeoutException when nothing arrives in time (the queue stays usable).
   * @throws the producer's error once the buffer is drained after {@link fail}.
   */
  next(timeoutMs?: number, operation = 'operation'): Promise<QueueResult<T>> {
    if (this.#waiter !== undefined) {
      return Promise.reject(new IllegalStateException('Only one consumer may wait on the queue'));
    }
    if (this.size > 0) return Promise.resolve({ done: false, value: this.#take() });
    if (this.#cancelled) return Promise.resolve(DONE);
    if (this.#ended) {
      return this.#failure ? Promise.reject(this.#failure.error) : Promise.resolve(DONE);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject, timer: undefined };
      if (timeoutMs !== undefined && timeoutMs >= 0) {
        waiter.timer = setTimeout(() => {
          if (this.#waiter !== waiter) return;
          this.#waiter = undefined;
          reject(new OperationTimeoutException(`${operation} timed out: no result within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.#waiter = waiter;
    });
  }

  /** Removes the head item and lets the first waiting push into the buffer. */
  #take(): T {
    const item = this.#items[this.#head] as T;
    this.#items[this.#head] = undefined as T;
    this.#head++;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    const push = this.#pushes.shift();
    if (push !== undefined) {
      this.#items.push(push.item);
      push.resolve(true);
    }
    return item;
  }

  #settleWaiter(): void {
    const waiter = this.#waiter;
    if (waiter === undefined || this.size > 0) return;
    this.#waiter = undefined;
    clearTimeout(waiter.timer);
    if (this.#failure) waiter.reject(this.#failure.error);
    else waiter.resolve(DONE);
  }
}
