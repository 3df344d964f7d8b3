import { create } from '@bufbuild/protobuf';
import {
  ConnectionBrokenException,
  ConnectorException,
  IllegalArgumentException,
  OperationTimeoutException,
  UnknownUidException,
} from '@rcskit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ExceptionMessageSchema, OperationResponseSchema } from '../src/messages.js';
import {
  type ConnectionGroup,
  exceptionFromMessage,
  exceptionMessageFrom,
  type OpenIcfServer,
  type PeerChannel,
  type SocketConnection,
} from '../src/peer/index.js';
import {
  collect,
  connectTestClient,
  opRequest,
  RawPeer,
  startTestServer,
  type TestEndpoint,
  waitFor,
} from './peer-helpers.js';

describe('request / response', () => {
  let server: OpenIcfServer;
  let serverEndpoint: TestEndpoint;
  let channels: PeerChannel[];

  beforeAll(async () => {
    ({ server, endpoint: serverEndpoint, channels } = await startTestServer({ sendStackTraces: true }));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    serverEndpoint.received.length = 0;
    serverEndpoint.aborted.length = 0;
  });

  async function connect(options: Parameters<typeof connectTestClient>[1] = {}) {
    const client = await connectTestClient(server.url, options);
    await waitFor(
      () => channels.some((c) => c.peerSessionId === client.channel.localSessionId),
      2000,
      'channel',
    );
    const serverSide = channels.find((c) => c.peerSessionId === client.channel.localSessionId)!;
    return { ...client, serverSide };
  }

  it('round-trips a request in both directions', async () => {
    const { channel, serverSide, endpoint } = await connect();
    const out = channel.sendRequest(opRequest({ testOpRequest: {} }));
    expect(out.messageId).toBeGreaterThanOrEqual(1n);
    const [first] = await collectUntilFinal(out, () => true);
    expect(first?.testOpResponse).toBeDefined();
    expect(serverEndpoint.received.at(-1)?.request.testOpRequest).toBeDefined();

    const back = serverSide.sendRequest(opRequest({ testOpRequest: {} }));
    const [answer] = await collectUntilFinal(back, () => true);
    expect(answer?.testOpResponse).toBeDefined();
    expect(endpoint.received).toHaveLength(1);
    await channel.close();
  });

  it('streams many responses for one id until complete()', async () => {
    const { channel } = await connect();
    serverEndpoint.streamCount = 200;
    const out = channel.sendRequest(opRequest({ searchOpRequest: {} }));
    const responses = await collectUntilFinal(out, (r) => r.searchOpResponse?.result !== undefined);
    expect(responses).toHaveLength(201);
    expect(responses.map((r) => Number(r.searchOpResponse?.sequence)).slice(0, 3)).toEqual([1, 2, 3]);
    serverEndpoint.streamCount = 5;
    await channel.close();
  });

  it('cancels: the server signal aborts and the client iterator ends', async () => {
    const { channel } = await connect();
    const out = channel.sendRequest(opRequest({ getOpRequest: {} }));
    await waitFor(() =>
      serverEndpoint.received.some((r) => r.messageId === out.messageId && r.request.getOpRequest),
    );
    const iterating = collect(out.responses);
    out.cancel();
    expect(await iterating).toEqual([]);
    await waitFor(() => serverEndpoint.aborted.includes(out.messageId), 2000, 'server abort');

    const controller = new AbortController();
    const viaSignal = channel.sendRequest(opRequest({ getOpRequest: {} }), { signal: controller.signal });
    await waitFor(() => serverEndpoint.received.some((r) => r.messageId === viaSignal.messageId));
    controller.abort();
    expect(await collect(viaSignal.responses)).toEqual([]);
    await waitFor(
      () => serverEndpoint.aborted.includes(viaSignal.messageId),
      2000,
      'server abort via signal',
    );
    await channel.close();
  });

  it('maps errors both ways to core exceptions', async () => {
    const { channel, serverSide } = await connect({ sendStackTraces: false });
    const out = channel.sendRequest(opRequest({ deleteOpRequest: {} }));
    const error = await collect(out.responses).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownUidException);
    expect((error as Error).message).toBe('Uid not found: u1');
    expect((error as Error).cause).toBeInstanceOf(IllegalArgumentException);
    expect(((error as Error).cause as Error).message).toBe('inner detail');
    expect((error as UnknownUidException).remoteStackTrace).toContain('UnknownUidException');

    const back = serverSide.sendRequest(opRequest({ deleteOpRequest: {} }));
    const backError = await collect(back.responses).catch((e: unknown) => e);
    expect(backError).toBeInstanceOf(UnknownUidException);
    expect((backError as UnknownUidException).remoteStackTrace).toBeUndefined();
    await channel.close();
  });

  it('answers ControlRequests with the connector infos blob, both ways', async () => {
    const { channel, serverSide } = await connect();
    expect([...(await channel.requestConnectorInfos())]).toEqual([9, 9, 9]);
    expect([...(await serverSide.requestConnectorInfos())]).toEqual([7, 7]);
    // Both sides also asked on their own when the group opened.
    await waitFor(
      () => channel.peerConnectorInfos !== undefined && serverSide.peerConnectorInfos !== undefined,
    );
    expect([...channel.peerConnectorInfos!]).toEqual([9, 9, 9]);
    const seen: number[][] = [];
    channel.onConnectorInfos((blob) => seen.push([...blob]));
    await channel.requestConnectorInfos();
    expect(seen).toEqual([[9, 9, 9]]);
    await channel.close();
  });

  it('routes responses by group and id across two sockets', async () => {
    const { channel, serverSide } = await connect({ sockets: 2 });
    expect(channel.socketCount).toBe(2);
    await waitFor(() => serverSide.socketCount === 2, 2000, 'two server sockets');
    serverEndpoint.streamCount = 20;
    const out = channel.sendRequest(opRequest({ searchOpRequest: {} }));
    const responses = await collectUntilFinal(out, (r) => r.searchOpResponse?.result !== undefined);
    expect(responses).toHaveLength(21);
    serverEndpoint.streamCount = 5;
    // The server spread the stream over both sockets, so part of it arrived on a socket the request did not use.
    const serverSockets = (serverSide as ConnectionGroup).sockets as SocketConnection[];
    expect(serverSockets.every((s) => s.framesSent >= 10)).toBe(true);
    const clientSockets = (channel as unknown as ConnectionGroup).sockets as SocketConnection[];
    expect(clientSockets.every((s) => s.framesReceived >= 10)).toBe(true);
    await channel.addSocket();
    expect(channel.socketCount).toBe(3);
    await waitFor(() => serverSide.socketCount === 3, 2000, 'three server sockets');
    await channel.close();
    await waitFor(() => !serverSide.isOpen, 2000, 'server side closed');
    await expect(channel.addSocket()).rejects.toThrow(ConnectionBrokenException);
  });

  it('keeps the events of a subscription in order on a two-socket group (they carry no sequence)', async () => {
    const { channel, serverSide } = await connect({ sockets: 2 });
    await waitFor(() => serverSide.socketCount === 2, 2000, 'two server sockets');
    const serverSockets = (serverSide as ConnectionGroup).sockets as SocketConnection[];
    const sentBefore = serverSockets.map((s) => s.framesSent);
    serverEndpoint.streamCount = 60;
    const out = channel.sendRequest(opRequest({ syncEventSubscriptionOpRequest: {} }));
    const responses = await collectUntilFinal(
      out,
      (r) => r.syncEventSubscriptionOpResponse?.completed === true,
    );
    serverEndpoint.streamCount = 5;
    const tags = responses
      .map((r) => r.syncEventSubscriptionOpResponse?.syncDelta?.objectClass)
      .filter((tag) => tag !== undefined);
    expect(tags).toEqual(Array.from({ length: 60 }, (_, i) => String(i + 1)));
    // Confirmation, 60 events and completion all went on the socket the subscription came on.
    const sent = serverSockets.map((s, i) => s.framesSent - sentBefore[i]!).sort((a, b) => a - b);
    expect(sent).toEqual([0, 62]);
    await channel.close();
  });

  it('fails waiting requests with ConnectionBrokenException when the sockets close', async () => {
    const { channel, serverSide } = await connect();
    const closeReasons: Error[] = [];
    channel.onClose((reason) => closeReasons.push(reason));
    const out = channel.sendRequest(opRequest({ getOpRequest: {} }));
    await waitFor(() => serverEndpoint.received.some((r) => r.messageId === out.messageId));
    const incoming = serverEndpoint.received.find((r) => r.messageId === out.messageId)!;
    const pending = collect(out.responses).catch((e: unknown) => e);
    await serverSide.close();
    expect(await pending).toBeInstanceOf(ConnectionBrokenException);
    expect(incoming.signal.aborted).toBe(true);
    expect(incoming.signal.reason).toBeInstanceOf(ConnectionBrokenException);
    await channel.closed;
    expect(channel.isOpen).toBe(false);
    expect(closeReasons[0]).toBeInstanceOf(ConnectionBrokenException);
    const late = channel.sendRequest(opRequest({ testOpRequest: {} }));
    await expect(collect(late.responses)).rejects.toThrow(ConnectionBrokenException);
    await expect(channel.requestConnectorInfos()).rejects.toThrow(ConnectionBrokenException);
  });

  it('drops responses for unknown ids, parks early cancels, times out control requests', async () => {
    const raw = await RawPeer.open(server.url);
    const peerId = 'R5'.padEnd(40, '0');
    await raw.handshake(peerId);
    await waitFor(() => channels.some((c) => c.peerSessionId === peerId));
    const serverSide = channels.find((c) => c.peerSessionId === peerId)!;
    raw.send({ messageId: 999n, response: { operationResponse: { testOpResponse: {} } } });
    // A cancel that overtakes its request (another socket) is applied when the request arrives.
    raw.send({ messageId: 50n, request: { cancelOpRequest: {} } });
    raw.send({ messageId: 50n, request: { operationRequest: { getOpRequest: {} } } });
    raw.send({ messageId: 51n, request: { operationRequest: { testOpRequest: {} } } });
    const answer = await raw.next((m) => m.messageId === 51n);
    expect(answer.response?.operationResponse?.testOpResponse).toBeDefined();
    expect(serverEndpoint.received.some((r) => r.messageId === 50n && r.request.getOpRequest)).toBe(false);
    // The raw peer never answers ControlRequests.
    await expect(serverSide.requestConnectorInfos({ timeoutMs: 50 })).rejects.toThrow(
      OperationTimeoutException,
    );
    const controller = new AbortController();
    const aborted = serverSide.requestConnectorInfos({ signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    raw.close();
  });

  it('delivers id-0 notifications without tracking or answering them', async () => {
    const { channel, serverSide, endpoint } = await connect();
    await serverSide.sendNotification(opRequest({ configurationChangeEvent: {} }));
    await waitFor(() => endpoint.received.length === 1, 2000, 'notification');
    const notification = endpoint.received[0]!;
    expect(notification.messageId).toBe(0n);
    expect(notification.request.configurationChangeEvent).toBeDefined();
    await notification.send(create(OperationResponseSchema, { testOpResponse: {} }));
    expect((channel as unknown as ConnectionGroup).incomingRequestIds).toEqual([]);
    await channel.close();
  });

  it('answers a handler that throws synchronously with an error', async () => {
    const { server: bad } = await startTestServer({
      localEndpoint: {
        connectorInfosBlob: () => {
          throw new Error('no infos');
        },
        handleOperation: () => {
          throw new UnknownUidException('sync throw');
        },
      },
    });
    try {
      const { channel } = await connectTestClient(bad.url);
      await expect(collect(channel.sendRequest(opRequest({ testOpRequest: {} })).responses)).rejects.toThrow(
        UnknownUidException,
      );
      await expect(channel.requestConnectorInfos()).rejects.toThrow(ConnectorException);
      await channel.close();
    } finally {
      await bad.close();
    }
  });
});

describe('ExceptionMessage mapping', () => {
  it('sends at most four causes and maps classes back', () => {
    let error: Error = new Error('level 5');
    for (let i = 4; i >= 0; i--) error = new UnknownUidException(`level ${i}`, { cause: error });
    const init = exceptionMessageFrom(error);
    expect(init.exceptionClass).toBe(UnknownUidException.javaClass);
    expect(init.stackTrace).toBeUndefined();
    const back = exceptionFromMessage(create(ExceptionMessageSchema, init));
    const chain: Error[] = [];
    for (let e: unknown = back; e instanceof Error; e = e.cause) chain.push(e);
    expect(chain.map((e) => e.message)).toEqual(['level 0', 'level 1', 'level 2', 'level 3', 'level 4']);
    expect(chain.every((e) => e instanceof UnknownUidException)).toBe(true);
    expect(exceptionMessageFrom('plain', { includeStackTrace: true })).toEqual({
      exceptionClass: ConnectorException.javaClass,
      message: 'plain',
    });
  });

  it('treats a blank class as ConnectorException and keeps unknown class names', () => {
    const blank = exceptionFromMessage(create(ExceptionMessageSchema, { message: 'm' }));
    expect(blank.constructor).toBe(ConnectorException);
    const unknown = exceptionFromMessage(
      create(ExceptionMessageSchema, {
        exceptionClass: 'com.example.Boom',
        message: 'm',
        stackTrace: 'at x',
      }),
    );
    expect(unknown).toBeInstanceOf(ConnectorException);
    expect(unknown.message).toBe('com.example.Boom: m');
    expect(unknown.remoteStackTrace).toBe('at x');
  });
});

/** Reads responses until `isFinal` says so, then completes the request (what the operations layer does). */
async function collectUntilFinal<T>(
  out: { responses: AsyncIterable<T>; complete(): void },
  isFinal: (r: T) => boolean,
): Promise<T[]> {
  const got: T[] = [];
  const iterator = out.responses[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) return got;
    got.push(next.value);
    if (isFinal(next.value)) {
      out.complete();
      return got;
    }
  }
}
