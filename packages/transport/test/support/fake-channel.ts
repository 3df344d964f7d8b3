/**
 * An in-process {@link RemoteChannel} wired straight to a {@link LocalEndpoint}: requests and responses go
 * through a protobuf binary round trip (so every message really is encodable), errors through the
 * `ExceptionMessage` mapping, and cancels abort the incoming request's signal. Streamed responses can be
 * delivered out of order and/or twice, to exercise the client's re-ordering and de-duplication.
 *
 * Test-only (not shipped).
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  type OperationRequest,
  OperationRequestSchema,
  type OperationResponse,
  OperationResponseSchema,
} from '../../src/gen/OperationMessages_pb.js';
import { ExceptionMessageSchema } from '../../src/gen/RPCMessages_pb.js';
import type {
  IncomingRequest,
  LocalEndpoint,
  OutgoingRequest,
  RemoteChannel,
} from '../../src/peer/contract.js';
import { exceptionFromMessage, exceptionMessageFrom } from '../../src/peer/exception-message.js';
import { OutgoingRequestHandle } from '../../src/peer/outgoing-request.js';

export interface FakeChannelOptions {
  /** Deliver responses in swapped pairs (2, 1, 4, 3, …); the last response of a request is flushed as is. */
  readonly reorder?: boolean;
  /** Deliver every response twice. */
  readonly duplicate?: boolean;
  /** Connector infos blob answered to requestConnectorInfos (default: the endpoint's). */
  readonly connectorInfos?: Uint8Array;
}

/** What happened on the fake wire. */
export interface FakeWireLog {
  requests: OperationRequest[];
  cancels: bigint[];
  responses: number;
}

export class FakeChannel implements RemoteChannel {
  readonly peerSessionId = 'fake-peer';
  readonly principal = 'anonymous';
  readonly socketCount = 1;
  isOpen = true;
  readonly log: FakeWireLog = { requests: [], cancels: [], responses: 0 };
  #nextId = 0n;

  constructor(
    readonly endpoint: LocalEndpoint,
    readonly options: FakeChannelOptions = {},
  ) {}

  sendRequest(request: OperationRequest, options: { signal?: AbortSignal } = {}): OutgoingRequest {
    const messageId = ++this.#nextId;
    const wireRequest = fromBinary(OperationRequestSchema, toBinary(OperationRequestSchema, request));
    this.log.requests.push(wireRequest);
    const serverSide = new AbortController();
    const handle = new OutgoingRequestHandle(
      messageId,
      {
        forget: () => {},
        sendCancel: (id) => {
          this.log.cancels.push(id);
          queueMicrotask(() => serverSide.abort());
        },
      },
      options.signal,
    );
    if (options.signal?.aborted) {
      handle.complete();
      return handle;
    }
    let held: OperationResponse | undefined;
    const deliver = (response: OperationResponse) => {
      this.log.responses++;
      handle.deliver(response);
      if (this.options.duplicate) handle.deliver(response);
    };
    const incoming: IncomingRequest = {
      messageId,
      request: wireRequest,
      signal: serverSide.signal,
      send: async (response) => {
        const wire = fromBinary(OperationResponseSchema, toBinary(OperationResponseSchema, response));
        await Promise.resolve();
        if (!this.options.reorder) {
          deliver(wire);
          return;
        }
        if (held === undefined) {
          held = wire;
          return;
        }
        deliver(wire);
        deliver(held);
        held = undefined;
      },
      fail: async (error) => {
        const message = create(ExceptionMessageSchema, exceptionMessageFrom(error));
        const wire = fromBinary(ExceptionMessageSchema, toBinary(ExceptionMessageSchema, message));
        await Promise.resolve();
        if (held !== undefined) deliver(held);
        held = undefined;
        handle.fail(exceptionFromMessage(wire));
      },
      done: () => {
        if (held !== undefined) deliver(held);
        held = undefined;
      },
    };
    queueMicrotask(() => this.endpoint.handleOperation(incoming));
    return handle;
  }

  async requestConnectorInfos(): Promise<Uint8Array> {
    return this.options.connectorInfos ?? (await this.endpoint.connectorInfosBlob());
  }

  async close(): Promise<void> {
    this.isOpen = false;
  }
}
