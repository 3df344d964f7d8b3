/**
 * Tools for conformance tests against recordings of other OpenICF peers (`docs/interop.md`):
 *
 * - {@link parseTranscript} reads a frame transcript in JSON lines (one record per line: an HTTP head, one
 *   WebSocket message as hex, or a TCP event; both directions of every connection on one timeline);
 * - {@link sendRawHttp} sends bytes exactly as given over a plain or TLS socket and returns the HTTP head that
 *   comes back, so a recorded upgrade request can be replayed byte for byte;
 * - {@link messageShape} reduces a {@link RemoteMessage} to what two peers' answers must share: its kind (the
 *   path of set envelope fields) and the paths of every field present, without values.
 *
 * @packageDocumentation
 */
import { connect as connectTcp } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import { toJson } from '@bufbuild/protobuf';
import { type RemoteMessage, RemoteMessageSchema } from '../gen/RPCMessages_pb.js';
import { decodeRemoteMessage } from '../messages.js';

/** Client → server or server → client. */
export type TranscriptDirection = 'c2s' | 's2c';

/** One line of a transcript. */
export interface TranscriptRecord {
  /** TCP connection number, in accept order. */
  readonly conn: number;
  readonly dir: TranscriptDirection;
  /** A raw HTTP head (upgrade request or answer), CRLFs kept. */
  readonly http?: string;
  /** WebSocket opcode of a message record. */
  readonly opcode?: number;
  /** The message payload as hex (client frames already unmasked). */
  readonly hex?: string;
  /** A TCP event (`end`, `error …`). */
  readonly event?: string;
}

/** Parses a transcript in JSON lines; blank lines are skipped. */
export function parseTranscript(text: string): TranscriptRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const record = JSON.parse(line) as TranscriptRecord;
      if (typeof record.conn !== 'number' || (record.dir !== 'c2s' && record.dir !== 's2c')) {
        throw new SyntaxError(`transcript line ${index + 1} has no conn/dir`);
      }
      return record;
    });
}

/** The binary messages of a transcript, decoded, with their connection and direction. */
export function transcriptMessages(
  records: readonly TranscriptRecord[],
): { conn: number; dir: TranscriptDirection; message: RemoteMessage; bytes: Uint8Array }[] {
  return records
    .filter((r) => r.opcode === 2 && r.hex !== undefined)
    .map((r) => {
      const bytes = new Uint8Array(Buffer.from(r.hex as string, 'hex'));
      return { conn: r.conn, dir: r.dir, message: decodeRemoteMessage(bytes), bytes };
    });
}

/** The HTTP head a server answered with. */
export interface RawHttpAnswer {
  /** Status code of the first line. */
  readonly status: number;
  /** The first line, e.g. `HTTP/1.1 101 Switching Protocols`. */
  readonly statusLine: string;
  /** Header lines as received (name and value split at the first colon, value trimmed). */
  readonly headers: readonly (readonly [string, string])[];
  /** The whole head, CRLFs kept. */
  readonly head: string;
}

/** Values of one header (any case) in an answer. */
export function headerValues(answer: RawHttpAnswer, name: string): string[] {
  const lower = name.toLowerCase();
  return answer.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** Settings of {@link sendRawHttp}. */
export interface RawHttpOptions {
  readonly host?: string;
  readonly port: number;
  /** Connect with TLS (these options) instead of plain TCP. */
  readonly tls?: ConnectionOptions;
  /** Give up after this long. Default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Sends `bytes` as they are and resolves with the HTTP head of the answer, then closes the socket. Rejects when
 * the server closes before a complete head or nothing comes in time.
 */
export function sendRawHttp(bytes: Uint8Array | string, options: RawHttpOptions): Promise<RawHttpAnswer> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const socket =
      options.tls !== undefined
        ? connectTls({ host, port: options.port, ...options.tls })
        : connectTcp({ host, port: options.port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (error: Error | undefined, answer?: RawHttpAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error !== undefined) reject(error);
      else resolve(answer as RawHttpAnswer);
    };
    const timer = setTimeout(
      () => finish(new Error(`no HTTP answer from ${host}:${options.port} in time`)),
      options.timeoutMs ?? 10_000,
    );
    socket.once(options.tls !== undefined ? 'secureConnect' : 'connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = received.subarray(0, end + 4).toString('latin1');
      const [statusLine = '', ...lines] = head.slice(0, -4).split('\r\n');
      const headers = lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trim()] as const;
      });
      finish(undefined, { status: Number(statusLine.split(' ')[1]), statusLine, headers, head });
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error(`connection closed before an HTTP answer: ${received}`)));
  });
}

/** What {@link messageShape} returns. */
export interface MessageShape {
  /** Envelope path, e.g. `response.operationResponse.searchOpResponse.connectorObject`. */
  readonly kind: string;
  /** Paths of every field present (repeated fields once, without index), sorted. */
  readonly fields: readonly string[];
}

const ENVELOPES = new Set(['request', 'response', 'operationRequest', 'operationResponse']);
/** Fields of an operation request shared by every operation (they carry no kind). */
const OPERATION_COMMON = new Set(['connectorKey', 'connectorFacadeKey', 'locale']);
/** Streamed responses: the part that is set tells the kind (`connectorObject`, `result`, `syncDelta`, …). */
const STREAMED = new Set([
  'searchOpResponse',
  'syncOpResponse',
  'sync',
  'connectorEventResponse',
  'syncEventResponse',
]);

function fieldPaths(value: unknown, prefix: string, out: Set<string>): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') fieldPaths(item, prefix, out);
    }
    return;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.add(path);
    fieldPaths(child, path, out);
  }
}

function kindOf(json: Record<string, unknown>): string {
  const parts: string[] = [];
  let node: unknown = json;
  for (;;) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node as Record<string, unknown>).filter(
      (k) => k !== 'messageId' && !OPERATION_COMMON.has(k) && k !== 'sequence',
    );
    const next = keys.find((k) => ENVELOPES.has(k) || STREAMED.has(k)) ?? keys[0];
    if (next === undefined) break;
    parts.push(next);
    const child = (node as Record<string, unknown>)[next];
    if (!ENVELOPES.has(next) && !STREAMED.has(next) && parts.length > 1) break;
    node = child;
  }
  return parts.join('.');
}

/** The kind and field paths of a message (see the module notes). */
export function messageShape(message: RemoteMessage): MessageShape {
  const json = toJson(RemoteMessageSchema, message) as Record<string, unknown>;
  const fields = new Set<string>();
  fieldPaths(json, '', fields);
  return { kind: kindOf(json), fields: [...fields].sort() };
}

/** Every non-empty `bytes` field of a message, with its path (e.g. `response.controlResponse.connectorInfos`). */
export function blobFields(message: RemoteMessage): { path: string; bytes: Uint8Array }[] {
  const out: { path: string; bytes: Uint8Array }[] = [];
  const walk = (value: unknown, path: string) => {
    if (value instanceof Uint8Array) {
      if (value.byteLength > 0) out.push({ path, bytes: value });
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) walk(item, path);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key !== '$typeName' && key !== '$unknown') walk(child, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(message, '');
  return out;
}
