/**
 * One WebSocket of the peer (spec §2.1, §2.4, §5.1): frame decoding, the handshake state machine and protocol
 * errors. After the handshake the socket hands every message to its {@link ConnectionGroup}.
 *
 * Handshake (§5.1): the side that opened the socket sends `request{handshakeMessage}` first; the accepting side
 * answers `response{handshakeMessage}` with the same message id on the same socket, then joins the group keyed by
 * the opener's session id; the opener joins the group keyed by the acceptor's session id when the answer
 * arrives. A handshake request at the opener or a handshake response at the acceptor is ignored. Any other
 * message before the handshake is answered with a `ConnectorException` error ("Connection received request before
 * handshake" / "… response before handshake"); errors are never answered with errors.
 *
 * Frames: binary frames carry one `RemoteMessage` each; text frames are logged and ignored; a binary frame that
 * is not a valid `RemoteMessage` is answered with a `ConnectorException` error (message id 0) and, after
 * `maxMalformedFrames` of them on the socket, the socket is closed with code 1007 (invalid frame payload data).
 * Pings are answered by `ws` with a pong carrying the same payload; pings and pongs are only logged.
 *
 * @packageDocumentation
 */
import type { MessageInitShape } from '@bufbuild/protobuf';
import { ConnectionBrokenException, ConnectionFailedException, type JavaException } from '@rcskit/core';
import type { RawData, WebSocket } from 'ws';
import {
  decodeRemoteMessage,
  encodeRemoteMessage,
  type HandshakeMessage,
  HandshakeMessage_ServerType,
  type HandshakeMessageSchema,
  MalformedFrameError,
  optionalString,
  type RemoteMessage,
  type RemoteMessageInit,
} from '../messages.js';
import type { ConnectionGroup, GroupSocket } from './connection-group.js';
import { exceptionFromMessage, protocolError } from './exception-message.js';
import { describeError, type PeerLogger, silentLogger } from './logger.js';

/** WebSocket sub-protocol of the OpenICF 1.5 protocol. */
export const OPENICF_SUBPROTOCOL = 'v1.openicf.forgerock.org';

/** Default number of malformed frames a socket may send before it is closed. */
export const DEFAULT_MAX_MALFORMED_FRAMES = 3;
/** Default wait for the peer's handshake. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;
/** Close code used after too many malformed frames (RFC 6455: invalid frame payload data). */
export const CLOSE_MALFORMED = 1007;
/** Close code used for handshake failures (RFC 6455: protocol error). */
export const CLOSE_PROTOCOL_ERROR = 1002;

/** Which side of the socket this process is (who sends the handshake first). */
export type SocketRole = 'opener' | 'acceptor';

/** Settings of a {@link SocketConnection}. */
export interface SocketConnectionOptions {
  readonly role: SocketRole;
  readonly localSessionId: string;
  /** `HandshakeMessage.serverType` to announce. Default `JAVA` (rcskit speaks the Java dialect). */
  readonly serverType?: HandshakeMessage_ServerType | undefined;
  readonly logger?: PeerLogger | undefined;
  readonly maxMalformedFrames?: number | undefined;
  readonly handshakeTimeoutMs?: number | undefined;
  /** Send a WebSocket ping (empty `PingMessage` payload) this often; 0 = never (default, as Java). */
  readonly pingIntervalMs?: number | undefined;
  /** Text for log lines (e.g. the remote address). */
  readonly label?: string | undefined;
  /**
   * Called when the peer's handshake is known: returns the group the socket joins, or an error to refuse it
   * (the socket is then closed with 1002).
   */
  readonly onHandshake: (socket: SocketConnection, peer: HandshakeMessage) => ConnectionGroup | Error;
}

let nextSocketId = 1;

/** One WebSocket to a peer; see the module documentation. */
export class SocketConnection implements GroupSocket {
  readonly id = nextSocketId++;
  readonly role: SocketRole;
  /** Resolves once the WebSocket is closed. */
  readonly closed: Promise<void>;
  /** Resolves with the group once the handshake completed; rejects when the socket closes before that. */
  readonly handshake: Promise<ConnectionGroup>;
  /** Binary frames written / read (diagnostics and tests). */
  framesSent = 0;
  framesReceived = 0;
  malformedFrames = 0;

  readonly #ws: WebSocket;
  readonly #opts: SocketConnectionOptions;
  readonly #log: PeerLogger;
  readonly #maxMalformed: number;
  #state: 'handshaking' | 'open' | 'closed' = 'handshaking';
  #group: ConnectionGroup | undefined;
  #peer: HandshakeMessage | undefined;
  #handshakeTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #resolveHandshake!: (group: ConnectionGroup) => void;
  #rejectHandshake!: (error: Error) => void;
  #handshakeFailure: Error | undefined;

  /** Wraps an open WebSocket. Call {@link start} right after. */
  constructor(ws: WebSocket, options: SocketConnectionOptions) {
    this.#ws = ws;
    this.#opts = options;
    this.role = options.role;
    this.#log = options.logger ?? silentLogger;
    this.#maxMalformed = options.maxMalformedFrames ?? DEFAULT_MAX_MALFORMED_FRAMES;
    this.handshake = new Promise((resolve, reject) => {
      this.#resolveHandshake = resolve;
      this.#rejectHandshake = reject;
    });
    // A caller that never awaits the handshake must not cause an unhandled rejection.
    this.handshake.catch(() => {});
    this.closed = new Promise((resolve) => {
      ws.once('close', (code: number, reason: Buffer) => {
        this.#onClose(code, reason.toString('utf8'));
        resolve();
      });
    });
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onMessage(data, isBinary));
    ws.on('error', (error: Error) =>
      this.#log.debug({ socket: this.id, peer: this.#label, error: describeError(error) }, 'socket error'),
    );
    ws.on('ping', (data: Buffer) =>
      this.#log.debug({ socket: this.id, bytes: data.byteLength }, 'ping received'),
    );
    ws.on('pong', (data: Buffer) =>
      this.#log.debug({ socket: this.id, bytes: data.byteLength }, 'pong received'),
    );
  }

  /** Starts the handshake: the opener sends its handshake; both sides arm the handshake timeout. */
  start(): void {
    const timeout = this.#opts.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    if (timeout > 0) {
      this.#handshakeTimer = setTimeout(
        () => this.#failHandshake(new ConnectionFailedException('Handshake timed out')),
        timeout,
      );
      this.#handshakeTimer.unref();
    }
    if (this.role === 'opener') {
      this.#write({ request: { handshakeMessage: this.#localHandshake() } }).catch((error: unknown) =>
        this.#failHandshake(new ConnectionFailedException('Could not send handshake', { cause: error })),
      );
    }
  }

  get isOpen(): boolean {
    return this.#state !== 'closed' && this.#ws.readyState === this.#ws.OPEN;
  }

  /** The peer's handshake, once received. */
  get peerHandshake(): HandshakeMessage | undefined {
    return this.#peer;
  }

  /** The group this socket belongs to, once the handshake completed. */
  get group(): ConnectionGroup | undefined {
    return this.#group;
  }

  /** The negotiated sub-protocol ('' when none). */
  get protocol(): string {
    return this.#ws.protocol;
  }

  get #label(): string | undefined {
    return this.#opts.label;
  }

  send(frame: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new ConnectionBrokenException('WebSocket is not open'));
        return;
      }
      this.framesSent++;
      this.#ws.send(frame, { binary: true }, (error?: Error) => {
        if (error) reject(new ConnectionBrokenException('WebSocket send failed', { cause: error }));
        else resolve();
      });
    });
  }

  close(code = 1000, reason = ''): Promise<void> {
    const state = this.#ws.readyState;
    if (state === this.#ws.CONNECTING || state === this.#ws.OPEN) {
      this.#ws.close(code, reason);
      // Do not wait for a peer that never answers the close frame.
      const force = setTimeout(() => this.#ws.terminate(), 3000);
      force.unref();
      void this.closed.then(() => clearTimeout(force));
    } else if (state === this.#ws.CLOSING) {
      this.#ws.terminate();
    }
    return this.closed;
  }

  /** Hard-closes the socket without the closing handshake. */
  terminate(): void {
    this.#ws.terminate();
  }

  // ----------------------------------------------------------------------------------------------- internals

  #localHandshake(): MessageInitShape<typeof HandshakeMessageSchema> {
    return {
      sessionId: this.#opts.localSessionId,
      serverType: this.#opts.serverType ?? HandshakeMessage_ServerType.JAVA,
    };
  }

  #write(message: RemoteMessageInit): Promise<void> {
    return this.send(encodeRemoteMessage(message));
  }

  /** Writes an answer, logging instead of failing. */
  #answer(message: RemoteMessageInit): void {
    this.#write(message).catch((error: unknown) =>
      this.#log.debug({ socket: this.id, error: describeError(error) }, 'could not answer on socket'),
    );
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#state === 'closed') return;
    if (!isBinary) {
      this.#log.debug({ socket: this.id, peer: this.#label }, 'text frame ignored');
      return;
    }
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data;
    this.framesReceived++;
    let message: RemoteMessage;
    try {
      message = decodeRemoteMessage(bytes);
    } catch (error) {
      if (!(error instanceof MalformedFrameError)) throw error;
      this.#onMalformed(error);
      return;
    }
    if (message.request === undefined && message.response === undefined) {
      this.#answer({
        messageId: message.messageId,
        response: { error: protocolError('Unknown RemoteMessage') },
      });
      return;
    }
    if (this.#state === 'handshaking') {
      this.#beforeHandshake(message);
      return;
    }
    try {
      this.#group?.receive(this, message);
    } catch (error) {
      this.#log.error({ socket: this.id, error: describeError(error) }, 'failed to process message');
    }
  }

  #onMalformed(error: MalformedFrameError): void {
    this.malformedFrames++;
    this.#log.warn(
      { socket: this.id, peer: this.#label, bytes: error.frameLength, count: this.malformedFrames },
      'malformed frame',
    );
    this.#answer({
      response: { error: protocolError(`Malformed RemoteMessage frame (${error.frameLength} bytes)`) },
    });
    if (this.malformedFrames >= this.#maxMalformed) {
      this.#log.warn({ socket: this.id, peer: this.#label }, 'too many malformed frames: closing socket');
      void this.close(CLOSE_MALFORMED, 'Too many malformed frames');
    }
  }

  #beforeHandshake(message: RemoteMessage): void {
    const id = message.messageId;
    const request = message.request;
    if (request !== undefined) {
      if (request.handshakeMessage === undefined) {
        this.#answer({
          messageId: id,
          response: { error: protocolError('Connection received request before handshake') },
        });
      } else if (this.role === 'acceptor') {
        this.#acceptHandshake(id, request.handshakeMessage);
      } else {
        this.#log.debug({ socket: this.id }, 'handshake request at the opening side ignored');
      }
      return;
    }
    const response = message.response!;
    if (response.handshakeMessage !== undefined) {
      if (this.role === 'opener') this.#completeHandshake(response.handshakeMessage);
      else this.#log.debug({ socket: this.id }, 'handshake response at the accepting side ignored');
    } else if (response.error !== undefined) {
      const error = exceptionFromMessage(response.error);
      this.#log.warn(
        { socket: this.id, peer: this.#label, error: describeError(error) },
        'peer sent an error before handshake',
      );
      if (this.role === 'opener') this.#failHandshake(handshakeRefused(error));
    } else {
      this.#answer({
        messageId: id,
        response: { error: protocolError('Connection received response before handshake') },
      });
    }
  }

  #acceptHandshake(messageId: bigint, peer: HandshakeMessage): void {
    if (optionalString(peer.sessionId) === undefined) {
      this.#answer({ messageId, response: { error: protocolError('Handshake without session id') } });
      this.#failHandshake(new ConnectionFailedException('Peer sent a handshake without session id'));
      return;
    }
    // Answer first, then join: the group's first ControlRequest must follow the handshake on the wire.
    this.#answer({ messageId, response: { handshakeMessage: this.#localHandshake() } });
    this.#join(peer);
  }

  #completeHandshake(peer: HandshakeMessage): void {
    if (optionalString(peer.sessionId) === undefined) {
      this.#failHandshake(new ConnectionFailedException('Peer answered the handshake without session id'));
      return;
    }
    this.#join(peer);
  }

  #join(peer: HandshakeMessage): void {
    this.#peer = peer;
    const group = this.#opts.onHandshake(this, peer);
    if (group instanceof Error) {
      this.#failHandshake(group);
      return;
    }
    if (this.#handshakeTimer !== undefined) clearTimeout(this.#handshakeTimer);
    this.#state = 'open';
    this.#group = group;
    const interval = this.#opts.pingIntervalMs ?? 0;
    if (interval > 0) {
      this.#pingTimer = setInterval(() => {
        if (this.isOpen) this.#ws.ping();
      }, interval);
      this.#pingTimer.unref();
    }
    this.#log.debug({ socket: this.id, peer: peer.sessionId, role: this.role }, 'handshake complete');
    group.attach(this);
    this.#resolveHandshake(group);
  }

  #failHandshake(error: Error): void {
    if (this.#state !== 'handshaking') return;
    this.#handshakeFailure = error;
    this.#log.warn({ socket: this.id, peer: this.#label, error: describeError(error) }, 'handshake failed');
    this.#rejectHandshake(error);
    void this.close(CLOSE_PROTOCOL_ERROR, truncateReason(error.message));
  }

  #onClose(code: number, reason: string): void {
    const previous = this.#state;
    this.#state = 'closed';
    if (this.#handshakeTimer !== undefined) clearTimeout(this.#handshakeTimer);
    if (this.#pingTimer !== undefined) clearInterval(this.#pingTimer);
    this.#log.debug({ socket: this.id, peer: this.#label, code, reason }, 'socket closed');
    if (previous === 'handshaking' && this.#handshakeFailure === undefined) {
      this.#rejectHandshake(
        new ConnectionFailedException(
          `Connection closed before handshake (code ${code}${reason ? `: ${reason}` : ''})`,
        ),
      );
    }
    this.#group?.detach(this);
  }
}

function handshakeRefused(error: JavaException): Error {
  return new ConnectionFailedException(`Peer refused the handshake: ${error.message}`, { cause: error });
}

/** Close reasons are limited to 123 bytes of UTF-8. */
function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  return bytes.byteLength <= 123 ? reason : bytes.subarray(0, 120).toString('utf8');
}
