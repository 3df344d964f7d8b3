/**
 * Shared fixtures of the peer tests: a scriptable `LocalEndpoint`, a server on 127.0.0.1, and a raw WebSocket
 * peer that speaks frames by hand.
 */

import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { UnknownUidException } from '@rcskit/core';
import { WebSocket } from 'ws';
import {
  decodeRemoteMessage,
  encodeRemoteMessage,
  type OperationRequest,
  OperationRequestSchema,
  type OperationResponse,
  OperationResponseSchema,
  type RemoteMessage,
  type RemoteMessageInit,
} from '../src/messages.js';
import {
  basicAuthorization,
  type ConnectOpenIcfOptions,
  connectOpenIcf,
  type IncomingRequest,
  type LocalEndpoint,
  OPENICF_SUBPROTOCOL,
  type OpenIcfServerOptions,
  type OutgoingRequest,
  type PeerChannel,
  startOpenIcfServer,
} from '../src/peer/index.js';

export const KEY = 'changeit';
export const KEY_HASH = 'lmA6bMfENJGlIDbfrVtklXFK32s=';

/** A test endpoint: records what it is asked and answers by request kind. */
export class TestEndpoint implements LocalEndpoint {
  readonly received: IncomingRequest[] = [];
  readonly aborted: bigint[] = [];
  blob: Uint8Array;
  /** Number of search results streamed for a searchOpRequest. */
  streamCount = 5;
  /** Called for getOpRequest (default: never answers, records the abort). */
  onHang: ((incoming: IncomingRequest) => void) | undefined;

  constructor(blob: Uint8Array = new Uint8Array([1, 2, 3])) {
    this.blob = blob;
  }

  connectorInfosBlob(): Uint8Array {
    return this.blob;
  }

  handleOperation(incoming: IncomingRequest): void {
    this.received.push(incoming);
    void this.#serve(incoming);
  }

  async #serve(incoming: IncomingRequest): Promise<void> {
    const request = incoming.request;
    try {
      if (request.testOpRequest !== undefined) {
        await incoming.send(create(OperationResponseSchema, { testOpResponse: {} }));
      } else if (request.searchOpRequest !== undefined) {
        for (let i = 1; i <= this.streamCount; i++) {
          await incoming.send(create(OperationResponseSchema, { searchOpResponse: { sequence: BigInt(i) } }));
        }
        await incoming.send(
          create(OperationResponseSchema, {
            searchOpResponse: { sequence: BigInt(this.streamCount), result: {} },
          }),
        );
      } else if (request.syncEventSubscriptionOpRequest !== undefined) {
        // Confirmation, `streamCount` events sent without waiting for one another (tagged 1, 2, … in
        // objectClass), then completion.
        await incoming.send(create(OperationResponseSchema, { syncEventSubscriptionOpResponse: {} }));
        const events: Promise<void>[] = [];
        for (let i = 1; i <= this.streamCount; i++) {
          events.push(
            incoming.send(
              create(OperationResponseSchema, {
                syncEventSubscriptionOpResponse: { syncDelta: { objectClass: String(i) } },
              }),
            ),
          );
        }
        await Promise.all(events);
        await incoming.send(
          create(OperationResponseSchema, { syncEventSubscriptionOpResponse: { completed: true } }),
        );
      } else if (request.deleteOpRequest !== undefined) {
        throw new UnknownUidException('Uid not found: u1', { cause: new TypeError('inner detail') });
      } else if (request.getOpRequest !== undefined) {
        incoming.signal.addEventListener('abort', () => this.aborted.push(incoming.messageId));
        this.onHang?.(incoming);
        return;
      } else {
        throw new Error('unsupported in test');
      }
      incoming.done();
    } catch (error) {
      await incoming.fail(error).catch(() => {});
      incoming.done();
    }
  }
}

export function opRequest(init: MessageInitShape<typeof OperationRequestSchema>): OperationRequest {
  return create(OperationRequestSchema, init);
}

/** The first response of a request, which is then completed. */
export async function firstResponse(out: OutgoingRequest): Promise<OperationResponse | undefined> {
  const next = await out.responses[Symbol.asyncIterator]().next();
  out.complete();
  return next.done ? undefined : next.value;
}

/** Collects every response of an outgoing request. */
export async function collect(responses: AsyncIterable<OperationResponse>): Promise<OperationResponse[]> {
  const out: OperationResponse[] = [];
  for await (const r of responses) out.push(r);
  return out;
}

/** Status and headers of a raw upgrade request (101 when it succeeded). */
export function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: 101, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

export async function startTestServer(options: Partial<OpenIcfServerOptions> = {}) {
  const endpoint = new TestEndpoint(new Uint8Array([9, 9, 9]));
  const channels: PeerChannel[] = [];
  const server = await startOpenIcfServer({
    host: '127.0.0.1',
    port: 0,
    keyHash: KEY_HASH,
    localEndpoint: endpoint,
    onChannel: (c) => channels.push(c),
    ...options,
  });
  return { server, endpoint, channels };
}

export async function connectTestClient(url: string, options: Partial<ConnectOpenIcfOptions> = {}) {
  const endpoint = new TestEndpoint(new Uint8Array([7, 7]));
  const channel = await connectOpenIcf({ url, key: KEY, localEndpoint: endpoint, ...options });
  return { channel, endpoint };
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { httpStatus?: number }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error & { httpStatus?: number }) => error,
  );
}

/** Waits until `condition` holds (polling). */
export async function waitFor(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A hand-driven WebSocket peer: sends raw frames, queues decoded ones. */
export class RawPeer {
  readonly ws: WebSocket;
  readonly messages: RemoteMessage[] = [];
  closeCode: number | undefined;
  readonly #waiters: Array<() => void> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      this.messages.push(decodeRemoteMessage(data));
      for (const w of this.#waiters.splice(0)) w();
    });
    ws.on('close', (code: number) => {
      this.closeCode = code;
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  static async open(url: string, key = KEY): Promise<RawPeer> {
    const ws = new WebSocket(url, [OPENICF_SUBPROTOCOL], {
      headers: { Authorization: basicAuthorization('anonymous', key) },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RawPeer(ws);
  }

  send(message: RemoteMessageInit): void {
    this.ws.send(encodeRemoteMessage(message));
  }

  sendBytes(bytes: Uint8Array | string, binary = true): void {
    this.ws.send(bytes, { binary });
  }

  /** Removes and returns the first queued message matching `predicate`, waiting for it. */
  async next(
    predicate: (m: RemoteMessage) => boolean = () => true,
    timeoutMs = 2000,
  ): Promise<RemoteMessage> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex(predicate);
      if (index >= 0) return this.messages.splice(index, 1)[0]!;
      const left = end - Date.now();
      if (left <= 0 || this.closeCode !== undefined) throw new Error('no matching message');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends the handshake and waits for the answer; returns the server's session id. */
  async handshake(sessionId = 'RAWPEER0000000000000000000000000000000000'): Promise<string> {
    this.send({ request: { handshakeMessage: { sessionId } } });
    const answer = await this.next((m) => m.response?.handshakeMessage !== undefined);
    return answer.response!.handshakeMessage!.sessionId;
  }

  async closed(): Promise<number> {
    if (this.closeCode !== undefined) return this.closeCode;
    await new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    return this.closeCode ?? 0;
  }

  close(): void {
    this.ws.terminate();
  }
}
