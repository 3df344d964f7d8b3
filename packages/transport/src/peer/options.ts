/**
 * Settings shared by `OpenIcfServer` and `connectOpenIcf`.
 *
 * @packageDocumentation
 */
import type { HandshakeMessage_ServerType } from '../messages.js';
import type { PeerLogger } from './logger.js';

/** Default largest accepted frame (64 MiB). */
export const DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;

/** Settings shared by the server and the client. */
export interface PeerOptions {
  /** This process's session id. Default: a new random one per server / per client channel. */
  readonly sessionId?: string | undefined;
  /** `HandshakeMessage.serverType` to announce. Default `JAVA`. */
  readonly serverType?: HandshakeMessage_ServerType | undefined;
  readonly logger?: PeerLogger | undefined;
  /** Largest accepted frame in bytes. Default 64 MiB. */
  readonly maxPayload?: number | undefined;
  /** Wait for the peer's handshake. Default 30 s. */
  readonly handshakeTimeoutMs?: number | undefined;
  /** Malformed frames tolerated per socket before it is closed with 1007. Default 3. */
  readonly maxMalformedFrames?: number | undefined;
  /** Send WebSocket pings this often; 0 = never (default). */
  readonly pingIntervalMs?: number | undefined;
  /** Housekeeping period of each group (ControlRequest + consistency clean-up). Default 4 min; 0 = off. */
  readonly housekeepingIntervalMs?: number | undefined;
  /** Consecutive unlisted ControlRequests before a request is cleaned up. Default 3. */
  readonly inconsistencyLimit?: number | undefined;
  /** How long a cancel for a not-yet-received request is kept. Default 60 s. */
  readonly cancelParkMs?: number | undefined;
  /** Wait for a ControlResponse. Default 60 s. */
  readonly controlTimeoutMs?: number | undefined;
  /** Ask the peer for its connectors as soon as a group opens (Java does). Default `true`. */
  readonly initialControlRequest?: boolean | undefined;
  /** Send local stack traces in error responses. Default `false`. */
  readonly sendStackTraces?: boolean | undefined;
}
