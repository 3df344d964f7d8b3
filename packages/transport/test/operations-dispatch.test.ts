import { create } from '@bufbuild/protobuf';
import {
  ConfigurationProperty,
  ConnectorException,
  int,
  Name,
  ObjectClass,
  OperationOptionsBuilder,
  UnsupportedOperationException,
} from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import {
  type OperationRequest,
  OperationRequestSchema,
  type OperationResponse,
} from '../src/gen/OperationMessages_pb.js';
import {
  decodeConnectorInfos,
  decodeOptionalBlob,
  encodeAttributeSet,
  encodeBlob,
  encodeOptions,
  facadeKeyOf,
} from '../src/operations/blobs.js';
import { connectorKeyToProto, connectorObjectFromProto, localeToProto } from '../src/operations/codec.js';
import { OperationDispatcher } from '../src/operations/server-dispatch.js';
import type { IncomingRequest } from '../src/peer/contract.js';
import { GENERATED, MemoryProvider, memoryConnectorInfo } from './support/memory-connector.js';

type Outcome = { responses: OperationResponse[]; error?: unknown; done: boolean };

/** Runs one request through the dispatcher with a recording IncomingRequest. */
function serve(
  dispatcher: OperationDispatcher,
  request: OperationRequest,
  opts: { abortAfter?: number; failSendAfter?: number } = {},
): Promise<Outcome> & { controller: AbortController } {
  const controller = new AbortController();
  const outcome: Outcome = { responses: [], done: false };
  const promise = new Promise<Outcome>((resolve) => {
    const incoming: IncomingRequest = {
      messageId: 1n,
      request,
      signal: controller.signal,
      send: async (response) => {
        if (opts.failSendAfter !== undefined && outcome.responses.length >= opts.failSendAfter) {
          throw new Error('socket gone');
        }
        outcome.responses.push(response);
        if (opts.abortAfter !== undefined && outcome.responses.length === opts.abortAfter) controller.abort();
      },
      fail: async (error) => {
        outcome.error = error;
      },
      done: () => {
        outcome.done = true;
        resolve(outcome);
      },
    };
    dispatcher.handleOperation(incoming);
  });
  return Object.assign(promise, { controller });
}

const info = memoryConnectorInfo();
const facadeKey = facadeKeyOf(info.createDefaultAPIConfiguration());

function request(init: Parameters<typeof create<typeof OperationRequestSchema>>[1]): OperationRequest {
  return create(OperationRequestSchema, {
    connectorKey: connectorKeyToProto(info.connectorKey),
    connectorFacadeKey: new TextEncoder().encode(facadeKey),
    locale: localeToProto('de_CH'),
    ...init,
  });
}

describe('OperationDispatcher', () => {
  it('answers the connector list', async () => {
    const dispatcher = new OperationDispatcher(new MemoryProvider(['1.0.0.0', '1.1.0.0']));
    const infos = decodeConnectorInfos(await dispatcher.connectorInfosBlob());
    expect(infos.map((i) => i.connectorKey.bundleVersion)).toEqual(['1.0.0.0', '1.1.0.0']);
  });

  it('looks connectors up by exact key and fails with the Java text otherwise', async () => {
    const dispatcher = new OperationDispatcher(new MemoryProvider());
    const out = await serve(
      dispatcher,
      request({
        connectorKey: { ...connectorKeyToProto(info.connectorKey), bundleVersion: '1.0' },
        testOpRequest: {},
      }),
    );
    expect(out.done).toBe(true);
    expect(out.error).toBeInstanceOf(ConnectorException);
    expect((out.error as Error).message).toBe(
      'Connector not found: ConnectorKey(bundleName=org.rcskit.test.memory-connector bundleVersion=1.0 ' +
        'connectorName=org.rcskit.test.MemoryConnector) ',
    );
    const missing = await serve(dispatcher, create(OperationRequestSchema, { testOpRequest: {} }));
    expect((missing.error as Error).message).toBe('Connector not found: null ');
  });

  it('passes the facade key text and the locale to the provider, caching nothing itself', async () => {
    const provider = new MemoryProvider();
    const dispatcher = new OperationDispatcher(provider);
    const out = await serve(dispatcher, request({ testOpRequest: {} }));
    expect(out.error).toBeUndefined();
    expect(out.responses[0]?.testOpResponse).toBeDefined();
    expect(provider.stats.lastLocale).toBe('de_CH');
    expect(provider.stats.lastConfiguration?.equals(info.defaultApiConfiguration)).toBe(true);
  });

  it('picks the operation in the Java precedence order', async () => {
    const dispatcher = new OperationDispatcher(new MemoryProvider());
    // create (5) wins over test (16) and validate (18)…
    const out = await serve(
      dispatcher,
      request({
        testOpRequest: {},
        ValidateOpRequest: {},
        createOpRequest: {
          objectClass: '__ACCOUNT__',
          createAttributes: encodeAttributeSet([new Name('x')]),
        },
      }),
    );
    expect(out.responses).toHaveLength(1);
    expect(out.responses[0]?.createOpResponse?.uid?.value).toBe('1');
    // …and batch wins over everything but configuration changes.
    const batch = await serve(dispatcher, request({ batchOpRequest: {}, testOpRequest: {} }));
    expect(batch.error).toBeInstanceOf(UnsupportedOperationException);
  });

  it('fails an empty request with "Unknown OperationRequest"', async () => {
    const out = await serve(new OperationDispatcher(new MemoryProvider()), request({}));
    expect(out.error).toBeInstanceOf(ConnectorException);
    expect((out.error as Error).message).toBe('Unknown OperationRequest');
  });

  it('routes configuration-change events without answering', async () => {
    const seen: [string, readonly ConfigurationProperty[]][] = [];
    const provider = Object.assign(new MemoryProvider(), {
      onConfigurationChange: (key: string, changes: readonly ConfigurationProperty[]) =>
        seen.push([key, changes]),
    });
    const change = new ConfigurationProperty({ name: 'host', type: 'String', value: 'new-host' });
    const out = await serve(
      new OperationDispatcher(provider),
      create(OperationRequestSchema, {
        connectorFacadeKey: new TextEncoder().encode('the-key'),
        configurationChangeEvent: { configurationPropertyChange: encodeBlob([change]) },
        testOpRequest: {},
      }),
    );
    expect(out.responses).toHaveLength(0);
    expect(out.error).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0]).toBe('the-key');
    expect(seen[0]?.[1][0]?.value).toBe('new-host');
  });

  it('streams search results with sequence 1..n and a final message holding n and the result', async () => {
    const dispatcher = new OperationDispatcher(new MemoryProvider());
    const options = new OperationOptionsBuilder().setOption('count', int(5)).build();
    const out = await serve(
      dispatcher,
      request({ searchOpRequest: { objectClass: GENERATED.type, options: encodeOptions(options) } }),
    );
    expect(out.error).toBeUndefined();
    expect(out.responses).toHaveLength(6);
    const parts = out.responses.map((r) => r.searchOpResponse!);
    expect(parts.map((p) => p.sequence)).toEqual([1n, 2n, 3n, 4n, 5n, 5n]);
    expect(connectorObjectFromProto(parts[2]!.connectorObject!).name.nameValue).toBe('generated-3');
    expect(parts[5]?.connectorObject).toBeUndefined();
    expect(parts[5]?.result?.pagedResultsCookie).toBe('cookie-end');
    expect(parts[5]?.result?.totalPagedResults).toBe(5);
  });

  it('sends a final message with sequence 0 and no result for an empty search', async () => {
    const out = await serve(
      new OperationDispatcher(new MemoryProvider()),
      request({ searchOpRequest: { objectClass: 'nothing' } }),
    );
    expect(out.responses).toHaveLength(1);
    expect(out.responses[0]?.searchOpResponse?.sequence).toBe(0n);
    expect(out.responses[0]?.searchOpResponse?.result).toBeUndefined();
  });

  it('stops the producer when the peer cancels, without a final message or error', async () => {
    const provider = new MemoryProvider();
    const options = new OperationOptionsBuilder().setOption('count', int(1000)).build();
    const out = await serve(
      new OperationDispatcher(provider),
      request({ searchOpRequest: { objectClass: GENERATED.type, options: encodeOptions(options) } }),
      { abortAfter: 10 },
    );
    expect(out.responses).toHaveLength(10);
    expect(out.error).toBeUndefined();
    expect(provider.stats.produced).toBe(10);
    expect(provider.stats.stoppedByHandler).toBe(1);
  });

  it('stops the producer when a send fails', async () => {
    const provider = new MemoryProvider();
    const options = new OperationOptionsBuilder().setOption('count', int(1000)).build();
    const out = await serve(
      new OperationDispatcher(provider),
      request({ searchOpRequest: { objectClass: GENERATED.type, options: encodeOptions(options) } }),
      { failSendAfter: 3 },
    );
    expect(provider.stats.produced).toBe(4);
    expect(out.done).toBe(true);
  });

  it('answers getLatestSyncToken with a LatestSyncToken message and reports failures through fail()', async () => {
    const dispatcher = new OperationDispatcher(new MemoryProvider());
    const latest = await serve(
      dispatcher,
      request({ syncOpRequest: { latestSyncToken: { objectClass: ObjectClass.ACCOUNT_NAME } } }),
    );
    const token = latest.responses[0]?.syncOpResponse?.latestSyncToken?.syncToken;
    expect(decodeOptionalBlob(token?.value)).toEqual(int(0));
    const bad = await serve(dispatcher, request({ syncOpRequest: {} }));
    expect((bad.error as Error).message).toBe('Unknown SyncOpRequest');
    const noToken = await serve(
      dispatcher,
      request({ syncOpRequest: { sync: { objectClass: '__ACCOUNT__' } } }),
    );
    expect((noToken.error as Error).message).toBe("Parameter 'token' must not be null.");
  });
});
