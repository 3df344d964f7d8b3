import { create, equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  ControlRequest_InfoLevel,
  decodeRemoteMessage,
  encodeRemoteMessage,
  HandshakeMessage_ServerType,
  MalformedFrameError,
  OperationRequestSchema,
  OperationResponseSchema,
  optionalBlob,
  optionalString,
  PingMessageSchema,
  type RemoteMessage,
  type RemoteMessageInit,
  RemoteMessageSchema,
  SearchResult_CountPolicy,
  SearchResultSchema,
  SyncDelta_SyncDeltaType,
  UpdateOpRequest_UpdateType,
} from '../src/index.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Tag of a length-delimited field (wire type 2), varint-encoded, computed from the spec's field number. */
function lenTag(fieldNumber: number): number[] {
  let v = (fieldNumber << 3) | 2;
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** Encodes, decodes, and checks the result equals the input; returns the bytes. */
function roundTrip(init: RemoteMessageInit): { wire: Uint8Array; decoded: RemoteMessage } {
  const original = create(RemoteMessageSchema, init);
  const wire = encodeRemoteMessage(original);
  const decoded = decodeRemoteMessage(wire);
  expect(equals(RemoteMessageSchema, decoded, original)).toBe(true);
  // Re-encoding the decoded message gives the same bytes.
  expect(hex(encodeRemoteMessage(decoded))).toBe(hex(wire));
  return { wire, decoded };
}

describe('round trips of every top-level message kind', () => {
  it('handshake request and response', () => {
    const handshake = {
      sessionId: '0123456789ABCDEF0123456789ABCDEF01234567',
      serverType: HandshakeMessage_ServerType.JAVA,
      publicKey: Uint8Array.of(0x30, 0x81, 0x9b),
    };
    const req = roundTrip({ request: { handshakeMessage: handshake } }).decoded;
    expect(req.messageId).toBe(0n);
    expect(req.request?.handshakeMessage?.sessionId).toBe(handshake.sessionId);
    expect(req.response).toBeUndefined();
    const res = roundTrip({ response: { handshakeMessage: { ...handshake, serverType: 2 } } }).decoded;
    expect(res.response?.handshakeMessage?.serverType).toBe(HandshakeMessage_ServerType.DOTNET);
  });

  it('control request and control response', () => {
    const req = roundTrip({
      messageId: 1n,
      request: {
        controlRequest: {
          infoLevel: [ControlRequest_InfoLevel.CONNECTOR_INFO],
          localRequestId: [3n, 9n],
          remoteRequestId: [1n, 2n, 2n ** 40n],
        },
      },
    }).decoded;
    expect(req.request?.controlRequest?.infoLevel).toEqual([ControlRequest_InfoLevel.CONNECTOR_INFO]);
    expect(req.request?.controlRequest?.remoteRequestId).toEqual([1n, 2n, 2n ** 40n]);
    const res = roundTrip({
      messageId: 1n,
      response: {
        controlResponse: {
          connectorInfos: Uint8Array.of(0xca, 0xfe),
          contextInfoMap: [{ key: 'k', value: 'v' }],
          requestIds: [5n],
        },
      },
    }).decoded;
    expect(Array.from(res.response!.controlResponse!.connectorInfos)).toEqual([0xca, 0xfe]);
  });

  it('operation request (create) and operation response (create)', () => {
    const req = roundTrip({
      messageId: 42n,
      request: {
        operationRequest: {
          connectorKey: {
            bundleName: 'org.forgerock.openicf.connectors.csvfile-connector',
            bundleVersion: '1.5.2.0',
            connectorName: 'org.forgerock.openicf.csvfile.CSVFileConnector',
          },
          connectorFacadeKey: utf8('AAAAAQ=='),
          locale: { language: 'en', country: 'US' },
          createOpRequest: {
            objectClass: '__ACCOUNT__',
            createAttributes: Uint8Array.of(1, 2, 3),
            options: Uint8Array.of(4),
          },
        },
      },
    }).decoded;
    expect(req.request?.operationRequest?.createOpRequest?.objectClass).toBe('__ACCOUNT__');
    const res = roundTrip({
      messageId: 42n,
      response: { operationResponse: { createOpResponse: { uid: { value: 'u1', revision: 'r1' } } } },
    }).decoded;
    expect(res.response?.operationResponse?.createOpResponse?.uid?.value).toBe('u1');
  });

  it('other operation requests and responses', () => {
    roundTrip({
      messageId: 2n,
      request: {
        operationRequest: {
          updateOpRequest: {
            objectClass: '__GROUP__',
            uid: { value: 'g' },
            updateType: UpdateOpRequest_UpdateType.REMOVE,
            replaceAttributes: Uint8Array.of(9),
          },
        },
      },
    });
    roundTrip({
      messageId: 3n,
      request: {
        operationRequest: {
          syncOpRequest: { sync: { objectClass: '__ALL__', token: { value: Uint8Array.of(7) } } },
        },
      },
    });
    roundTrip({
      messageId: 3n,
      response: {
        operationResponse: {
          syncOpResponse: {
            sync: {
              sequence: 1n,
              syncDelta: {
                token: { value: Uint8Array.of(8) },
                deltaType: SyncDelta_SyncDeltaType.DELETE,
                uid: { value: 'x' },
              },
            },
          },
        },
      },
    });
    roundTrip({
      messageId: 4n,
      response: {
        operationResponse: {
          searchOpResponse: {
            sequence: 2n,
            result: {
              pagedResultsCookie: 'c',
              totalPagedResultsPolicy: SearchResult_CountPolicy.EXACT,
              totalPagedResults: -1,
              remainingPagedResults: -1,
            },
          },
        },
      },
    });
    roundTrip({
      messageId: 5n,
      request: {
        operationRequest: {
          batchOpRequest: {
            tasks: [
              { taskId: '0', createRequest: { objectClass: '__ACCOUNT__' } },
              {
                taskId: '1',
                deleteRequest: { objectClass: '__ACCOUNT__', uid: { value: 'a', revision: '0' } },
              },
            ],
          },
        },
      },
    });
    roundTrip({
      messageId: 5n,
      response: { operationResponse: { batchOpResult: { taskId: '1', complete: true, emptyResult: {} } } },
    });
  });

  it('exception message with a cause chain', () => {
    const { decoded } = roundTrip({
      messageId: 7n,
      response: {
        error: {
          exceptionClass: 'org.identityconnectors.framework.common.exceptions.UnknownUidException',
          message: 'no such uid',
          innerCause: {
            exceptionClass: 'java.lang.RuntimeException',
            message: 'outer cause',
            cause: { exceptionClass: 'java.io.IOException' },
          },
          stackTrace: 'at somewhere',
        },
      },
    });
    expect(decoded.response?.error?.innerCause?.cause?.exceptionClass).toBe('java.io.IOException');
    expect(decoded.response?.error?.innerCause?.cause?.cause).toBeUndefined();
  });

  it('cancel request', () => {
    const { decoded } = roundTrip({ messageId: 9n, request: { cancelOpRequest: {} } });
    expect(decoded.request?.cancelOpRequest).toBeDefined();
  });

  it('ping message is an empty payload (fits a WebSocket ping/pong frame)', () => {
    const ping = toBinary(PingMessageSchema, create(PingMessageSchema));
    expect(ping.byteLength).toBe(0);
    expect(fromBinary(PingMessageSchema, ping).$typeName).toBe(
      'org.forgerock.openicf.common.protobuf.PingMessage',
    );
  });

  it('accepts a plain init object and an ArrayBuffer', () => {
    const wire = encodeRemoteMessage({ messageId: 11n, request: { cancelOpRequest: {} } });
    const ab = wire.buffer.slice(wire.byteOffset, wire.byteOffset + wire.byteLength) as ArrayBuffer;
    expect(decodeRemoteMessage(ab).messageId).toBe(11n);
  });
});

describe('hand-computed wire bytes (field numbers of spec §3.3-§3.5)', () => {
  it('handshake request: RemoteMessage.request=2 / RPCRequest.handshakeMessage=1 / sessionId=1', () => {
    const wire = encodeRemoteMessage({ request: { handshakeMessage: { sessionId: 'AB' } } });
    // messageId 0 and default serverType/publicKey are not written.
    expect(hex(wire)).toBe('1206' + '0a04' + '0a024142');
  });

  it('handshake fields serverType=2 (varint) and publicKey=3 (bytes)', () => {
    const wire = encodeRemoteMessage({
      response: {
        handshakeMessage: {
          sessionId: 'A',
          serverType: HandshakeMessage_ServerType.DOTNET,
          publicKey: Uint8Array.of(0xee),
        },
      },
    });
    // RemoteMessage.response = 3 (0x1a); handshake = 1; sessionId 0x0a, serverType 0x10, publicKey 0x1a.
    expect(hex(wire)).toBe('1a0a' + '0a08' + '0a0141' + '1002' + '1a01ee');
  });

  it('control request: messageId=1, controlRequest=2, packed infoLevel=1 (CONNECTOR_INFO=0 still written), ids 2/3', () => {
    const wire = encodeRemoteMessage({
      messageId: 3n,
      request: { controlRequest: { infoLevel: [0], localRequestId: [5n], remoteRequestId: [300n] } },
    });
    expect(hex(wire)).toBe('0803' + '120c' + '120a' + '0a0100' + '120105' + '1a02ac02');
  });

  it('control response: response=3, controlResponse=2, connectorInfos=2', () => {
    const wire = encodeRemoteMessage({
      messageId: 3n,
      response: { controlResponse: { connectorInfos: Uint8Array.of(1, 2, 3) } },
    });
    expect(hex(wire)).toBe('0803' + '1a07' + '1205' + '1203010203');
  });

  it('error response: RPCResponse.error=4, ExceptionMessage 1/2/3/4, InnerCause.cause=3', () => {
    const wire = encodeRemoteMessage({
      messageId: 2n,
      response: {
        error: {
          exceptionClass: 'X',
          message: 'm',
          innerCause: { exceptionClass: 'Y', cause: {} },
          stackTrace: 's',
        },
      },
    });
    // innerCause: 0a0159 (class) + 1a00 (empty cause, still written) = 5 bytes
    expect(hex(wire)).toBe(
      '0802' + '1a12' + '2210' + '0a0158' + '12016d' + '1a05' + '0a0159' + '1a00' + '220173',
    );
  });

  it('create operation request: operationRequest=3 with connectorKey=1, facadeKey=2, locale=3, createOpRequest=5', () => {
    const wire = encodeRemoteMessage({
      messageId: 5n,
      request: {
        operationRequest: {
          connectorKey: { bundleName: 'b', bundleVersion: '1', connectorName: 'C' },
          connectorFacadeKey: utf8('K'),
          locale: { language: 'en' },
          createOpRequest: {
            objectClass: '__ACCOUNT__',
            createAttributes: Uint8Array.of(0xaa),
            options: new Uint8Array(0),
          },
        },
      },
    });
    const connectorKey = bytes(
      [0x0a, 0x09],
      [0x0a, 0x01],
      utf8('b'),
      [0x12, 0x01],
      utf8('1'),
      [0x1a, 0x01],
      utf8('C'),
    );
    const facadeKey = bytes([0x12, 0x01], utf8('K'));
    const locale = bytes([0x1a, 0x04, 0x0a, 0x02], utf8('en'));
    // options is empty, so it is not written at all.
    const create = bytes([0x2a, 0x10, 0x0a, 0x0b], utf8('__ACCOUNT__'), [0x12, 0x01, 0xaa]);
    const opRequest = bytes(connectorKey, facadeKey, locale, create);
    expect(opRequest.byteLength).toBe(38);
    const expected = bytes([0x08, 0x05, 0x12, 40, 0x1a, 38], opRequest);
    expect(hex(wire)).toBe(hex(expected));
  });

  it('update request: updateType=3 as varint (ADD=1), replaceAttributes=4, options=5', () => {
    const wire = toBinary(
      OperationRequestSchema,
      create(OperationRequestSchema, {
        updateOpRequest: {
          objectClass: 'o',
          uid: { value: 'u', revision: 'r' },
          updateType: UpdateOpRequest_UpdateType.ADD,
          replaceAttributes: Uint8Array.of(0xbb),
          options: Uint8Array.of(0xcc),
        },
      }),
    );
    // updateOpRequest = 17 -> tag 0x8a 0x01; uid = 2 with value 1 / revision 2.
    expect(hex(wire)).toBe(
      '8a01' + '13' + '0a016f' + '1206' + '0a0175' + '120172' + '1801' + '2201bb' + '2a01cc',
    );
  });

  it('negative int32 (SearchResult.totalPagedResults = -1) is a 10-byte varint', () => {
    const wire = toBinary(SearchResultSchema, create(SearchResultSchema, { totalPagedResults: -1 }));
    expect(hex(wire)).toBe('18' + 'ffffffffffffffffff01');
  });

  it('search stream item: searchOpResponse=10 with sequence=1 and connectorObject=3 (objectClass 1, attributes 2)', () => {
    const wire = toBinary(
      OperationResponseSchema,
      create(OperationResponseSchema, {
        searchOpResponse: {
          sequence: 1n,
          connectorObject: { objectClass: 'c', attributes: Uint8Array.of(1) },
        },
      }),
    );
    expect(hex(wire)).toBe('520a' + '0801' + '1a06' + '0a0163' + '120101');
  });

  it('sync delta fields 1..6', () => {
    const wire = toBinary(
      OperationResponseSchema,
      create(OperationResponseSchema, {
        syncEventSubscriptionOpResponse: {
          syncDelta: {
            token: { value: Uint8Array.of(1) },
            deltaType: SyncDelta_SyncDeltaType.UPDATE,
            previousUid: { value: 'p' },
            objectClass: 'o',
            uid: { value: 'u' },
            connectorObject: Uint8Array.of(2),
          },
          completed: true,
        },
      }),
    );
    // syncEventSubscriptionOpResponse = 12 (0x62): syncDelta = 1, completed = 2.
    const delta = '0a030a0101' + '1003' + '1a030a0170' + '22016f' + '2a030a0175' + '320102';
    expect(hex(wire)).toBe('621b' + '0a17' + delta + '1001');
  });
});

describe('set-but-empty sub-messages are written (spec §3.2)', () => {
  it('empty handshake still produces the handshakeMessage tag', () => {
    expect(hex(encodeRemoteMessage({ request: { handshakeMessage: {} } }))).toBe('1202' + '0a00');
    expect(hex(encodeRemoteMessage({ response: { handshakeMessage: {} } }))).toBe('1a02' + '0a00');
  });

  it('empty ControlRequest / ControlResponse still produce their tags', () => {
    expect(hex(encodeRemoteMessage({ messageId: 1n, request: { controlRequest: {} } }))).toBe(
      '0801' + '1202' + '1200',
    );
    expect(hex(encodeRemoteMessage({ messageId: 1n, response: { controlResponse: {} } }))).toBe(
      '0801' + '1a02' + '1200',
    );
  });

  it('CancelOpRequest{} and DeleteOpResponse{}', () => {
    expect(hex(encodeRemoteMessage({ messageId: 7n, request: { cancelOpRequest: {} } }))).toBe(
      '0807' + '1202' + '2200',
    );
    expect(
      hex(encodeRemoteMessage({ messageId: 4n, response: { operationResponse: { deleteOpResponse: {} } } })),
    ).toBe('0804' + '1a04' + '1a02' + '2200');
  });

  it('even an empty RPCRequest / RPCResponse is written', () => {
    expect(hex(encodeRemoteMessage({ request: {} }))).toBe('1200');
    expect(hex(encodeRemoteMessage({ response: {} }))).toBe('1a00');
    expect(encodeRemoteMessage({}).byteLength).toBe(0);
  });

  it('SyncOpResponse.LatestSyncToken{} without token, event-subscription confirmations', () => {
    const enc = (init: Parameters<typeof create<typeof OperationResponseSchema>>[1]) =>
      hex(toBinary(OperationResponseSchema, create(OperationResponseSchema, init)));
    expect(enc({ syncOpResponse: { latestSyncToken: {} } })).toBe('5a02' + '1200');
    expect(enc({ connectorEventSubscriptionOpResponse: {} })).toBe('1a00');
    expect(enc({ syncEventSubscriptionOpResponse: {} })).toBe('6200');
  });

  // Every operation sub-message of OperationRequest/OperationResponse, set to {}, must appear as
  // <tag of the spec's field number> 00. Field numbers typed in from the spec tables.
  const requestFields: [string, number][] = [
    ['authenticateOpRequest', 4],
    ['createOpRequest', 5],
    ['connectorEventSubscriptionOpRequest', 6],
    ['deleteOpRequest', 7],
    ['getOpRequest', 8],
    ['resolveUsernameOpRequest', 9],
    ['schemaOpRequest', 10],
    ['scriptOnConnectorOpRequest', 11],
    ['scriptOnResourceOpRequest', 12],
    ['searchOpRequest', 13],
    ['syncOpRequest', 14],
    ['syncEventSubscriptionOpRequest', 15],
    ['testOpRequest', 16],
    ['updateOpRequest', 17],
    ['ValidateOpRequest', 18],
    ['configurationChangeEvent', 19],
    ['batchOpRequest', 20],
  ];
  it.each(requestFields)('OperationRequest.%s = %i written when empty', (field, number) => {
    const msg = create(OperationRequestSchema, { [field]: {} });
    expect(Array.from(toBinary(OperationRequestSchema, msg))).toEqual([...lenTag(number), 0]);
  });

  const responseFields: [string, number][] = [
    ['authenticateOpResponse', 1],
    ['createOpResponse', 2],
    ['connectorEventSubscriptionOpResponse', 3],
    ['deleteOpResponse', 4],
    ['GetOpResponse', 5],
    ['resolveUsernameOpResponse', 6],
    ['schemaOpResponse', 7],
    ['scriptOnConnectorOpResponse', 8],
    ['scriptOnResourceOpResponse', 9],
    ['searchOpResponse', 10],
    ['syncOpResponse', 11],
    ['syncEventSubscriptionOpResponse', 12],
    ['testOpResponse', 13],
    ['updateOpResponse', 14],
    ['validateOpResponse', 15],
    ['batchOpResult', 16],
  ];
  it.each(responseFields)('OperationResponse.%s = %i written when empty', (field, number) => {
    const msg = create(OperationResponseSchema, { [field]: {} });
    expect(Array.from(toBinary(OperationResponseSchema, msg))).toEqual([...lenTag(number), 0]);
  });

  it('an empty sub-message survives decoding as "set"', () => {
    const decoded = decodeRemoteMessage(Uint8Array.of(0x08, 0x04, 0x1a, 0x04, 0x1a, 0x02, 0x22, 0x00));
    expect(decoded.messageId).toBe(4n);
    expect(decoded.response?.operationResponse?.deleteOpResponse).toBeDefined();
    expect(decoded.response?.operationResponse?.createOpResponse).toBeUndefined();
    expect(decoded.request).toBeUndefined();
  });
});

describe('empty bytes and blank strings mean absent (spec §3.2)', () => {
  it('an empty bytes field is not written and reads back as absent', () => {
    const wire = encodeRemoteMessage({
      messageId: 1n,
      response: { controlResponse: { connectorInfos: new Uint8Array(0) } },
    });
    expect(hex(wire)).toBe('0801' + '1a02' + '1200');
    const decoded = decodeRemoteMessage(wire);
    expect(optionalBlob(decoded.response?.controlResponse?.connectorInfos)).toBeUndefined();
  });

  it('an empty bytes field sent explicitly by a peer (tag + length 0) also reads as absent', () => {
    // GetOpResponse{connectorObject = <0 bytes>} written by a lenient encoder.
    const decoded = decodeRemoteMessage(Uint8Array.of(0x1a, 0x06, 0x1a, 0x04, 0x2a, 0x02, 0x0a, 0x00));
    const get = decoded.response?.operationResponse?.GetOpResponse;
    expect(get).toBeDefined();
    expect(optionalBlob(get?.connectorObject)).toBeUndefined();
  });

  it('optionalBlob keeps non-empty bytes', () => {
    const b = Uint8Array.of(0);
    expect(optionalBlob(b)).toBe(b);
    expect(optionalBlob(undefined)).toBeUndefined();
  });

  it('optionalString applies the Java "not blank" rule', () => {
    expect(optionalString(undefined)).toBeUndefined();
    expect(optionalString('')).toBeUndefined();
    expect(optionalString(' \t\r\n\u001f\u2003')).toBeUndefined();
    expect(optionalString(' r1 ')).toBe(' r1 ');
    // Java's Character.isWhitespace does not count no-break spaces.
    expect(optionalString('\u00a0')).toBe('\u00a0');
  });
});

describe('malformed frames', () => {
  const cases: [string, number[]][] = [
    ['truncated length-delimited field', [0x12, 0x05, 0x0a]],
    ['truncated nested message', [0x12, 0x02, 0x0a, 0x05]],
    ['over-long varint', [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ['field number 0', [0x00]],
    ['invalid wire type 7', [0x0f]],
    ['tag without value', [0x08]],
  ];
  it.each(cases)('%s -> MalformedFrameError', (_name, frame) => {
    const data = Uint8Array.from(frame);
    let caught: unknown;
    try {
      decodeRemoteMessage(data);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MalformedFrameError);
    expect(caught).toBeInstanceOf(Error);
    const err = caught as MalformedFrameError;
    expect(err.message).toMatch(/^malformed RemoteMessage frame \(\d+ bytes\): /);
    expect(err.name).toBe('MalformedFrameError');
    expect(err.frameLength).toBe(frame.length);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('an empty frame is a valid, empty RemoteMessage', () => {
    const decoded = decodeRemoteMessage(new Uint8Array(0));
    expect(decoded.messageId).toBe(0n);
    expect(decoded.request).toBeUndefined();
    expect(decoded.response).toBeUndefined();
  });

  it('unknown fields are kept and written back', () => {
    // messageId 1, then unknown field 15 (varint 1).
    const frame = Uint8Array.of(0x08, 0x01, 0x78, 0x01);
    expect(hex(encodeRemoteMessage(decodeRemoteMessage(frame)))).toBe(hex(frame));
  });
});
