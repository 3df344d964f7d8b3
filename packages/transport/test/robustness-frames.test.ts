/**
 * The peer against hostile frames: mutated and truncated `RemoteMessage` frames derived from valid frames of every
 * kind (see `support/frame-fuzz.ts`), served by an `OperationDispatcher` on the in-memory test connector.
 *
 * 1. In process, ≥ 100 000 frames through the real per-socket code: `SocketConnection` (frame decoding,
 *    handshake state machine, malformed-frame policy) over an in-memory WebSocket, its `ConnectionGroup` and the
 *    dispatcher. Every failure the dispatcher reports must be a protocol-level core exception (no `TypeError` from
 *    the decoders), every answer must decode and carry a Java exception class.
 * 2. Over real sockets, thousands of frames to a running `OpenIcfServer` from reconnecting clients (the server
 *    closes a socket with 1007 after 3 malformed frames). Each batch is followed by a ControlRequest that must be
 *    answered (or the socket closed) within seconds; afterwards a fresh client must still be served.
 *
 * Both: no unhandled rejection or exception, no error-level log line, bounded heap growth.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  AttributeBuilder,
  ConnectionBrokenException,
  type ConnectorObject,
  ConnectorObjectBuilder,
  int,
  JavaException,
  ObjectClass,
  OperationOptionsBuilder,
} from '@rcskit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ClientEndpoint } from '../src/facade/client-endpoint.js';
import { RemoteConnectorInfoManager } from '../src/facade/remote-connector-info-manager.js';
import { decodeRemoteMessage, encodeRemoteMessage, type RemoteMessage } from '../src/messages.js';
import { OperationDispatcher } from '../src/operations/server-dispatch.js';
import { basicAuthorization } from '../src/peer/auth.js';
import { connectOpenIcf } from '../src/peer/client.js';
import { ConnectionGroup } from '../src/peer/connection-group.js';
import type { IncomingRequest, LocalEndpoint } from '../src/peer/contract.js';
import type { PeerLogger } from '../src/peer/logger.js';
import { type OpenIcfServer, startOpenIcfServer } from '../src/peer/server.js';
import {
  CLOSE_MALFORMED,
  CLOSE_PROTOCOL_ERROR,
  OPENICF_SUBPROTOCOL,
  SocketConnection,
} from '../src/peer/socket-connection.js';
import { SerializationException } from '../src/serializer/errors.js';
import {
  FakeWebSocket,
  FrameMutator,
  type Mutation,
  prng,
  SEED_ACCOUNTS,
  type SeedFrame,
  seedFrames,
} from './support/frame-fuzz.js';
import { MEMORY_BUNDLE, MEMORY_CONNECTOR, MemoryProvider } from './support/memory-connector.js';

const KEY = 'changeit';
const SERVER_SESSION = 'F'.repeat(40);
/** What an `ExceptionMessage.exceptionClass` from this server may be. */
const JAVA_CLASS = /^(java\.lang|org\.identityconnectors\.framework\.common\.exceptions)\.[A-Z]\w*$/;
/**
 * Heap growth allowed over a whole run, measured after a forced GC (a few MiB in practice). Generous on purpose:
 * it catches retention that grows with the number of frames (closed groups, sockets, requests), not noise. The
 * test keeps only counters, never errors: an error's captured stack keeps the objects of its frames alive.
 */
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;
/**
 * The two tests take about 8 s and 3 s on two cores, and up to three times that when the cores are busy with other
 * work. This limit only keeps a busy CI machine from turning that into a spurious timeout. A hung server fails
 * much sooner (5 s per request).
 */
const SLOW_TEST_TIMEOUT_MS = 120_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------------------------------------------------------
// Shared fixtures

/** Everything the server side did that a test looks at. */
class ServerObservations {
  /** Error-level log lines of the peer (never expected). */
  readonly errorLogs: string[] = [];
  /** Failures the dispatcher answered with, by Java-facing type. */
  readonly failures = new Map<string, number>();
  /** Failures that point at a bug: not a core exception, or caused by a plain JS error. */
  readonly suspicious: string[] = [];
  /** Failures that could not be sent (socket gone), by type (only counted: errors keep their stack's objects). */
  readonly unreported = new Map<string, number>();

  readonly logger: PeerLogger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (obj, msg) => this.errorLogs.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
  };

  recordFailure(error: unknown): void {
    const name = error instanceof Error ? error.constructor.name : typeof error;
    this.failures.set(name, (this.failures.get(name) ?? 0) + 1);
    const problem = suspiciousFailure(error);
    if (problem !== undefined && this.suspicious.length < 20) this.suspicious.push(problem);
  }

  get serializationFailures(): number {
    return this.failures.get(SerializationException.name) ?? 0;
  }
}

/**
 * Why a failure answered to the peer looks like a bug rather than defensive decoding: anything that is not a core
 * exception, or a core exception caused by a plain JS error (a `TypeError` deep in a decoder or handler). OpenSSL
 * errors from decrypting a corrupted GuardedString are expected causes.
 */
function suspiciousFailure(error: unknown): string | undefined {
  if (!(error instanceof JavaException)) return `not a core exception: ${String(error)}`;
  for (let cause = error.cause; cause !== undefined && cause !== null; ) {
    const isOpenSsl = String((cause as { code?: unknown }).code ?? '').startsWith('ERR_OSSL');
    if (!(cause instanceof JavaException) && !isOpenSsl) {
      return `${error.constructor.name}: ${error.message} caused by ${String(cause)}`;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A dispatcher on the memory connector whose failures are recorded. */
function observedEndpoint(provider: MemoryProvider, observations: ServerObservations): LocalEndpoint {
  const dispatcher = new OperationDispatcher(provider, {
    onUnreportedError: (error) => {
      const name = error instanceof JavaException ? error.constructor.name : `not a core exception: ${error}`;
      observations.unreported.set(name, (observations.unreported.get(name) ?? 0) + 1);
    },
  });
  return {
    connectorInfosBlob: () => dispatcher.connectorInfosBlob(),
    handleOperation: (incoming: IncomingRequest) =>
      dispatcher.handleOperation({
        ...incoming,
        fail: (error: unknown) => {
          observations.recordFailure(error);
          return incoming.fail(error);
        },
      }),
  };
}

const ACCOUNT = ObjectClass.ACCOUNT;

function seedObjects(): ConnectorObject[] {
  return [
    new ConnectorObjectBuilder()
      .setUid(SEED_ACCOUNTS.alice)
      .setName('alice')
      .addAttribute(AttributeBuilder.build('mail', 'a@example.com', 'b@example.com'))
      .addAttribute('age', int(42))
      .build(),
    new ConnectorObjectBuilder().setUid(SEED_ACCOUNTS.bob).setName('bob').addAttribute('age', int(7)).build(),
  ];
}

/** Puts the seed accounts back (valid mutated deletes remove them) and keeps the store small. */
function restoreStore(provider: MemoryProvider, objects: readonly ConnectorObject[]): void {
  const accounts = provider.store.classMap(ACCOUNT);
  if (accounts.size > 64) accounts.clear();
  for (const object of objects) accounts.set(object.uid.uidValue, object);
  if (provider.store.changes.length > 256) provider.store.changes.length = 0;
}

/** What the fuzzing peers saw coming back. */
class AnswerObservations {
  answers = 0;
  undecodable = 0;
  malformedAnswers = 0;
  readonly errorClasses = new Map<string, number>();
  readonly badClasses: string[] = [];
  readonly closeCodes = new Map<number, number>();

  observe(frame: Uint8Array): RemoteMessage | undefined {
    let message: RemoteMessage;
    try {
      message = decodeRemoteMessage(frame);
    } catch {
      this.undecodable++;
      return undefined;
    }
    this.answers++;
    const error = message.response?.error;
    if (error !== undefined) {
      this.errorClasses.set(error.exceptionClass, (this.errorClasses.get(error.exceptionClass) ?? 0) + 1);
      if (!JAVA_CLASS.test(error.exceptionClass) && this.badClasses.length < 20) {
        this.badClasses.push(`${error.exceptionClass}: ${error.message}`);
      }
      if (error.message.startsWith('Malformed RemoteMessage frame')) this.malformedAnswers++;
    }
    return message;
  }

  closed(code: number): void {
    this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1);
  }
}

function summary(map: ReadonlyMap<unknown, number>): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${String(k).replace('org.identityconnectors.framework.common.exceptions.', '')}=${v}`)
    .join(', ');
}

const processFaults: string[] = [];
const onFault = (error: unknown) => processFaults.push(String((error as Error)?.stack ?? error));

let seeds: SeedFrame[];

beforeAll(async () => {
  process.on('unhandledRejection', onFault);
  process.on('uncaughtException', onFault);
  seeds = await seedFrames();
});

afterAll(() => {
  process.off('unhandledRejection', onFault);
  process.off('uncaughtException', onFault);
});

// ---------------------------------------------------------------------------------------------------------------
// 1. In process

/** The accepting side of `OpenIcfServer`, on in-memory sockets: same `SocketConnection` and `ConnectionGroup`. */
class InProcessServer {
  readonly #groups = new Map<string, ConnectionGroup>();
  readonly #endpoint: LocalEndpoint;
  readonly #logger: PeerLogger;

  constructor(endpoint: LocalEndpoint, logger: PeerLogger) {
    this.#endpoint = endpoint;
    this.#logger = logger;
  }

  get openGroups(): number {
    return [...this.#groups.values()].filter((g) => !g.isClosed).length;
  }

  accept(onFrame: (frame: Uint8Array) => void): { ws: FakeWebSocket; connection: SocketConnection } {
    const ws = new FakeWebSocket(onFrame);
    const connection = new SocketConnection(ws as unknown as WebSocket, {
      role: 'acceptor',
      localSessionId: SERVER_SESSION,
      logger: this.#logger,
      handshakeTimeoutMs: 0,
      onHandshake: (_socket, peer) => {
        const existing = this.#groups.get(peer.sessionId);
        if (existing !== undefined && !existing.isClosed) return existing;
        const group = new ConnectionGroup({
          peerSessionId: peer.sessionId,
          localSessionId: SERVER_SESSION,
          principal: 'anonymous',
          localEndpoint: this.#endpoint,
          logger: this.#logger,
          housekeepingIntervalMs: 0,
          controlTimeoutMs: 2000,
        });
        this.#groups.set(peer.sessionId, group);
        group.onClose(() => {
          if (this.#groups.get(peer.sessionId) === group) this.#groups.delete(peer.sessionId);
        });
        return group;
      },
    });
    connection.start();
    return { ws, connection };
  }
}

describe('frame robustness in process (SocketConnection + ConnectionGroup + OperationDispatcher)', () => {
  it('survives ≥ 100 000 mutated frames of every kind', { timeout: SLOW_TEST_TIMEOUT_MS }, async () => {
    // Every mutated facade key that still decodes is a new configuration: keep the facade cache bounded, as an RCS
    // must (the memory connector's cache is unbounded by default).
    const provider = new MemoryProvider(['1.0.0.0'], { maxCachedFacades: 16 });
    const objects = seedObjects();
    restoreStore(provider, objects);
    const server = new ServerObservations();
    const answers = new AnswerObservations();
    const peer = new InProcessServer(observedEndpoint(provider, server), server.logger);
    const rnd = prng(0xf4a3e5);
    const mutator = new FrameMutator(seeds, rnd);
    const byMutation = new Map<Mutation, number>();
    const observe = (frame: Uint8Array) => void answers.observe(frame);
    const track = (socket: { ws: FakeWebSocket; connection: SocketConnection }) => {
      void socket.connection.closed.then(() => answers.closed(socket.ws.closeCode ?? 0));
      return socket;
    };
    const handshake = (sessionId: string) =>
      encodeRemoteMessage({ messageId: 1n, request: { handshakeMessage: { sessionId } } });

    // Warm-up (JIT, caches) before the heap baseline.
    for (const seed of seeds) {
      const socket = track(peer.accept(observe));
      socket.ws.receive(seed.frame);
      socket.ws.close(1000, 'done');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const heapBefore = heapAfterGc();
    const started = performance.now();

    let open: Array<{ ws: FakeWebSocket; connection: SocketConnection }> = [];
    let generation = 0;
    const total = 100_000;
    for (let i = 0; i < total; i++) {
      const { frame, mutation } = mutator.mutate(mutator.seed());
      byMutation.set(mutation, (byMutation.get(mutation) ?? 0) + 1);
      if (rnd() < 0.03) {
        // A socket that has not completed its handshake.
        const fresh = track(peer.accept(observe));
        fresh.ws.receive(frame);
        fresh.ws.close(1000, 'done');
      } else {
        open = open.filter((s) => s.connection.isOpen);
        // One or two sockets in the group of session FUZZ-<generation>; a new group once they are all closed.
        if (open.length === 0) generation++;
        if (open.length === 0 || (open.length === 1 && rnd() < 0.01)) {
          const socket = track(peer.accept(observe));
          socket.ws.receive(handshake(`FUZZ-${generation}`));
          open.push(socket);
        }
        open[Math.floor(rnd() * open.length)]!.ws.receive(frame);
      }
      if (i % 128 === 127) {
        // Let the dispatcher's asynchronous work run, as the event loop would between socket reads.
        await tick();
        if (i % 2048 === 2047) restoreStore(provider, objects);
      }
    }
    for (const socket of open) socket.ws.close(1000, 'done');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const elapsed = performance.now() - started;

    // Still serving: a fresh socket, a handshake and a valid request get their answers.
    const replies: RemoteMessage[] = [];
    const probe = peer.accept((frame) => replies.push(decodeRemoteMessage(frame)));
    probe.ws.receive(handshake('PROBE'));
    const test = seeds.find((s) => s.message.request?.operationRequest?.testOpRequest !== undefined)!;
    probe.ws.receive(encodeRemoteMessage({ messageId: 4242n, request: test.message.request }));
    const deadline = Date.now() + 3000;
    while (!replies.some((m) => m.messageId === 4242n) && Date.now() < deadline) await tick();
    expect(replies.find((m) => m.response?.handshakeMessage !== undefined)).toBeDefined();
    expect(
      replies.find((m) => m.messageId === 4242n)?.response?.operationResponse?.testOpResponse,
    ).toBeDefined();
    probe.ws.close(1000, 'done');
    await probe.connection.closed;

    const heapGrowth = heapAfterGc() - heapBefore;
    console.log(
      `in-process: ${total} frames in ${elapsed.toFixed(0)} ms; ${answers.answers} answers, ` +
        `${answers.malformedAnswers} malformed-frame errors; closes: ${summary(answers.closeCodes)}\n` +
        `  mutations: ${summary(byMutation)}\n  dispatcher failures: ${summary(server.failures)}\n` +
        `  error classes: ${summary(answers.errorClasses)}\n  heap growth ${(heapGrowth / 1048576).toFixed(1)} MiB`,
    );

    expect(processFaults).toEqual([]);
    expect(server.errorLogs).toEqual([]);
    expect(server.suspicious).toEqual([]);
    expect([...server.unreported.keys()].filter((name) => name.startsWith('not a core'))).toEqual([]);
    expect(answers.undecodable).toBe(0);
    expect(answers.badClasses).toEqual([]);
    // The mutations reached every layer: protobuf rejects, the close policy, and the serializer behind dispatch.
    expect(answers.malformedAnswers).toBeGreaterThan(10_000);
    expect(answers.closeCodes.get(CLOSE_MALFORMED) ?? 0).toBeGreaterThan(1000);
    expect(server.serializationFailures).toBeGreaterThan(1000);
    expect(peer.openGroups).toBe(0);
    expect(heapGrowth).toBeLessThan(HEAP_GROWTH_LIMIT);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Over real sockets

let nextBarrierId = 0x4000_0000_0000_0000n;

/** A raw client that sends whatever frames it is given and matches answers by message id. */
class FuzzPeer {
  readonly ws: WebSocket;
  closeCode: number | undefined;
  readonly #waiters = new Map<bigint, (message: RemoteMessage | undefined) => void>();
  readonly closed: Promise<number>;

  private constructor(ws: WebSocket, answers: AnswerObservations) {
    this.ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      const message = answers.observe(data);
      if (message?.response === undefined) return;
      const waiter = this.#waiters.get(message.messageId);
      if (waiter === undefined) return;
      this.#waiters.delete(message.messageId);
      waiter(message);
    });
    ws.on('error', () => {});
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number) => {
        this.closeCode = code;
        for (const waiter of this.#waiters.values()) waiter(undefined);
        this.#waiters.clear();
        resolve(code);
      }),
    );
  }

  static async open(url: string, answers: AnswerObservations): Promise<FuzzPeer> {
    const ws = new WebSocket(url, [OPENICF_SUBPROTOCOL], {
      headers: { Authorization: basicAuthorization('anonymous', KEY) },
      perMessageDeflate: false,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new FuzzPeer(ws, answers);
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(frame: Uint8Array): void {
    if (this.isOpen) this.ws.send(frame, { binary: true }, () => {});
  }

  /**
   * Sends `message` with a fresh id and waits for the answer with that id: the message, `undefined` when the socket
   * closed first. Rejects when neither happens within `timeoutMs` (a hung server).
   */
  request(
    init: (messageId: bigint) => Parameters<typeof encodeRemoteMessage>[0],
    timeoutMs = 5000,
  ): Promise<RemoteMessage | undefined> {
    const messageId = nextBarrierId++;
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        resolve(undefined);
        return;
      }
      const timer = setTimeout(() => {
        this.#waiters.delete(messageId);
        reject(new Error(`no answer to message ${messageId} within ${timeoutMs} ms: the server hangs`));
      }, timeoutMs);
      this.#waiters.set(messageId, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.send(encodeRemoteMessage(init(messageId)));
    });
  }

  /** A ControlRequest, answered on this socket before or after the handshake (error or ControlResponse). */
  barrier(): Promise<RemoteMessage | undefined> {
    return this.request((messageId) => ({ messageId, request: { controlRequest: {} } }));
  }

  async close(): Promise<void> {
    if (this.closeCode === undefined) this.ws.close(1000);
    const force = setTimeout(() => this.ws.terminate(), 2000);
    await this.closed;
    clearTimeout(force);
  }
}

describe('frame robustness over real sockets (OpenIcfServer + OperationDispatcher)', () => {
  let server: OpenIcfServer;
  let provider: MemoryProvider;
  let observations: ServerObservations;

  beforeAll(async () => {
    provider = new MemoryProvider(['1.0.0.0', '1.5.0.0'], { maxCachedFacades: 16 });
    observations = new ServerObservations();
    server = await startOpenIcfServer({
      localEndpoint: observedEndpoint(provider, observations),
      host: '127.0.0.1',
      port: 0,
      key: KEY,
      handshakeTimeoutMs: 5000,
      logger: observations.logger,
    });
  });

  afterAll(() => server?.close());

  it(
    'answers or closes with 1007/1002 on thousands of mutated frames, and keeps serving',
    { timeout: SLOW_TEST_TIMEOUT_MS },
    async () => {
      const objects = seedObjects();
      restoreStore(provider, objects);
      const answers = new AnswerObservations();
      const rnd = prng(0x50c4e7);
      const mutator = new FrameMutator(seeds, rnd);
      const pick = (n: number) => Math.floor(rnd() * n);
      const target = 5000;
      let sent = 0;
      let connections = 0;
      let hangs = 0;
      const serverCloses = new Map<number, number>();

      // Warm-up before the heap baseline.
      const warm = await FuzzPeer.open(server.url, answers);
      await warm.request((messageId) => ({
        messageId,
        request: { handshakeMessage: { sessionId: 'WARM' } },
      }));
      await warm.close();
      const heapBefore = heapAfterGc();
      const started = performance.now();

      const worker = async (index: number) => {
        while (sent < target) {
          const peer = await FuzzPeer.open(server.url, answers);
          connections++;
          try {
            // Sometimes junk before the handshake (answered with errors, or taken as a handshake).
            if (rnd() < 0.2) {
              for (let i = 1 + pick(2); i > 0; i--, sent++) peer.send(mutator.mutate(mutator.seed()).frame);
            }
            const state = await peer.barrier();
            if (state?.response?.error !== undefined) {
              // Not joined yet: handshake, into a group of its own or one shared with other workers.
              const sessionId = rnd() < 0.3 ? 'SHARED-SESSION' : `W${index}-${connections}`;
              await peer.request((messageId) => ({
                messageId,
                request: { handshakeMessage: { sessionId } },
              }));
            }
            for (let frames = 8 + pick(40); frames > 0 && peer.isOpen && sent < target; ) {
              for (let batch = 1 + pick(4); batch > 0; batch--, frames--, sent++) {
                peer.send(mutator.mutate(mutator.seed()).frame);
              }
              if ((await peer.barrier()) === undefined) break;
            }
          } catch {
            hangs++;
          }
          if (peer.closeCode !== undefined) {
            serverCloses.set(peer.closeCode, (serverCloses.get(peer.closeCode) ?? 0) + 1);
          }
          await peer.close();
          if (connections % 32 === 0) restoreStore(provider, objects);
        }
      };
      await Promise.all([0, 1, 2, 3].map(worker));
      const elapsed = performance.now() - started;

      // Every fuzzing channel is gone once its sockets are.
      const deadline = Date.now() + 3000;
      while (server.channels.length > 0 && Date.now() < deadline) await tick();
      expect(server.channels).toHaveLength(0);

      // A fresh, well-behaved client is served within seconds.
      restoreStore(provider, objects);
      const channel = await connectOpenIcf({
        url: server.url,
        key: KEY,
        localEndpoint: new ClientEndpoint(),
      });
      try {
        const signal = AbortSignal.timeout(5000);
        const manager = await RemoteConnectorInfoManager.load(channel, { signal });
        const info = manager.findConnectorInfo(MEMORY_BUNDLE, '[1.0.0.0,2.0.0.0)', MEMORY_CONNECTOR);
        expect(info?.connectorKey.bundleVersion).toBe('1.5.0.0');
        const facade = manager.createFacade(info!, { configurationProperties: { host: 'h' } });
        await facade.test(signal);
        const names: string[] = [];
        const options = new OperationOptionsBuilder().setAttributesToGet('__NAME__').build();
        await facade.search(ACCOUNT, null, (o) => names.push(o.name.nameValue) > 0, options, signal);
        expect(names).toEqual(expect.arrayContaining(['alice', 'bob']));
        manager.dispose();
      } finally {
        await channel.close();
      }

      const heapGrowth = heapAfterGc() - heapBefore;
      console.log(
        `sockets: ${sent} frames over ${connections} connections in ${elapsed.toFixed(0)} ms; ` +
          `${answers.answers} answers, ${answers.malformedAnswers} malformed-frame errors\n` +
          `  server closes: ${summary(serverCloses)}\n  dispatcher failures: ${summary(observations.failures)}\n` +
          `  error classes: ${summary(answers.errorClasses)}\n  heap growth ${(heapGrowth / 1048576).toFixed(1)} MiB`,
      );

      expect(hangs).toBe(0);
      expect(processFaults).toEqual([]);
      expect(observations.errorLogs).toEqual([]);
      expect(observations.suspicious).toEqual([]);
      expect([...observations.unreported.keys()].filter((n) => n !== ConnectionBrokenException.name)).toEqual(
        [],
      );
      expect(answers.undecodable).toBe(0);
      expect(answers.badClasses).toEqual([]);
      expect(sent).toBeGreaterThanOrEqual(target);
      // The server closes only by policy: 1007 after malformed frames, 1002 for a failed handshake.
      expect([...serverCloses.keys()].every((c) => c === CLOSE_MALFORMED || c === CLOSE_PROTOCOL_ERROR)).toBe(
        true,
      );
      expect(serverCloses.get(CLOSE_MALFORMED) ?? 0).toBeGreaterThan(100);
      expect(answers.malformedAnswers).toBeGreaterThan(500);
      expect(heapGrowth).toBeLessThan(HEAP_GROWTH_LIMIT);
    },
  );
});
