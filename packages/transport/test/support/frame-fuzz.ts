/**
 * Frame fuzzing for the peer robustness tests: a corpus of valid `RemoteMessage` frames of every kind (handshake,
 * control, cancel, every operation request with real serializer blobs as the remote facade writes them,
 * responses, errors), and a mutator that derives hostile frames from them at three levels:
 *
 * - **wire**: byte flips, truncations, inflated varint lengths, wrong wire types, spliced/duplicated fields,
 *   garbage and nesting bombs (most fail protobuf decoding);
 * - **message**: valid protobuf with odd content (blank strings, unknown enum values, extreme ids, missing or
 *   extra sub-messages, several envelopes at once);
 * - **blob**: valid protobuf whose serializer blobs (attributes, options, filters, tokens, the Base64 facade key…)
 *   are corrupted, so the serializer's defensive decoding runs behind the dispatcher.
 *
 * Test-only (not shipped).
 */
import { EventEmitter } from 'node:events';
import {
  AttributeBuilder,
  ConnectorObjectBuilder,
  EqualsFilter,
  FilterBuilder,
  GuardedString,
  int,
  type JavaInteger,
  long,
  Name,
  ObjectClass,
  OperationOptionsBuilder,
  ScriptContext,
  SyncToken,
  Uid,
} from '@rcskit/core';
import { RemoteConnectorFacade } from '../../src/facade/remote-connector-facade.js';
import { buildApiConfiguration } from '../../src/facade/remote-connector-info-manager.js';
import type { OperationRequest, OperationResponse } from '../../src/gen/OperationMessages_pb.js';
import {
  ControlRequest_InfoLevel,
  decodeRemoteMessage,
  encodeRemoteMessage,
  HandshakeMessage_ServerType,
  type RemoteMessage,
  type RemoteMessageInit,
} from '../../src/messages.js';
import { encodeBlob, encodeConnectorInfos } from '../../src/operations/blobs.js';
import { connectorObjectToProto } from '../../src/operations/codec.js';
import type { OutgoingRequest, RemoteChannel } from '../../src/peer/contract.js';
import { OPENICF_SUBPROTOCOL } from '../../src/peer/socket-connection.js';
import { memoryConnectorInfo } from './memory-connector.js';

export { prng } from './prng.js';

// ---------------------------------------------------------------------------------------------------------------
// Corpus

/** One valid frame of the corpus. */
export interface SeedFrame {
  readonly kind: string;
  readonly frame: Uint8Array;
  readonly message: RemoteMessage;
}

/** The memory connector's accounts the seed requests address (restored by the tests between rounds). */
export const SEED_ACCOUNTS = { alice: '1', bob: '2' } as const;

/** Records the requests a remote facade sends; every call then fails as if the connection had dropped. */
class CaptureChannel implements RemoteChannel {
  readonly peerSessionId = 'CAPTURE';
  readonly principal = 'anonymous';
  readonly socketCount = 1;
  readonly isOpen = true;
  readonly requests: OperationRequest[] = [];

  sendRequest(request: OperationRequest): OutgoingRequest {
    this.requests.push(request);
    const ended: AsyncIterator<OperationResponse> = {
      next: async () => ({ done: true, value: undefined }),
    };
    return {
      messageId: BigInt(this.requests.length),
      responses: { [Symbol.asyncIterator]: () => ended },
      complete() {},
      cancel() {},
    };
  }

  async requestConnectorInfos(): Promise<Uint8Array> {
    return encodeConnectorInfos([memoryConnectorInfo()]);
  }

  async close(): Promise<void> {}
}

/** The operation requests a real `RemoteConnectorFacade` sends for every API operation of the memory connector. */
async function capturedOperationRequests(): Promise<OperationRequest[]> {
  const channel = new CaptureChannel();
  const info = memoryConnectorInfo('1.0.0.0');
  const configuration = buildApiConfiguration(info, {
    configurationProperties: { host: 'fuzz-host', password: 'p', tags: ['a', 'b'] },
  });
  const facade = new RemoteConnectorFacade(channel, info, configuration, { locale: 'en_US' });
  const account = ObjectClass.ACCOUNT;
  const alice = new Uid(SEED_ACCOUNTS.alice);
  const attributes = [
    new Name('fuzz-user'),
    AttributeBuilder.build('mail', 'a@example.com', 'b@example.com'),
    AttributeBuilder.build('age', int(42)),
    AttributeBuilder.build('counter', long(1n << 40n)),
    AttributeBuilder.build('active', true),
    AttributeBuilder.build('photo', Uint8Array.of(1, 2, 3, 4, 5, 6)),
    AttributeBuilder.build(
      'address',
      new Map<string, string | JavaInteger>([
        ['street', 'Main'],
        ['zip', int(12345)],
      ]),
    ),
    AttributeBuilder.buildPassword(new GuardedString('secret')),
  ];
  const options = new OperationOptionsBuilder()
    .setAttributesToGet('__NAME__', 'mail', 'age')
    .setPageSize(5)
    .setOption('trace', true)
    .build();
  const filter = FilterBuilder.and(
    FilterBuilder.or(FilterBuilder.startsWith('__NAME__', 'al'), FilterBuilder.equalTo('age', int(42))),
    FilterBuilder.not(FilterBuilder.contains('mail', 'spam')),
  );
  const script = new ScriptContext(
    'Groovy',
    'return arguments',
    new Map<string, unknown>([
      ['x', int(1)],
      ['names', ['a', 'b']],
    ]),
  );
  const calls: Array<() => Promise<unknown>> = [
    () => facade.create(account, attributes, options),
    () => facade.update(account, alice, [AttributeBuilder.build('age', int(43))]),
    () => facade.addAttributeValues(account, alice, [AttributeBuilder.build('mail', 'c@example.com')]),
    () => facade.removeAttributeValues(account, alice, [AttributeBuilder.build('mail', 'a@example.com')]),
    () => facade.delete(account, new Uid(SEED_ACCOUNTS.bob, 'rev-1')),
    () => facade.getObject(account, alice, options),
    () => facade.search(account, filter, () => true, options),
    () => facade.search(account, new EqualsFilter(new Name('alice')), () => true),
    () => facade.search(account, null, () => true),
    () => facade.sync(account, new SyncToken(int(0)), () => true, options),
    () => facade.getLatestSyncToken(account),
    () => facade.schema(),
    () => facade.test(),
    () => facade.validate(),
    () => facade.authenticate(account, 'alice', new GuardedString('secret'), options),
    () => facade.resolveUsername(account, 'alice'),
    () => facade.runScriptOnConnector(script, options),
    () => facade.runScriptOnResource(script),
    () => facade.subscribeConnectorEvents(account, filter, () => true),
    () => facade.subscribeSyncEvents(account, new SyncToken('token-1'), () => true),
  ];
  for (const call of calls) await call().catch(() => {});
  return channel.requests;
}

/** Valid frames of every kind a peer may receive. */
export async function seedFrames(): Promise<SeedFrame[]> {
  const requests = await capturedOperationRequests();
  const base = requests[0]!;
  const inits: Array<[string, RemoteMessageInit]> = [
    [
      'handshake request',
      {
        messageId: 1n,
        request: {
          handshakeMessage: { sessionId: 'FUZZPEER', serverType: HandshakeMessage_ServerType.JAVA },
        },
      },
    ],
    [
      'handshake response',
      {
        messageId: 1n,
        response: { handshakeMessage: { sessionId: 'FUZZPEER', publicKey: Uint8Array.of(1) } },
      },
    ],
    [
      'control request',
      {
        messageId: 2n,
        request: {
          controlRequest: {
            infoLevel: [ControlRequest_InfoLevel.CONNECTOR_INFO, ControlRequest_InfoLevel.REQUESTS],
            localRequestId: [3n, 4n],
            remoteRequestId: [5n],
          },
        },
      },
    ],
    [
      'control response',
      {
        messageId: 1n,
        response: {
          controlResponse: {
            connectorInfos: encodeConnectorInfos([memoryConnectorInfo()]),
            contextInfoMap: [{ key: 'k', value: 'v' }],
            requestIds: [1n],
          },
        },
      },
    ],
    ['cancel', { messageId: 7n, request: { cancelOpRequest: {} } }],
    [
      'operation response',
      {
        messageId: 1n,
        response: {
          operationResponse: {
            searchOpResponse: {
              sequence: 1n,
              connectorObject: connectorObjectToProto(
                new ConnectorObjectBuilder().setUid('u1').setName('n1').addAttribute('age', int(1)).build(),
              ),
            },
          },
        },
      },
    ],
    [
      'error response',
      {
        messageId: 1n,
        response: {
          error: {
            exceptionClass: 'org.identityconnectors.framework.common.exceptions.UnknownUidException',
            message: 'gone',
            innerCause: { exceptionClass: 'java.lang.IllegalStateException', message: 'inner' },
            stackTrace: 'at somewhere',
          },
        },
      },
    ],
    [
      'configuration change event',
      {
        messageId: 0n,
        request: {
          operationRequest: {
            connectorKey: base.connectorKey,
            connectorFacadeKey: base.connectorFacadeKey,
            configurationChangeEvent: {
              configurationPropertyChange: encodeBlob([
                ...buildApiConfiguration(memoryConnectorInfo()).configurationProperties.properties,
              ]),
            },
          },
        },
      },
    ],
    [
      'batch request',
      {
        messageId: 8n,
        request: {
          operationRequest: {
            connectorKey: base.connectorKey,
            connectorFacadeKey: base.connectorFacadeKey,
            batchOpRequest: {
              tasks: [{ taskId: '0', deleteRequest: { objectClass: '__ACCOUNT__', uid: { value: '1' } } }],
            },
          },
        },
      },
    ],
    ['empty message', { messageId: 9n }],
  ];
  requests.forEach((request, i) => {
    inits.push([`operation #${i}`, { messageId: BigInt(10 + i), request: { operationRequest: request } }]);
  });
  return inits.map(([kind, init]) => {
    const frame = encodeRemoteMessage(init);
    return { kind, frame, message: decodeRemoteMessage(frame) };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Protobuf wire scanning

interface WireTag {
  /** Position of the tag varint. */
  readonly at: number;
  readonly end: number;
  readonly field: number;
  readonly wireType: number;
  /** For length-delimited fields: the length varint's span and the value's end. */
  readonly lengthAt?: number;
  readonly valueAt?: number;
  readonly valueEnd?: number;
}

function readVarint(buf: Uint8Array, at: number, end: number): [number, number] | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10 && at + i < end; i++) {
    const b = buf[at + i]!;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return [value, at + i + 1];
  }
  return undefined;
}

/** Every tag of a valid message, nested ones included (a bytes field that parses as a message counts too). */
function scanTags(buf: Uint8Array, start: number, end: number, out: WireTag[], depth = 0): boolean {
  let p = start;
  const local: WireTag[] = [];
  while (p < end) {
    const tag = readVarint(buf, p, end);
    if (tag === undefined) return false;
    const [key, afterTag] = tag;
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 0) return false;
    switch (wireType) {
      case 0: {
        const v = readVarint(buf, afterTag, end);
        if (v === undefined) return false;
        local.push({ at: p, end: afterTag, field, wireType });
        p = v[1];
        break;
      }
      case 1:
        if (afterTag + 8 > end) return false;
        local.push({ at: p, end: afterTag, field, wireType });
        p = afterTag + 8;
        break;
      case 5:
        if (afterTag + 4 > end) return false;
        local.push({ at: p, end: afterTag, field, wireType });
        p = afterTag + 4;
        break;
      case 2: {
        const length = readVarint(buf, afterTag, end);
        if (length === undefined || length[1] + length[0] > end) return false;
        const valueAt = length[1];
        const valueEnd = valueAt + length[0];
        local.push({ at: p, end: afterTag, field, wireType, lengthAt: afterTag, valueAt, valueEnd });
        if (depth < 16 && valueEnd > valueAt) {
          const nested: WireTag[] = [];
          if (scanTags(buf, valueAt, valueEnd, nested, depth + 1)) local.push(...nested);
        }
        p = valueEnd;
        break;
      }
      default:
        return false;
    }
  }
  out.push(...local);
  return true;
}

function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

function splice(buf: Uint8Array, at: number, end: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(buf.length - (end - at) + insert.length);
  out.set(buf.subarray(0, at), 0);
  out.set(insert, at);
  out.set(buf.subarray(end), at + insert.length);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

/** The mutation families, for statistics. */
export const MUTATIONS = [
  'flip',
  'truncate',
  'inflate-length',
  'wire-type',
  'blob',
  'facade-key',
  'field',
  'splice',
  'garbage',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

const BIG_INT32 = [0x7fffffff, 0x7ffffff0, 0x40000000, 0x00ffffff, -1, -0x80000000, 65536, 0];
const HUGE_VARINTS = [1n << 28n, (1n << 31n) - 1n, 1n << 31n, 1n << 32n, 1n << 35n, (1n << 63n) - 1n, -1n];
const STRUCTURAL = [0x3c, 0x3d, 0x3e, 0x46, 0x47, 0x48];
const BLOB_MAGIC = [0x00, 0x00, 0xfa, 0xfb];

function isBlob(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && BLOB_MAGIC.every((b, i) => bytes[i] === b);
}

type Slot = { holder: Record<string, unknown> | unknown[]; key: string | number; value: unknown };

/** Every field value of a decoded message (nested messages, repeated elements), for message-level mutations. */
function slots(node: unknown, out: Slot[], depth = 0): Slot[] {
  if (depth > 32 || node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    node.forEach((value, key) => {
      out.push({ holder: node, key, value });
      if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
        slots(value, out, depth + 1);
      }
    });
    return out;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === '$typeName' || key === '$unknown') continue;
    out.push({ holder: node as Record<string, unknown>, key, value });
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      slots(value, out, depth + 1);
    }
  }
  return out;
}

/** Derives hostile frames from a corpus; deterministic for a given PRNG. */
export class FrameMutator {
  readonly #seeds: readonly SeedFrame[];
  readonly #rnd: () => number;
  readonly #tags = new Map<Uint8Array, WireTag[]>();
  readonly #blobs: Uint8Array[];

  constructor(seeds: readonly SeedFrame[], rnd: () => number) {
    this.#seeds = seeds;
    this.#rnd = rnd;
    for (const seed of seeds) {
      const tags: WireTag[] = [];
      scanTags(seed.frame, 0, seed.frame.length, tags);
      this.#tags.set(seed.frame, tags);
    }
    this.#blobs = seeds.flatMap((s) =>
      slots(s.message, [])
        .map((slot) => slot.value)
        .filter((v): v is Uint8Array => v instanceof Uint8Array && isBlob(v)),
    );
  }

  #pick(n: number): number {
    return Math.floor(this.#rnd() * n);
  }

  #choose<T>(items: readonly T[]): T {
    return items[this.#pick(items.length)]!;
  }

  /** A random seed. */
  seed(): SeedFrame {
    return this.#choose(this.#seeds);
  }

  /** One mutated frame derived from `seed`. */
  mutate(
    seed: SeedFrame,
    mutation: Mutation = this.#choose(MUTATIONS),
  ): { frame: Uint8Array; mutation: Mutation } {
    return { frame: this.#apply(seed, mutation), mutation };
  }

  #apply(seed: SeedFrame, mutation: Mutation): Uint8Array {
    const frame = seed.frame;
    const tags = this.#tags.get(frame) ?? [];
    switch (mutation) {
      case 'flip': {
        const out = frame.slice();
        const flips = 1 + this.#pick(4);
        for (let i = 0; i < flips && out.length > 0; i++) {
          const at = this.#pick(out.length);
          out[at] = (out[at] ?? 0) ^ (1 + this.#pick(255));
        }
        return out;
      }
      case 'truncate': {
        // At a random byte, or right inside a field (after its tag or its length).
        if (tags.length > 0 && this.#rnd() < 0.5) {
          const tag = this.#choose(tags);
          return frame.slice(0, this.#rnd() < 0.5 ? tag.end : (tag.valueAt ?? tag.end) + 1);
        }
        return frame.slice(0, this.#pick(frame.length));
      }
      case 'inflate-length': {
        const delimited = tags.filter((t) => t.lengthAt !== undefined);
        if (delimited.length === 0) return frame.slice(0, frame.length - 1);
        const tag = this.#choose(delimited);
        const length = BigInt(tag.valueEnd! - tag.valueAt!);
        const inflated =
          this.#rnd() < 0.5 ? length + 1n + BigInt(this.#pick(64)) : this.#choose(HUGE_VARINTS);
        const bytes = varint(inflated);
        if (this.#rnd() < 0.1) bytes.push(0x80, 0x80); // over-long varint
        if (this.#rnd() < 0.1) bytes.splice(-1, 1, bytes.at(-1)! | 0x80); // unterminated varint
        return splice(frame, tag.lengthAt!, tag.valueAt!, bytes);
      }
      case 'wire-type': {
        if (tags.length === 0) return frame.slice(1);
        const tag = this.#choose(tags);
        let wireType = this.#pick(8);
        if (wireType === tag.wireType) wireType = (wireType + 1) % 8;
        const field = this.#rnd() < 0.2 ? this.#pick(40) : tag.field;
        return splice(frame, tag.at, tag.end, varint(BigInt(field * 8 + wireType)));
      }
      case 'blob':
        return this.#blobMutation(seed, false);
      case 'facade-key':
        return this.#blobMutation(seed, true);
      case 'field':
        return this.#fieldMutation(seed);
      case 'splice': {
        const other = this.seed().frame;
        switch (this.#pick(4)) {
          case 0: // two messages merged (protobuf concatenation): several envelopes, last scalar wins
            return concat(frame, other);
          case 1: // head of one, tail of another
            return concat(
              frame.subarray(0, this.#pick(frame.length + 1)),
              other.subarray(this.#pick(other.length)),
            );
          case 2: {
            // a field repeated
            if (tags.length === 0) return concat(frame, frame);
            const tag = this.#choose(tags);
            const fieldEnd = tag.valueEnd ?? Math.min(frame.length, tag.end + 8);
            return splice(frame, fieldEnd, fieldEnd, frame.subarray(tag.at, fieldEnd));
          }
          default: {
            // a field removed
            if (tags.length === 0) return frame.slice(1);
            const tag = this.#choose(tags);
            return splice(frame, tag.at, tag.valueEnd ?? tag.end, []);
          }
        }
      }
      case 'garbage':
        return this.#garbage();
    }
  }

  /** Corrupts one serializer blob (or the facade key's Base64 text) and re-encodes a valid frame around it. */
  #blobMutation(seed: SeedFrame, facadeKey: boolean): Uint8Array {
    const message = decodeRemoteMessage(seed.frame); // a fresh copy (faster than clone())
    const candidates = slots(message, []).filter((slot) =>
      facadeKey
        ? slot.key === 'connectorFacadeKey' && slot.value instanceof Uint8Array && slot.value.length > 0
        : slot.value instanceof Uint8Array && isBlob(slot.value),
    );
    if (candidates.length === 0) return this.#fieldMutation(seed);
    const slot = this.#choose(candidates);
    const bytes = slot.value as Uint8Array;
    let mutated: Uint8Array;
    if (facadeKey) {
      const text = new TextDecoder().decode(bytes);
      if (this.#rnd() < 0.15) {
        // Not Base64 at all, or Base64 of garbage.
        const junk = ['', ' ', '!!!', 'AAAA', '====', text.slice(0, this.#pick(text.length))];
        mutated = new TextEncoder().encode(this.#choose(junk));
      } else {
        const blob = Buffer.from(text, 'base64');
        mutated = new TextEncoder().encode(Buffer.from(this.#corruptBlob(blob)).toString('base64'));
      }
    } else {
      mutated = this.#corruptBlob(bytes);
    }
    (slot.holder as Record<string | number, unknown>)[slot.key] = mutated;
    return encodeRemoteMessage(message);
  }

  #corruptBlob(blob: Uint8Array): Uint8Array {
    const out = blob.slice();
    const view = new DataView(out.buffer);
    switch (this.#pick(7)) {
      case 0: {
        const flips = 1 + this.#pick(3);
        for (let i = 0; i < flips; i++) out[8 + this.#pick(out.length - 8)] = this.#pick(256);
        return out;
      }
      case 1:
        return out.slice(0, this.#pick(out.length));
      case 2: {
        // An inflated int32 length/count/code after a structural byte.
        const at = [...out.keys()].filter((i) => STRUCTURAL.includes(out[i]!) && i + 5 <= out.length);
        const where = at.length > 0 ? this.#choose(at) + 1 : 8;
        if (where + 4 <= out.length) view.setInt32(where, this.#choose(BIG_INT32));
        return out;
      }
      case 3: {
        // Structural byte confusion.
        const at = [...out.keys()].filter((i) => STRUCTURAL.includes(out[i]!));
        if (at.length > 0) out[this.#choose(at)] = this.#choose(STRUCTURAL);
        return out;
      }
      case 4: {
        // Pool damage: count or a name length.
        view.setInt32(8, this.#rnd() < 0.5 ? this.#choose(BIG_INT32) : this.#pick(64));
        return out;
      }
      case 5: {
        // Another blob in its place (a valid object of the wrong type).
        return this.#choose(this.#blobs).slice();
      }
      default: {
        // Bytes inserted or removed.
        const at = 8 + this.#pick(out.length - 8);
        if (this.#rnd() < 0.5) return splice(out, at, at, [this.#pick(256), this.#pick(256)]);
        return splice(out, at, Math.min(out.length, at + 1 + this.#pick(6)), []);
      }
    }
  }

  /** Valid protobuf with odd content: one field of the decoded message replaced, removed or duplicated. */
  #fieldMutation(seed: SeedFrame): Uint8Array {
    const message = decodeRemoteMessage(seed.frame); // a fresh copy (faster than clone())
    const all = slots(message, []);
    if (this.#rnd() < 0.15) {
      // Several envelopes at once, or the other direction's envelope.
      const copy = decodeRemoteMessage(this.seed().frame);
      if (copy.request !== undefined) message.request = copy.request;
      if (copy.response !== undefined) message.response = copy.response;
    } else if (all.length > 0) {
      const slot = this.#choose(all);
      const holder = slot.holder as Record<string | number, unknown>;
      const value = slot.value;
      if (typeof value === 'string') {
        holder[slot.key] = this.#choose([
          '',
          ' ',
          '\u00a0',
          '__ACCOUNT__',
          'x'.repeat(2000),
          '\ud800',
          'null',
        ]);
      } else if (typeof value === 'number') {
        holder[slot.key] = this.#choose([-1, 0, 1, 2, 3, 99, 0x7fffffff, -0x80000000]);
      } else if (typeof value === 'bigint') {
        holder[slot.key] = this.#choose([0n, 1n, 2n, -1n, (1n << 63n) - 1n, -(1n << 63n)]);
      } else if (typeof value === 'boolean') {
        holder[slot.key] = !value;
      } else if (value instanceof Uint8Array) {
        holder[slot.key] = this.#choose([
          new Uint8Array(0),
          this.#choose(this.#blobs),
          Uint8Array.of(0, 0, 0xfa),
        ]);
      } else if (Array.isArray(value)) {
        holder[slot.key] = this.#rnd() < 0.5 ? [] : [...value, ...value];
      } else if (Array.isArray(holder)) {
        holder.splice(Number(slot.key), 1);
      } else {
        holder[slot.key] = undefined;
      }
    }
    try {
      return encodeRemoteMessage(message);
    } catch {
      return seed.frame.slice(0, seed.frame.length - 1);
    }
  }

  #garbage(): Uint8Array {
    switch (this.#pick(6)) {
      case 0:
        return new Uint8Array(0);
      case 1: {
        const out = new Uint8Array(1 + this.#pick(256));
        for (let i = 0; i < out.length; i++) out[i] = this.#pick(256);
        return out;
      }
      case 2:
        // Deeply nested ExceptionMessage.innerCause (recursion in the protobuf decoder).
        return nestedInnerCauses(this.#choose([100, 1000, 20_000]));
      case 3: {
        // Unknown field with nested groups (start-group tags, wire type 3).
        const depth = this.#choose([10, 1000, 50_000]);
        const out = new Uint8Array(depth * 2);
        for (let i = 0; i < depth; i++) out[i] = 0x7b; // field 15, start group
        for (let i = 0; i < depth; i++) out[depth + i] = 0x7c; // field 15, end group
        return out;
      }
      case 4:
        // Many repeated ids in a ControlRequest (packed), valid.
        return manyRequestIds(this.#choose([100, 2000]));
      default: {
        // A random valid-looking tag soup.
        const out: number[] = [];
        const n = 1 + this.#pick(20);
        for (let i = 0; i < n; i++) {
          out.push(...varint(BigInt((1 + this.#pick(25)) * 8 + this.#pick(6))));
          out.push(...varint(BigInt(this.#pick(300))));
        }
        return Uint8Array.from(out);
      }
    }
  }
}

const nestedCache = new Map<number, Uint8Array>();

/** `response{error{innerCause{cause{cause{…}}}}}` nested `depth` levels deep, every length consistent. */
function nestedInnerCauses(depth: number): Uint8Array {
  const cached = nestedCache.get(depth);
  if (cached !== undefined) return cached;
  // Built inside out: each level is the tag of field 3 (length-delimited) + the length of what it wraps.
  const prefixes: number[][] = [];
  let length = 0;
  for (let i = 0; i < depth; i++) {
    const prefix = [0x1a, ...varint(BigInt(length))];
    prefixes.push(prefix);
    length += prefix.length;
  }
  const error = [0x22, ...varint(BigInt(length))];
  const response = [0x1a, ...varint(BigInt(length + error.length))];
  const out = Uint8Array.from([0x08, 0x01, ...response, ...error, ...prefixes.reverse().flat()]);
  nestedCache.set(depth, out);
  return out;
}

const idsCache = new Map<number, Uint8Array>();

/** `request{controlRequest{localRequestId: [1 … count]}}`. */
function manyRequestIds(count: number): Uint8Array {
  const cached = idsCache.get(count);
  if (cached !== undefined) return cached;
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(...varint(BigInt(i + 1)));
  const control = [0x12, ...varint(BigInt(ids.length)), ...ids];
  const request = [0x12, ...varint(BigInt(control.length)), ...control];
  const out = Uint8Array.from([0x08, 0x05, 0x12, ...varint(BigInt(request.length)), ...request]);
  idsCache.set(count, out);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// An in-process WebSocket

/**
 * The part of a `ws` WebSocket that `SocketConnection` uses, in memory: `receive()` delivers a binary frame as
 * `ws` would (also while closing: `ws` keeps emitting messages until the peer's close frame arrives), and every
 * frame the connection sends goes to `onFrame`.
 */
export class FakeWebSocket extends EventEmitter {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readonly protocol = OPENICF_SUBPROTOCOL;
  readyState = 1;
  /** The code of the first close or terminate call. */
  closeCode: number | undefined;
  readonly #onFrame: (frame: Uint8Array) => void;

  constructor(onFrame: (frame: Uint8Array) => void) {
    super();
    this.#onFrame = onFrame;
  }

  receive(frame: Uint8Array): void {
    if (this.readyState === this.CLOSED) return;
    this.emit('message', Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), true);
  }

  send(data: Uint8Array, _options: unknown, callback?: (error?: Error) => void): void {
    if (this.readyState !== this.OPEN) {
      queueMicrotask(() => callback?.(new Error('WebSocket is not open')));
      return;
    }
    this.#onFrame(data);
    queueMicrotask(() => callback?.());
  }

  ping(): void {}

  close(code = 1005, reason = ''): void {
    if (this.readyState !== this.OPEN) return;
    this.readyState = this.CLOSING;
    this.closeCode = code;
    setImmediate(() => this.#closed(code, reason));
  }

  terminate(): void {
    if (this.readyState === this.CLOSED) return;
    this.readyState = this.CLOSING;
    this.closeCode ??= 1006;
    setImmediate(() => this.#closed(1006, ''));
  }

  #closed(code: number, reason: string): void {
    if (this.readyState === this.CLOSED) return;
    this.readyState = this.CLOSED;
    this.emit('close', code, Buffer.from(reason));
  }
}
