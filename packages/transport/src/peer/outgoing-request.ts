/**
 * The caller's side of one request sent to the peer: a single-consumer queue of responses exposed as an
 * `AsyncIterable`, ended by `complete()` / `cancel()` / an abort signal, or failed by an `ExceptionMessage` answer,
 * the consistency clean-up or the loss of the connection group.
 *
 * @packageDocumentation
 */
import type { OperationResponse } from '../gen/OperationMessages_pb.js';
import type { OutgoingRequest } from './contract.js';

/** What an {@link OutgoingRequestHandle} asks of its connection group. */
export interface OutgoingRequestOwner {
  /** Forget the request (no more responses are routed to it). */
  forget(messageId: bigint): void;
  /** Send `CancelOpRequest` for the id (fire and forget). */
  sendCancel(messageId: bigint): void;
}

type Waiter = {
  resolve(result: IteratorResult<OperationResponse>): void;
  reject(error: unknown): void;
};

/** One request this process sent; the group routes responses to it by message id. */
export class OutgoingRequestHandle implements OutgoingRequest {
  readonly messageId: bigint;
  readonly responses: AsyncIterable<OperationResponse>;
  /** Consecutive ControlRequests from the peer that did not list this id as executing (spec §5.3). */
  inconsistentCount = 0;

  readonly #owner: OutgoingRequestOwner;
  readonly #queue: OperationResponse[] = [];
  readonly #waiters: Waiter[] = [];
  /** `open` → waiting for responses; `ended` → iteration finishes; `failed` → queue drains, then throws. */
  #state: 'open' | 'ended' | 'failed' = 'open';
  #error: unknown;
  #errorThrown = false;
  #detachSignal: (() => void) | undefined;

  constructor(messageId: bigint, owner: OutgoingRequestOwner, signal?: AbortSignal) {
    this.messageId = messageId;
    this.#owner = owner;
    const iterator: AsyncIterator<OperationResponse> = {
      next: () => this.#next(),
      return: async () => {
        // The consumer stopped iterating before the request finished: tell the peer.
        this.cancel();
        return { done: true, value: undefined };
      },
    };
    this.responses = { [Symbol.asyncIterator]: () => iterator };
    if (signal !== undefined) {
      const onAbort = () => this.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#detachSignal = () => signal.removeEventListener('abort', onAbort);
    }
  }

  /** Whether responses are still routed to this request. */
  get isOpen(): boolean {
    return this.#state === 'open';
  }

  complete(): void {
    if (this.#state !== 'open') return;
    this.#owner.forget(this.messageId);
    this.#end();
  }

  cancel(): void {
    if (this.#state !== 'open') return;
    this.#owner.forget(this.messageId);
    this.#owner.sendCancel(this.messageId);
    this.#end();
  }

  /** Queues one response (called by the group). */
  deliver(response: OperationResponse): void {
    if (this.#state !== 'open') return;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter.resolve({ done: false, value: response });
    else this.#queue.push(response);
  }

  /**
   * Fails the request (called by the group after it forgot the id): responses already queued are still
   * delivered, then the iterator throws `error`.
   */
  fail(error: unknown): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#error = error;
    this.#detachSignal?.();
    for (const waiter of this.#waiters.splice(0)) {
      this.#errorThrown = true;
      waiter.reject(error);
    }
  }

  #end(): void {
    this.#state = 'ended';
    this.#queue.length = 0;
    this.#detachSignal?.();
    for (const waiter of this.#waiters.splice(0)) waiter.resolve({ done: true, value: undefined });
  }

  #next(): Promise<IteratorResult<OperationResponse>> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve({ done: false, value: queued });
    if (this.#state === 'failed') {
      if (this.#errorThrown) return Promise.resolve({ done: true, value: undefined });
      this.#errorThrown = true;
      return Promise.reject(this.#error);
    }
    if (this.#state === 'ended') return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }
}
