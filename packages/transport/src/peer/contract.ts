/**
 * The contract between the two layers of the WebSocket peer:
 *
 * - the **RPC layer** (`src/peer/`): sockets, auth, TLS, handshake, connection groups, message ids, control
 *   messages, ping/pong, cancel, error frames — it moves `OperationRequest`s and `OperationResponse`s between
 *   processes without knowing what they mean;
 * - the **operations layer** (`src/operations/`): turns core objects into operation messages and back, serves
 *   incoming operations from a {@link LocalConnectorProvider}-style handler, and implements the remote facade.
 *
 * Only types live here, so both layers can be written against it at the same time.
 *
 * @packageDocumentation
 */
import type { OperationRequest, OperationResponse } from '../gen/OperationMessages_pb.js';

/**
 * An operation request this process sent to the peer and whose responses it is waiting for. Responses arrive
 * in the order the RPC layer received them (streamed parts may come out of order; re-ordering by sequence is the
 * operations layer's job). An `ExceptionMessage` answer makes the iterator throw the matching core exception
 * (a `JavaException` subclass from `@rcskit/core`, with `remoteStackTrace` set when the peer sent one).
 */
export interface OutgoingRequest {
  /** The message id this process gave the request within its connection group. */
  readonly messageId: bigint;
  /** Responses to the request, ending when {@link complete} or {@link cancel} is called or the group closes. */
  readonly responses: AsyncIterable<OperationResponse>;
  /** The operations layer saw the final response: forget the request (no more responses are delivered). */
  complete(): void;
  /** Sends `CancelOpRequest` for this id (no answer is expected) and ends {@link responses}. */
  cancel(): void;
}

/** An operation request the peer sent to this process. */
export interface IncomingRequest {
  readonly messageId: bigint;
  readonly request: OperationRequest;
  /** Aborted when the peer cancels the request or the connection group closes. */
  readonly signal: AbortSignal;
  /** Sends one response (streamed part or final answer). Resolves once the frame was handed to a socket. */
  send(response: OperationResponse): Promise<void>;
  /** Sends an `ExceptionMessage` built from any thrown value (Java class name via core's `javaClassOf`). */
  fail(error: unknown): Promise<void>;
  /** The request is finished (after the last `send` or `fail`): it is removed from the group's local requests. */
  done(): void;
}

/** What the RPC layer asks of the process it runs in. */
export interface LocalEndpoint {
  /** Serialized `List<ConnectorInfo>` blob for ControlResponse.connectorInfos (empty list when none). */
  connectorInfosBlob(): Uint8Array | Promise<Uint8Array>;
  /** Handles one incoming operation request. Must not throw synchronously; failures go through `fail`. */
  handleOperation(incoming: IncomingRequest): void;
}

/**
 * One logical channel to a peer process (all sockets sharing the peer's session id). Any socket of the group may
 * carry any message.
 */
export interface RemoteChannel {
  /** The peer's session id from its handshake. */
  readonly peerSessionId: string;
  /** The principal the peer authenticated as (server side) or the one this side used (client side). */
  readonly principal: string;
  /** Number of open sockets in the group. */
  readonly socketCount: number;
  /** True while at least one socket is open. */
  readonly isOpen: boolean;
  /** Sends an operation request; `signal` aborting is the same as calling `cancel()`. */
  sendRequest(request: OperationRequest, options?: { signal?: AbortSignal }): OutgoingRequest;
  /** Sends ControlRequest(CONNECTOR_INFO) and resolves with the peer's serialized `List<ConnectorInfo>` blob. */
  requestConnectorInfos(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<Uint8Array>;
  /** Closes every socket of the group. */
  close(): Promise<void>;
}
