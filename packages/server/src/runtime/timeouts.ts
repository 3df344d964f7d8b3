/**
 * Operation timeouts and cancellation (spec framework.md C.7).
 *
 * - **Non-streaming operations** with a timeout other than -1 ({@link NO_TIMEOUT}) fail with
 *   `OperationTimeoutException` once it expires. As in Java, the connector's work is not stopped (JavaScript
 *   cannot interrupt it); it runs to its end in the background, and only then is the connector instance disposed
 *   or returned to the pool. A timeout of 0 therefore fails every call that does not finish synchronously, as the
 *   Java `Future.get(0, ms)` does.
 * - **Streaming operations** (search, sync) time out **per item**: how long the consumer waits for the next
 *   result. -1 means unlimited and 0 means 60 s ({@link streamItemTimeout}).
 * - An `AbortSignal` given to a facade method rejects the call with `signal.reason` once it aborts.
 *
 * @packageDocumentation
 */
import { type ApiOperation, NO_TIMEOUT, OperationTimeoutException } from '@rcskit/core';

/** What a per-item timeout of 0 means for streaming operations: 60 s. */
export const DEFAULT_STREAM_ITEM_TIMEOUT_MS = 60_000;

/**
 * The per-item wait of a streaming operation for a configured timeout: `undefined` (unlimited) for -1 or below,
 * 60 s for 0, the value otherwise.
 */
export function streamItemTimeout(timeoutMs: number): number | undefined {
  if (timeoutMs <= NO_TIMEOUT) return undefined;
  return timeoutMs === 0 ? DEFAULT_STREAM_ITEM_TIMEOUT_MS : timeoutMs;
}

/** The error of an expired operation timeout. */
export function operationTimeout(
  operation: ApiOperation | string,
  timeoutMs: number,
): OperationTimeoutException {
  return new OperationTimeoutException(`Operation '${operation}' timed out after ${timeoutMs} ms`);
}

/** The reason of an aborted signal, as an Error when the signal carried none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('The operation was aborted');
}

/** Throws the signal's reason when it has already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** Options of {@link awaitWithin}. */
export interface AwaitWithinOptions {
  /** Milliseconds; -1 ({@link NO_TIMEOUT}) or below waits forever. */
  readonly timeoutMs: number;
  /** The operation named in the timeout error. */
  readonly operation: ApiOperation | string;
  /** Rejects with `signal.reason` when it aborts. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Waits for `work`, but rejects with `OperationTimeoutException` when the timeout expires first, or with the
 * signal's reason when it aborts first. The work itself is never cancelled; when it is abandoned, its eventual
 * rejection is observed here (so it is never reported as unhandled) and otherwise ignored.
 */
export function awaitWithin<T>(work: Promise<T>, options: AwaitWithinOptions): Promise<T> {
  const { timeoutMs, operation, signal } = options;
  const limited = timeoutMs > NO_TIMEOUT;
  if (!limited && signal === undefined) return work;
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => finish(() => reject(abortReason(signal!)));
    const finish = (settle: () => void) => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (limited) {
      timer = setTimeout(() => finish(() => reject(operationTimeout(operation, timeoutMs))), timeoutMs);
    }
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
