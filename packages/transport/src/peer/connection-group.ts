/**
 * Connection groups (spec §2.5, §5.2, §5.3, §5.10): all sockets to one peer process (same peer session id) form
 * one logical RPC channel.
 *
 * - One message-id counter per group for this side's requests, starting at 1 (`bigint`).
 * - Any frame may go on any socket: senders pick sockets round-robin and fall back to the next one on failure;
 *   responses are routed by (group, message id), never by socket. Responses for unknown ids are dropped. The
 *   events of a subscription (which, unlike search and sync parts, carry no sequence number) all go on the socket
 *   the subscription arrived on while it is open, so they keep their order.
 * - Outgoing requests (`remoteRequests` in Java terms) receive any number of responses until `complete()`.
 * - Incoming requests (`localRequests`) carry an abort signal fired by `CancelOpRequest`; a cancel that arrives
 *   before its request (possible with several sockets) is parked for a while and applied on arrival.
 * - Every `ControlRequest` is answered on the socket it came on, with the local connector list when
 *   `CONNECTOR_INFO` is asked. This side sends its own `ControlRequest` when the group opens and at each
 *   housekeeping tick, listing its executing ids (`localRequestId`) and its waiting ids (`remoteRequestId`).
 * - Consistency clean-up: each `ControlRequest` from the peer bumps the counter of every request the peer did not
 *   list (and resets the others); at each housekeeping tick a waiting request whose counter reached the limit fails
 *   with `ConnectorException("Operation finished on remote server with unknown result")` and an executing one is
 *   aborted.
 * - The group closes when its last socket closes (or on `close()`): waiting requests fail with
 *   `ConnectionBrokenException`, executing ones are aborted with the same exception as reason.
 *
 * @packageDocumentation
 */
import { ConnectionBrokenException, ConnectorException, OperationTimeoutException } from '@rcskit/core';
import type { OperationRequest, OperationResponse } from '../gen/OperationMessages_pb.js';
import {
  type ControlRequest,
  ControlRequest_InfoLevel,
  encodeRemoteMessage,
  type RemoteMessage,
  type RemoteMessageInit,
} from '../messages.js';
import type { IncomingRequest, LocalEndpoint, OutgoingRequest, RemoteChannel } from './contract.js';
import { exceptionFromMessage, exceptionMessageFrom, protocolError } from './exception-message.js';
import { describeError, type PeerLogger, silentLogger } from './logger.js';
import { OutgoingRequestHandle } from './outgoing-request.js';

/** Default time between two housekeeping ticks (Java: 4 minutes). */
export const DEFAULT_HOUSEKEEPING_INTERVAL_MS = 4 * 60_000;
/** Default number of consecutive unlisted ControlRequests after which a request is cleaned up (Java: 3). */
export const DEFAULT_INCONSISTENCY_LIMIT = 3;
/** Default time a cancel for a not-yet-seen request id is kept (Java: 60 s). */
export const DEFAULT_CANCEL_PARK_MS = 60_000;
/** Default wait for a `ControlResponse`. */
export const DEFAULT_CONTROL_TIMEOUT_MS = 60_000;

const MAX_PARKED_CANCELS = 10_000;

/** What a group needs from one of its sockets. */
export interface GroupSocket {
  /** Process-unique number of the socket (for logs and tests). */
  readonly id: number;
  readonly isOpen: boolean;
  /** Writes one binary frame; resolves once the socket accepted it, rejects when it could not. */
  send(frame: Uint8Array): Promise<void>;
  /** Closes the socket; resolves once it is closed. */
  close(code?: number, reason?: string): Promise<void>;
}

/** A {@link RemoteChannel} with the extras of the WebSocket peer. */
export interface PeerChannel extends RemoteChannel {
  /** This process's session id as sent in its handshake. */
  readonly localSessionId: string;
  /** The `connectorInfos` blob of the last `ControlResponse` the peer sent this side, if any yet. */
  readonly peerConnectorInfos: Uint8Array | undefined;
  /** Resolves once the channel is closed (last socket gone or {@link close} called). */
  readonly closed: Promise<void>;
  /**
   * Sends an `OperationRequest` with message id 0, which expects no answer (spec §5.11: configuration change
   * events). Resolves once a socket took the frame.
   */
  sendNotification(request: OperationRequest): Promise<void>;
  /** Called with each `connectorInfos` blob the peer sends (answers to this side's ControlRequests). */
  onConnectorInfos(listener: (blob: Uint8Array) => void): () => void;
  /**
   * Called after each `ControlRequest(CONNECTOR_INFO)` the peer sent was answered. An rcskit RCS sends one when
   * its connector list changed, so a client may take it as the cue to ask for the list again.
   */
  onPeerControlRequest(listener: () => void): () => void;
  /** Called once when the channel closes, with the exception pending requests failed with. */
  onClose(listener: (reason: Error) => void): () => void;
}

/** Settings of a {@link ConnectionGroup}. */
export interface ConnectionGroupOptions {
  readonly peerSessionId: string;
  readonly localSessionId: string;
  readonly principal: string;
  readonly localEndpoint: LocalEndpoint;
  readonly logger?: PeerLogger | undefined;
  /** Housekeeping period (ControlRequest + consistency clean-up); 0 disables it. Default 4 minutes. */
  readonly housekeepingIntervalMs?: number | undefined;
  /** Consecutive unlisted ControlRequests before clean-up. Default 3. */
  readonly inconsistencyLimit?: number | undefined;
  /** How long an early cancel is parked. Default 60 s. */
  readonly cancelParkMs?: number | undefined;
  /** Wait for a `ControlResponse` before giving up. Default 60 s. */
  readonly controlTimeoutMs?: number | undefined;
  /** Send a ControlRequest(CONNECTOR_INFO) when the first socket joins (Java does). Default `true`. */
  readonly initialControlRequest?: boolean | undefined;
  /** Send local stack traces in `ExceptionMessage.stackTrace`. Default `false`. */
  readonly sendStackTraces?: boolean | undefined;
  /** First message id to use (a group that replaces a closed one continues its numbering). Default 1. */
  readonly firstMessageId?: bigint | undefined;
}

interface IncomingEntry {
  readonly controller: AbortController;
  inconsistentCount: number;
}

interface PendingControl {
  resolve(blob: Uint8Array): void;
  reject(error: unknown): void;
}

function abortError(message: string): Error {
  return new DOMException(message, 'AbortError');
}

/** One logical channel to a peer process; see the module documentation. */
export class ConnectionGroup implements PeerChannel {
  readonly peerSessionId: string;
  readonly localSessionId: string;
  readonly principal: string;
  readonly closed: Promise<void>;

  readonly #endpoint: LocalEndpoint;
  readonly #log: PeerLogger;
  readonly #limit: number;
  readonly #cancelParkMs: number;
  readonly #controlTimeoutMs: number;
  readonly #initialControl: boolean;
  readonly #sendStackTraces: boolean;

  readonly #sockets: GroupSocket[] = [];
  #roundRobin = 0;
  #nextMessageId: bigint;
  readonly #outgoing = new Map<bigint, OutgoingRequestHandle>();
  readonly #controls = new Map<bigint, PendingControl>();
  readonly #incoming = new Map<bigint, IncomingEntry>();
  readonly #parkedCancels = new Map<bigint, number>();
  readonly #infoListeners = new Set<(blob: Uint8Array) => void>();
  readonly #controlRequestListeners = new Set<() => void>();
  readonly #closeListeners = new Set<(reason: Error) => void>();
  #peerConnectorInfos: Uint8Array | undefined;
  #everAttached = false;
  #isClosed = false;
  #closeReason: Error | undefined;
  #resolveClosed!: () => void;
  #timer: NodeJS.Timeout | undefined;
  #lastControlRequestAt = 0;

  constructor(options: ConnectionGroupOptions) {
    this.peerSessionId = options.peerSessionId;
    this.localSessionId = options.localSessionId;
    this.principal = options.principal;
    this.#endpoint = options.localEndpoint;
    this.#log = options.logger ?? silentLogger;
    this.#limit = options.inconsistencyLimit ?? DEFAULT_INCONSISTENCY_LIMIT;
    this.#cancelParkMs = options.cancelParkMs ?? DEFAULT_CANCEL_PARK_MS;
    this.#controlTimeoutMs = options.controlTimeoutMs ?? DEFAULT_CONTROL_TIMEOUT_MS;
    this.#initialControl = options.initialControlRequest ?? true;
    this.#sendStackTraces = options.sendStackTraces ?? false;
    this.#nextMessageId =
      options.firstMessageId !== undefined && options.firstMessageId > 0n ? options.firstMessageId : 1n;
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    const interval = options.housekeepingIntervalMs ?? DEFAULT_HOUSEKEEPING_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => this.housekeeping(), interval);
      this.#timer.unref();
    }
  }

  // ---------------------------------------------------------------------------------------------- RemoteChannel

  get socketCount(): number {
    return this.#sockets.filter((s) => s.isOpen).length;
  }

  get isOpen(): boolean {
    return !this.#isClosed && this.socketCount > 0;
  }

  /** Whether the group has shut down (it never reopens). */
  get isClosed(): boolean {
    return this.#isClosed;
  }

  get peerConnectorInfos(): Uint8Array | undefined {
    return this.#peerConnectorInfos;
  }

  /** The sockets of the group (for diagnostics and tests). */
  get sockets(): readonly GroupSocket[] {
    return [...this.#sockets];
  }

  /** The last message id this side used (0 when none yet). */
  get lastMessageId(): bigint {
    return this.#nextMessageId - 1n;
  }

  /** Ids of the requests this side is executing for the peer. */
  get incomingRequestIds(): bigint[] {
    return [...this.#incoming.keys()];
  }

  /** Ids of the requests this side waits on. */
  get outgoingRequestIds(): bigint[] {
    return [...this.#outgoing.keys()];
  }

  /** When this side last received a ControlRequest (epoch ms, 0 = never). */
  get lastControlRequestAt(): number {
    return this.#lastControlRequestAt;
  }

  sendRequest(request: OperationRequest, options: { signal?: AbortSignal } = {}): OutgoingRequest {
    const messageId = this.#newMessageId();
    const handle = new OutgoingRequestHandle(
      messageId,
      {
        forget: (id) => this.#outgoing.delete(id),
        sendCancel: (id) => this.#sendCancel(id),
      },
      options.signal,
    );
    if (this.#isClosed) {
      handle.fail(this.#closedError());
      return handle;
    }
    if (options.signal?.aborted) {
      handle.complete();
      return handle;
    }
    this.#outgoing.set(messageId, handle);
    this.#send({ messageId, request: { operationRequest: request } }).catch((error: unknown) => {
      if (this.#outgoing.get(messageId) !== handle) return;
      this.#outgoing.delete(messageId);
      handle.fail(error);
    });
    return handle;
  }

  sendNotification(request: OperationRequest): Promise<void> {
    return this.#send({ messageId: 0n, request: { operationRequest: request } });
  }

  async requestConnectorInfos(
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<Uint8Array> {
    return this.#sendControlRequest(options.timeoutMs ?? this.#controlTimeoutMs, options.signal);
  }

  async close(): Promise<void> {
    if (!this.#isClosed) {
      this.#closeReason ??= new ConnectionBrokenException(`Channel to peer ${this.peerSessionId} was closed`);
      const open = this.#sockets.filter((s) => s.isOpen);
      if (open.length === 0) this.#shutdown(this.#closeReason);
      else await Promise.all(open.map((s) => s.close(1000, 'Normal closure')));
      // Sockets that were not open any more never report their close: finish here.
      this.#shutdown(this.#closeReason);
    }
    await this.closed;
  }

  onConnectorInfos(listener: (blob: Uint8Array) => void): () => void {
    this.#infoListeners.add(listener);
    return () => this.#infoListeners.delete(listener);
  }

  onPeerControlRequest(listener: () => void): () => void {
    this.#controlRequestListeners.add(listener);
    return () => this.#controlRequestListeners.delete(listener);
  }

  onClose(listener: (reason: Error) => void): () => void {
    if (this.#isClosed) {
      queueMicrotask(() => listener(this.#closedError()));
      return () => {};
    }
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  // --------------------------------------------------------------------------------------------- socket side

  /** Adds a socket whose handshake completed. */
  attach(socket: GroupSocket): void {
    if (this.#isClosed) {
      void socket.close(1011, 'Connection group closed');
      return;
    }
    this.#sockets.push(socket);
    this.#log.debug(
      { peer: this.peerSessionId, socket: socket.id, sockets: this.#sockets.length },
      'socket joined group',
    );
    if (!this.#everAttached) {
      this.#everAttached = true;
      if (this.#initialControl) this.#backgroundControlRequest();
    }
  }

  /** Removes a closed socket; the group closes with its last socket. */
  detach(socket: GroupSocket): void {
    const index = this.#sockets.indexOf(socket);
    if (index < 0) return;
    this.#sockets.splice(index, 1);
    this.#log.debug(
      { peer: this.peerSessionId, socket: socket.id, sockets: this.#sockets.length },
      'socket left group',
    );
    if (this.#sockets.length === 0) {
      this.#shutdown(
        this.#closeReason ??
          new ConnectionBrokenException(`Connection to peer ${this.peerSessionId} was closed`),
      );
    }
  }

  /** Dispatches one message received after the handshake on `socket`. */
  receive(socket: GroupSocket, message: RemoteMessage): void {
    const id = message.messageId;
    const request = message.request;
    const response = message.response;
    if (request !== undefined) {
      if (request.handshakeMessage !== undefined) {
        this.#log.debug({ peer: this.peerSessionId, socket: socket.id }, 'handshake after handshake ignored');
      } else if (request.controlRequest !== undefined) {
        void this.#answerControlRequest(socket, id, request.controlRequest);
      } else if (request.operationRequest !== undefined) {
        this.#acceptOperation(id, request.operationRequest, socket);
      } else if (request.cancelOpRequest !== undefined) {
        this.#acceptCancel(id);
      } else {
        this.#answerOn(socket, {
          messageId: id,
          response: { error: protocolError('Unknown Request message') },
        });
      }
      return;
    }
    if (response === undefined) {
      this.#answerOn(socket, { messageId: id, response: { error: protocolError('Unknown RemoteMessage') } });
      return;
    }
    if (response.handshakeMessage !== undefined) {
      this.#log.debug(
        { peer: this.peerSessionId, socket: socket.id },
        'handshake response after handshake ignored',
      );
    } else if (response.controlResponse !== undefined) {
      const pending = this.#controls.get(id);
      if (pending === undefined) return;
      this.#controls.delete(id);
      const blob = response.controlResponse.connectorInfos;
      pending.resolve(blob);
      this.#peerConnectorInfos = blob;
      for (const listener of this.#infoListeners) this.#callListener(listener, blob);
    } else if (response.operationResponse !== undefined) {
      const outgoing = this.#outgoing.get(id);
      if (outgoing === undefined) {
        this.#log.debug({ peer: this.peerSessionId, messageId: id }, 'response for unknown request dropped');
        return;
      }
      outgoing.deliver(response.operationResponse);
    } else if (response.error !== undefined) {
      const error = exceptionFromMessage(response.error);
      const outgoing = this.#outgoing.get(id);
      const control = this.#controls.get(id);
      if (outgoing !== undefined) {
        this.#outgoing.delete(id);
        outgoing.fail(error);
      } else if (control !== undefined) {
        this.#controls.delete(id);
        control.reject(error);
      } else {
        this.#log.warn(
          { peer: this.peerSessionId, socket: socket.id, messageId: id, error: describeError(error) },
          'peer reported an error for no pending request',
        );
      }
    } else {
      this.#log.debug({ peer: this.peerSessionId, messageId: id }, 'empty response dropped');
    }
  }

  /**
   * One housekeeping round (normally run by the group's timer): cleans up requests the peer has not listed for
   * {@link ConnectionGroupOptions.inconsistencyLimit} consecutive ControlRequests, drops expired parked cancels,
   * and sends a ControlRequest listing this side's requests.
   */
  housekeeping(): void {
    if (this.#isClosed) return;
    const now = Date.now();
    for (const [id, expiry] of this.#parkedCancels) {
      if (expiry <= now) this.#parkedCancels.delete(id);
    }
    for (const [id, outgoing] of [...this.#outgoing]) {
      if (outgoing.inconsistentCount < this.#limit) continue;
      this.#outgoing.delete(id);
      this.#log.warn(
        { peer: this.peerSessionId, messageId: id },
        'peer no longer executes request: failing it',
      );
      outgoing.fail(new ConnectorException('Operation finished on remote server with unknown result'));
    }
    for (const [id, incoming] of [...this.#incoming]) {
      if (incoming.inconsistentCount < this.#limit) continue;
      this.#incoming.delete(id);
      this.#log.warn(
        { peer: this.peerSessionId, messageId: id },
        'peer no longer waits on request: aborting it',
      );
      incoming.controller.abort(abortError('Request abandoned by the peer'));
    }
    if (this.socketCount > 0) this.#backgroundControlRequest();
  }

  // ----------------------------------------------------------------------------------------------- internals

  #newMessageId(): bigint {
    const id = this.#nextMessageId;
    this.#nextMessageId += 1n;
    return id;
  }

  #closedError(): Error {
    return (
      this.#closeReason ?? new ConnectionBrokenException(`Channel to peer ${this.peerSessionId} is closed`)
    );
  }

  #callListener<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.#log.error({ peer: this.peerSessionId, error: describeError(error) }, 'channel listener threw');
    }
  }

  /** Sends a frame on some open socket: round-robin start, next socket on failure. */
  async #send(message: RemoteMessageInit): Promise<void> {
    if (this.#isClosed) throw this.#closedError();
    const frame = encodeRemoteMessage(message);
    const sockets = [...this.#sockets];
    const count = sockets.length;
    const start = count === 0 ? 0 : this.#roundRobin % count;
    let lastError: unknown;
    for (let i = 0; i < count; i++) {
      const socket = sockets[(start + i) % count]!;
      if (!socket.isOpen) continue;
      this.#roundRobin = start + i + 1;
      try {
        await socket.send(frame);
        return;
      } catch (error) {
        lastError = error;
        this.#log.debug(
          { peer: this.peerSessionId, socket: socket.id, error: describeError(error) },
          'send failed',
        );
      }
    }
    throw new ConnectionBrokenException(`No open connection to peer ${this.peerSessionId}`, {
      cause: lastError,
    });
  }

  /** Sends on `socket` while it is open, else (or when that send fails) on any socket of the group. */
  async #sendOn(socket: GroupSocket, message: RemoteMessageInit): Promise<void> {
    if (this.#isClosed) throw this.#closedError();
    if (socket.isOpen) {
      try {
        await socket.send(encodeRemoteMessage(message));
        return;
      } catch {
        // Another socket of the group may still work.
      }
    }
    await this.#send(message);
  }

  /** Answers on the socket a request came on, falling back to any socket of the group. */
  #answerOn(socket: GroupSocket, message: RemoteMessageInit): void {
    this.#sendOn(socket, message).catch((error: unknown) =>
      this.#log.debug({ peer: this.peerSessionId, error: describeError(error) }, 'could not send answer'),
    );
  }

  #sendCancel(messageId: bigint): void {
    if (this.#isClosed) return;
    this.#send({ messageId, request: { cancelOpRequest: {} } }).catch((error: unknown) =>
      this.#log.debug(
        { peer: this.peerSessionId, messageId, error: describeError(error) },
        'could not send cancel',
      ),
    );
  }

  #sendControlRequest(timeoutMs: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.#isClosed) return Promise.reject(this.#closedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const messageId = this.#newMessageId();
    return new Promise<Uint8Array>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => settle(() => reject(signal?.reason));
      const settle = (action: () => void) => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#controls.delete(messageId);
        action();
      };
      this.#controls.set(messageId, {
        resolve: (blob) => settle(() => resolve(blob)),
        reject: (error) => settle(() => reject(error)),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs > 0) {
        timer = setTimeout(
          () =>
            settle(() =>
              reject(
                new OperationTimeoutException(
                  `No ControlResponse from peer ${this.peerSessionId} in ${timeoutMs} ms`,
                ),
              ),
            ),
          timeoutMs,
        );
        timer.unref();
      }
      const controlRequest = {
        infoLevel: [ControlRequest_InfoLevel.CONNECTOR_INFO],
        localRequestId: [...this.#incoming.keys()],
        remoteRequestId: [...this.#outgoing.keys()],
      };
      this.#send({ messageId, request: { controlRequest } }).catch((error: unknown) =>
        this.#controls.get(messageId)?.reject(error),
      );
    });
  }

  #backgroundControlRequest(): void {
    this.#sendControlRequest(this.#controlTimeoutMs).catch((error: unknown) =>
      this.#log.debug(
        { peer: this.peerSessionId, error: describeError(error) },
        'ControlRequest not answered',
      ),
    );
  }

  async #answerControlRequest(
    socket: GroupSocket,
    messageId: bigint,
    control: ControlRequest,
  ): Promise<void> {
    this.#lastControlRequestAt = Date.now();
    // Consistency counters (spec §5.3): the peer lists what it executes for us and what it waits on from us.
    const peerExecuting = new Set(control.localRequestId);
    for (const [id, outgoing] of this.#outgoing) {
      outgoing.inconsistentCount = peerExecuting.has(id) ? 0 : outgoing.inconsistentCount + 1;
    }
    const peerWaiting = new Set(control.remoteRequestId);
    for (const [id, incoming] of this.#incoming) {
      incoming.inconsistentCount = peerWaiting.has(id) ? 0 : incoming.inconsistentCount + 1;
    }
    let connectorInfos: Uint8Array | undefined;
    if (control.infoLevel.includes(ControlRequest_InfoLevel.CONNECTOR_INFO)) {
      try {
        connectorInfos = await this.#endpoint.connectorInfosBlob();
      } catch (error) {
        this.#log.error(
          { peer: this.peerSessionId, error: describeError(error) },
          'connectorInfosBlob failed',
        );
        this.#answerOn(socket, {
          messageId,
          response: { error: exceptionMessageFrom(error, { includeStackTrace: this.#sendStackTraces }) },
        });
        return;
      }
    }
    if (this.#isClosed) return;
    this.#answerOn(socket, { messageId, response: { controlResponse: { connectorInfos } } });
    if (connectorInfos !== undefined) {
      for (const listener of this.#controlRequestListeners) this.#callListener(listener, undefined);
    }
  }

  #acceptCancel(messageId: bigint): void {
    const incoming = this.#incoming.get(messageId);
    if (incoming !== undefined) {
      this.#incoming.delete(messageId);
      this.#log.debug({ peer: this.peerSessionId, messageId }, 'request cancelled by peer');
      incoming.controller.abort(abortError('Request cancelled by the peer'));
      return;
    }
    // The cancel overtook its request (several sockets): apply it when the request arrives.
    if (this.#parkedCancels.size >= MAX_PARKED_CANCELS) {
      const oldest = this.#parkedCancels.keys().next();
      if (!oldest.done) this.#parkedCancels.delete(oldest.value);
    }
    this.#parkedCancels.set(messageId, Date.now() + this.#cancelParkMs);
  }

  #acceptOperation(messageId: bigint, request: OperationRequest, socket: GroupSocket): void {
    const parked = this.#parkedCancels.get(messageId);
    if (parked !== undefined) {
      this.#parkedCancels.delete(messageId);
      if (parked > Date.now()) {
        this.#log.debug({ peer: this.peerSessionId, messageId }, 'request was cancelled before it arrived');
        return;
      }
    }
    const tracked = messageId !== 0n;
    if (tracked && this.#incoming.has(messageId)) {
      this.#log.warn({ peer: this.peerSessionId, messageId }, 'duplicate request id ignored');
      return;
    }
    const controller = new AbortController();
    const entry: IncomingEntry = { controller, inconsistentCount: 0 };
    if (tracked) this.#incoming.set(messageId, entry);
    // Subscription events carry no sequence number, so the peer cannot restore their order: they all go on the
    // socket the subscription came on while it stays open. Other responses are spread over the sockets as Java
    // does (search and sync parts are numbered and put back in order by the receiver).
    const ordered =
      request.connectorEventSubscriptionOpRequest !== undefined ||
      request.syncEventSubscriptionOpRequest !== undefined;
    const respond = (response: RemoteMessageInit['response']): Promise<void> => {
      // Id 0 = notification (e.g. configuration change event): nothing to answer.
      if (!tracked) return Promise.resolve();
      return ordered ? this.#sendOn(socket, { messageId, response }) : this.#send({ messageId, response });
    };
    const incoming: IncomingRequest = {
      messageId,
      request,
      signal: controller.signal,
      send: (response: OperationResponse) => respond({ operationResponse: response }),
      fail: (error: unknown) =>
        respond({ error: exceptionMessageFrom(error, { includeStackTrace: this.#sendStackTraces }) }),
      done: () => {
        if (this.#incoming.get(messageId) === entry) this.#incoming.delete(messageId);
      },
    };
    try {
      this.#endpoint.handleOperation(incoming);
    } catch (error) {
      this.#log.error(
        { peer: this.peerSessionId, messageId, error: describeError(error) },
        'handleOperation threw',
      );
      incoming
        .fail(error)
        .catch(() => {})
        .finally(() => incoming.done());
    }
  }

  #shutdown(reason: Error): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#closeReason = reason;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    for (const outgoing of this.#outgoing.values()) outgoing.fail(reason);
    this.#outgoing.clear();
    for (const control of [...this.#controls.values()]) control.reject(reason);
    this.#controls.clear();
    for (const incoming of this.#incoming.values()) incoming.controller.abort(reason);
    this.#incoming.clear();
    this.#parkedCancels.clear();
    this.#log.info({ peer: this.peerSessionId, principal: this.principal }, 'channel closed');
    for (const listener of this.#closeListeners) this.#callListener(listener, reason);
    this.#closeListeners.clear();
    this.#resolveClosed();
  }
}
