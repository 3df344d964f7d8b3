import { ConnectorException } from '@rcskit/core';
import { describe, expect, it } from 'vitest';
import type { RemoteMessage } from '../src/messages.js';
import type { ConnectionGroup } from '../src/peer/index.js';
import { collect, connectTestClient, opRequest, RawPeer, startTestServer, waitFor } from './peer-helpers.js';

describe('consistency clean-up (spec §5.3)', () => {
  it('lists in-flight ids in ControlRequests and cleans up after three unlisted rounds', async () => {
    const { server, endpoint, channels } = await startTestServer({ housekeepingIntervalMs: 0 });
    try {
      const raw = await RawPeer.open(server.url);
      const peerId = 'H1'.padEnd(40, '0');
      await raw.handshake(peerId);
      await waitFor(() => channels.length === 1, 2000, 'channel');
      const group = channels[0] as ConnectionGroup;

      // The raw peer asks the server for work (id 77) and the server asks the raw peer (its next id).
      raw.send({ messageId: 77n, request: { operationRequest: { getOpRequest: {} } } });
      await waitFor(() => endpoint.received.some((r) => r.messageId === 77n), 2000, 'request 77');
      const out = group.sendRequest(opRequest({ testOpRequest: {} }));
      const outcome = collect(out.responses).catch((e: unknown) => e);
      await raw.next((m) => m.request?.operationRequest !== undefined);

      // Housekeeping sends a ControlRequest listing both sides of the work.
      group.housekeeping();
      const control = await raw.next((m) => m.request?.controlRequest !== undefined && m.messageId > 1n);
      expect(control.request?.controlRequest?.localRequestId).toEqual([77n]);
      expect(control.request?.controlRequest?.remoteRequestId).toEqual([out.messageId]);

      let controlId = 1000n;
      const peerControl = async (local: bigint[], remote: bigint[]): Promise<RemoteMessage> => {
        const id = controlId++;
        raw.send({
          messageId: id,
          request: { controlRequest: { localRequestId: local, remoteRequestId: remote } },
        });
        return raw.next((m) => m.messageId === id);
      };
      // While the peer lists them, nothing is cleaned up, however many rounds pass.
      for (let i = 0; i < 5; i++) {
        const answer = await peerControl([out.messageId], [77n]);
        expect(answer.response?.controlResponse).toBeDefined();
        // CONNECTOR_INFO not asked: no blob.
        expect(answer.response?.controlResponse?.connectorInfos.byteLength).toBe(0);
        group.housekeeping();
      }
      expect(endpoint.aborted).toEqual([]);
      expect(group.outgoingRequestIds).toEqual([out.messageId]);

      // Two unlisted rounds are tolerated, the third triggers the clean-up at the next housekeeping.
      await peerControl([], []);
      await peerControl([], []);
      group.housekeeping();
      expect(endpoint.aborted).toEqual([]);
      await peerControl([], []);
      group.housekeeping();
      expect(endpoint.aborted).toEqual([77n]);
      const error = await outcome;
      expect(error).toBeInstanceOf(ConnectorException);
      expect((error as Error).message).toBe('Operation finished on remote server with unknown result');
      expect(group.incomingRequestIds).toEqual([]);
      expect(group.outgoingRequestIds).toEqual([]);
      expect(group.lastControlRequestAt).toBeGreaterThan(0);
      raw.close();
    } finally {
      await server.close();
    }
  });

  it('cleans up abandoned work between two rcskit peers with a short housekeeping interval', async () => {
    const { server, endpoint } = await startTestServer({ housekeepingIntervalMs: 20 });
    // The server forgets getOp requests right away without answering (work lost on its side).
    endpoint.onHang = (incoming) => {
      if (incoming.request.getOpRequest?.uid?.value === 'forget') incoming.done();
    };
    try {
      const { channel } = await connectTestClient(server.url, { housekeepingIntervalMs: 20 });
      // Client side abandons a request without cancelling it: the server aborts it eventually.
      const abandoned = channel.sendRequest(opRequest({ getOpRequest: {} }));
      await waitFor(
        () => endpoint.received.some((r) => r.messageId === abandoned.messageId),
        2000,
        'request',
      );
      abandoned.complete();
      await waitFor(() => endpoint.aborted.includes(abandoned.messageId), 3000, 'server-side clean-up');
      const reason = endpoint.received.find((r) => r.messageId === abandoned.messageId)!.signal
        .reason as Error;
      expect(reason.name).toBe('AbortError');

      // Server side forgot a request: the client fails it.
      const lost = channel.sendRequest(opRequest({ getOpRequest: { uid: { value: 'forget' } } }));
      const error = await collect(lost.responses).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorException);
      expect((error as Error).message).toBe('Operation finished on remote server with unknown result');
      expect(channel.isOpen).toBe(true);
      await channel.close();
    } finally {
      await server.close();
    }
  });
});
