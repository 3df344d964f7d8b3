/**
 * The local endpoint both modes serve (transport's `OperationDispatcher` over the runtime's registry), wrapped to
 * count operations in progress so a shutdown can let them finish: once {@link TrackingEndpoint.drain} starts,
 * new operation requests are refused with a `ConnectorException` ("shutting down") while the running ones have
 * until the grace period ends.
 *
 * @packageDocumentation
 */
import { ConnectorException } from '@rcskit/core';
import type { IncomingRequest, LocalEndpoint } from '@rcskit/transport';

/** See the module notes. */
export class TrackingEndpoint implements LocalEndpoint {
  readonly #inner: LocalEndpoint;
  #inFlight = 0;
  #draining = false;
  #idle: (() => void) | undefined;

  constructor(inner: LocalEndpoint) {
    this.#inner = inner;
  }

  /** Operations currently executing. */
  get inFlight(): number {
    return this.#inFlight;
  }

  connectorInfosBlob(): Uint8Array | Promise<Uint8Array> {
    return this.#inner.connectorInfosBlob();
  }

  handleOperation(incoming: IncomingRequest): void {
    // Notifications (message id 0) are never answered and finish at once.
    if (this.#draining && incoming.messageId !== 0n) {
      void incoming
        .fail(new ConnectorException('The connector server is shutting down'))
        .catch(() => {})
        .finally(() => incoming.done());
      return;
    }
    this.#inFlight++;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      this.#inFlight--;
      incoming.done();
      if (this.#inFlight === 0) this.#idle?.();
    };
    this.#inner.handleOperation({
      messageId: incoming.messageId,
      request: incoming.request,
      signal: incoming.signal,
      send: (response) => incoming.send(response),
      fail: (error) => incoming.fail(error),
      done,
    });
  }

  /**
   * Refuses new operations and waits until the running ones finish or `timeoutMs` passes.
   *
   * @returns whether every operation finished in time.
   */
  drain(timeoutMs: number): Promise<boolean> {
    this.#draining = true;
    if (this.#inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#idle = undefined;
        resolve(false);
      }, timeoutMs);
      this.#idle = () => {
        clearTimeout(timer);
        this.#idle = undefined;
        resolve(true);
      };
    });
  }
}
