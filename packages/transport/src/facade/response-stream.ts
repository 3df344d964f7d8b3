/**
 * Reading the responses of one outgoing request with a deadline, and re-ordering streamed parts by sequence
 * (spec wire-protocol.md §5.6).
 *
 * @packageDocumentation
 */
import { OperationTimeoutException } from '@rcskit/core';
import type { OperationResponse } from '../gen/OperationMessages_pb.js';

/** Milliseconds a streaming operation waits for its next part when its timeout is 0 (Java `ResultBuffer`). */
export const ZERO_TIMEOUT_MS = 60_000;

/**
 * The wait a configured operation timeout means: `undefined` for none (-1 or any negative value), 60 s for 0, the
 * value itself otherwise.
 */
export function effectiveTimeout(timeoutMs: number): number | undefined {
  if (timeoutMs < 0) return undefined;
  return timeoutMs === 0 ? ZERO_TIMEOUT_MS : timeoutMs;
}

/** Raised by {@link nextResponse} when the deadline passed; the caller turns it into its own message. */
export class DeadlineExceeded extends OperationTimeoutException {}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * The next response of `iterator`, or `undefined` when the responses ended. Rejects with {@link DeadlineExceeded}
 * after `timeoutMs` (none when undefined), with `signal.reason` when the signal aborts first, and with the peer's
 * exception when it answered with an error.
 */
export function nextResponse(
  iterator: AsyncIterator<OperationResponse>,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
): Promise<OperationResponse | undefined> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const next = iterator.next().then((r) => (r.done ? undefined : r.value));
  if (timeoutMs === undefined && signal === undefined) return next;
  return new Promise<OperationResponse | undefined>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(abortReason(signal!));
    };
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        cleanup();
        reject(new DeadlineExceeded(`No response within ${timeoutMs} ms`));
      }, timeoutMs);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    next.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

/**
 * Puts streamed parts back in order: parts are offered with their sequence number (1, 2, 3 …), taken out in
 * order; duplicates (a sequence already delivered or already buffered) are dropped, as are parts numbered
 * beyond a known final count.
 */
export class SequenceBuffer<T> {
  readonly #pending = new Map<bigint, T>();
  #next = 1n;
  #count: bigint | undefined;
  /** Parts dropped as duplicates or out of range. */
  dropped = 0;

  /** Sequence of the next part to deliver. */
  get nextSequence(): bigint {
    return this.#next;
  }

  /** Offers one part; returns false when it was dropped. */
  offer(sequence: bigint, item: T): boolean {
    if (
      sequence < this.#next ||
      this.#pending.has(sequence) ||
      (this.#count !== undefined && sequence > this.#count)
    ) {
      this.dropped++;
      return false;
    }
    this.#pending.set(sequence, item);
    return true;
  }

  /** Records the total count from the final message (the first final message wins). */
  setCount(count: bigint): void {
    if (this.#count !== undefined) return;
    this.#count = count < 0n ? 0n : count;
    for (const sequence of this.#pending.keys()) {
      if (sequence > this.#count) {
        this.#pending.delete(sequence);
        this.dropped++;
      }
    }
  }

  /** Whether the final message arrived. */
  get hasCount(): boolean {
    return this.#count !== undefined;
  }

  /** The next part in order, if it has arrived. */
  take(): { item: T } | undefined {
    if (!this.#pending.has(this.#next)) return undefined;
    const item = this.#pending.get(this.#next) as T;
    this.#pending.delete(this.#next);
    this.#next += 1n;
    return { item };
  }

  /** True once the count is known and every part up to it was taken. */
  get isComplete(): boolean {
    return this.#count !== undefined && this.#next > this.#count;
  }
}
