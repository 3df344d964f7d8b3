import type { AddressInfo } from 'node:net';
import { ConnectionFailedException, ConnectorException } from '@rcskit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import {
  ControlRequest_InfoLevel,
  decodeRemoteMessage,
  encodeRemoteMessage,
  HandshakeMessage_ServerType,
  type RemoteMessage,
} from '../src/messages.js';
import type { OpenIcfServer, PeerChannel } from '../src/peer/index.js';
import { OPENICF_SUBPROTOCOL } from '../src/peer/index.js';
import { connectTestClient, RawPeer, startTestServer, waitFor } from './peer-helpers.js';

const CONNECTOR_EXCEPTION = ConnectorException.javaClass;

describe('handshake', () => {
  let server: OpenIcfServer;
  let channels: PeerChannel[];

  beforeAll(async () => {
    ({ server, channels } = await startTestServer({ maxMalformedFrames: 3 }));
  });
  afterAll(() => server.close());

  it('lets each side see the session id of the other', async () => {
    const { channel } = await connectTestClient(server.url, { sessionId: 'C'.repeat(40) });
    await waitFor(() => channels.some((c) => c.peerSessionId === 'C'.repeat(40)), 2000, 'server channel');
    const serverSide = channels.find((c) => c.peerSessionId === 'C'.repeat(40))!;
    expect(channel.peerSessionId).toBe(server.sessionId);
    expect(channel.localSessionId).toBe('C'.repeat(40));
    expect(serverSide.localSessionId).toBe(server.sessionId);
    expect(server.sessionId).toMatch(/^[0-9A-F]{40}$/);
    expect(serverSide.principal).toBe('anonymous');
    await channel.close();
    await waitFor(() => !serverSide.isOpen, 2000, 'server channel closed');
  });

  it('answers the opener handshake with its own (same id), then sends a ControlRequest', async () => {
    const raw = await RawPeer.open(server.url);
    expect(raw.ws.protocol).toBe(OPENICF_SUBPROTOCOL);
    raw.send({ messageId: 0n, request: { handshakeMessage: { sessionId: 'R1'.padEnd(40, '0') } } });
    const answer = await raw.next();
    expect(answer.messageId).toBe(0n);
    expect(answer.response?.handshakeMessage?.sessionId).toBe(server.sessionId);
    expect(answer.response?.handshakeMessage?.serverType).toBe(HandshakeMessage_ServerType.JAVA);
    const control = await raw.next((m) => m.request?.controlRequest !== undefined);
    expect(control.messageId).toBe(1n);
    expect(control.request?.controlRequest?.infoLevel).toEqual([ControlRequest_InfoLevel.CONNECTOR_INFO]);
    // Answer it so the server learns our (empty) connector list.
    raw.send({
      messageId: control.messageId,
      response: { controlResponse: { connectorInfos: new Uint8Array([5]) } },
    });
    await waitFor(() => channels.some((c) => c.peerSessionId === 'R1'.padEnd(40, '0')), 2000, 'channel');
    const channel = channels.find((c) => c.peerSessionId === 'R1'.padEnd(40, '0'))!;
    await waitFor(() => channel.peerConnectorInfos !== undefined, 2000, 'connector infos');
    expect([...channel.peerConnectorInfos!]).toEqual([5]);
    raw.close();
  });

  it('answers requests and responses before the handshake with a ConnectorException', async () => {
    const raw = await RawPeer.open(server.url);
    raw.send({ messageId: 4n, request: { operationRequest: { testOpRequest: {} } } });
    const first = await raw.next();
    expect(first.messageId).toBe(4n);
    expect(first.response?.error?.exceptionClass).toBe(CONNECTOR_EXCEPTION);
    expect(first.response?.error?.message).toBe('Connection received request before handshake');
    raw.send({ messageId: 5n, response: { operationResponse: { testOpResponse: {} } } });
    const second = await raw.next();
    expect(second.messageId).toBe(5n);
    expect(second.response?.error?.message).toBe('Connection received response before handshake');
    // A handshake *response* at the accepting side is ignored; errors are never answered.
    raw.send({ response: { handshakeMessage: { sessionId: 'X' } } });
    raw.send({ messageId: 6n, response: { error: { message: 'boom' } } });
    raw.send({ messageId: 7n });
    const unknown = await raw.next();
    expect(unknown.messageId).toBe(7n);
    expect(unknown.response?.error?.message).toBe('Unknown RemoteMessage');
    expect(raw.messages).toHaveLength(0);
    // The handshake still works afterwards.
    expect(await raw.handshake()).toBe(server.sessionId);
    raw.close();
  });

  it('answers an unknown request kind after the handshake with "Unknown Request message"', async () => {
    const raw = await RawPeer.open(server.url);
    await raw.handshake('R2'.padEnd(40, '0'));
    raw.send({ messageId: 42n, request: {} });
    const answer = await raw.next((m) => m.messageId === 42n);
    expect(answer.response?.error?.exceptionClass).toBe(CONNECTOR_EXCEPTION);
    expect(answer.response?.error?.message).toBe('Unknown Request message');
    raw.send({ messageId: 43n });
    expect((await raw.next((m) => m.messageId === 43n)).response?.error?.message).toBe(
      'Unknown RemoteMessage',
    );
    raw.close();
  });

  it('ignores text frames and survives malformed frames, closing with 1007 after three', async () => {
    const raw = await RawPeer.open(server.url);
    await raw.handshake('R3'.padEnd(40, '0'));
    raw.sendBytes('hello', false);
    raw.sendBytes(new Uint8Array([0xff, 0xff, 0xff]));
    const error = await raw.next((m) => m.response?.error !== undefined);
    expect(error.messageId).toBe(0n);
    expect(error.response?.error?.exceptionClass).toBe(CONNECTOR_EXCEPTION);
    expect(error.response?.error?.message).toContain('Malformed RemoteMessage frame (3 bytes)');
    // Still usable.
    raw.send({ messageId: 9n, request: { operationRequest: { testOpRequest: {} } } });
    const ok = await raw.next((m) => m.messageId === 9n);
    expect(ok.response?.operationResponse?.testOpResponse).toBeDefined();
    raw.sendBytes(new Uint8Array([0x12, 0x03, 0xff]));
    raw.sendBytes(new Uint8Array([0x12]));
    expect(await raw.closed()).toBe(1007);
    // The server itself is fine.
    const again = await RawPeer.open(server.url);
    expect(await again.handshake()).toBe(server.sessionId);
    again.close();
  });

  it('refuses a handshake without session id and frames over maxPayload', async () => {
    const raw = await RawPeer.open(server.url);
    raw.send({ messageId: 3n, request: { handshakeMessage: { sessionId: '  ' } } });
    const answer = await raw.next();
    expect(answer.response?.error?.message).toBe('Handshake without session id');
    expect(await raw.closed()).toBe(1002);

    const { server: small } = await startTestServer({ maxPayload: 1024 });
    try {
      const big = await RawPeer.open(small.url);
      await big.handshake();
      big.sendBytes(new Uint8Array(2048));
      expect(await big.closed()).toBe(1009);
    } finally {
      await small.close();
    }
  });

  it('answers pings with pongs carrying the same payload', async () => {
    const raw = await RawPeer.open(server.url);
    const pong = new Promise<Buffer>((resolve) => raw.ws.once('pong', resolve));
    raw.ws.ping(Buffer.from([1, 2, 3]));
    expect([...(await pong)]).toEqual([1, 2, 3]);
    const empty = new Promise<Buffer>((resolve) => raw.ws.once('pong', resolve));
    raw.ws.ping();
    expect((await empty).byteLength).toBe(0);
    raw.close();
  });

  it('closes a socket whose peer never sends the handshake', async () => {
    const { server: quick } = await startTestServer({ handshakeTimeoutMs: 100 });
    try {
      const raw = await RawPeer.open(quick.url);
      expect(await raw.closed()).toBe(1002);
    } finally {
      await quick.close();
    }
  });

  it('sends pings when asked', async () => {
    const { server: pinging } = await startTestServer({ pingIntervalMs: 20 });
    try {
      const raw = await RawPeer.open(pinging.url);
      await raw.handshake();
      await new Promise<void>((resolve) => raw.ws.once('ping', () => resolve()));
      raw.close();
    } finally {
      await pinging.close();
    }
  });

  it('as opener: ignores handshake requests, completes on the answer, fails on an error answer', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    let mode: 'ok' | 'error' = 'ok';
    const seen: RemoteMessage[] = [];
    wss.on('connection', (ws) => {
      ws.on('message', (data: Buffer) => {
        const message = decodeRemoteMessage(data);
        seen.push(message);
        if (message.request?.handshakeMessage === undefined) return;
        if (mode === 'error') {
          ws.send(encodeRemoteMessage({ response: { error: { exceptionClass: '', message: 'go away' } } }));
          return;
        }
        ws.send(encodeRemoteMessage({ request: { handshakeMessage: { sessionId: 'IGNORED' } } }));
        ws.send(encodeRemoteMessage({ response: { handshakeMessage: { sessionId: 'S'.repeat(40) } } }));
      });
    });
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/openicf`;
    try {
      const { channel } = await connectTestClient(url, { initialControlRequest: false });
      expect(channel.peerSessionId).toBe('S'.repeat(40));
      expect(seen[0]?.request?.handshakeMessage?.sessionId).toBe(channel.localSessionId);
      await channel.close();
      mode = 'error';
      const error = await connectTestClient(url).catch((e: Error) => e);
      expect(error).toBeInstanceOf(ConnectionFailedException);
      expect((error as Error).message).toContain('go away');
    } finally {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    }
  });
});
